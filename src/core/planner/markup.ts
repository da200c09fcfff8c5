/**
 * Slack mrkdwn → plain text, keeping what a reader of the message would see. Quoted material is
 * reported separately, because a command inside quotes or a blockquote is usually being discussed,
 * not requested.
 */
export interface StrippedText {
  /** Plain text; inline code and quotes become straight double quotes around their content. */
  text: string;
  /** Lines that were Slack blockquotes (`> …`), without the marker. */
  blockquotes: string[];
  /** Contents of ``` fenced blocks. */
  codeBlocks: string[];
  /** Words struck through with ~…~: the writer took them back. */
  struck: string[];
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'" };

/** `<@U123>`, `<#C1|name>`, `<!here>`, `<url|label>`, `<url>` → readable text. */
function replaceAngle(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? inner.slice(bar + 1) : '';
  if (target.startsWith('@')) return label ? `@${label.replace(/^@/, '')}` : '';
  if (target.startsWith('#')) return label ? `#${label}` : '';
  if (target.startsWith('!')) {
    // <!subteam^S123|@sre> names a user group; <!here>/<!channel> are noise.
    if (target.startsWith('!subteam') && label) return label.startsWith('@') ? label : `@${label}`;
    return '';
  }
  if (label) return label;
  return target.replace(/^mailto:/, '');
}

const EMOJI = /:(?:(?=[a-z0-9_+'-]*[a-z])[a-z0-9_+'-]{1,40}|[+-]1):(?::skin-tone-\d:)?/gi;

export function stripMarkup(raw: string): StrippedText {
  const codeBlocks: string[] = [];
  const blockquotes: string[] = [];
  const struck: string[] = [];
  let s = raw.replace(/\r\n?/g, '\n');
  s = s.replace(/<([^<>\s][^<>]*)>/g, (_m, inner: string) => replaceAngle(inner));
  s = s.replace(/&(lt|gt|amp|quot|#39);/g, (m) => ENTITIES[m] ?? m);
  s = s.replace(/```([\s\S]*?)```/g, (_m, body: string) => {
    codeBlocks.push(body.trim());
    return '\n';
  });
  s = s.replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"').replace(/[\u2018\u2019\u201a\u2032]/g, "'");
  s = s.replace(/`([^`\n]+)`/g, (_m, body: string) => `"${body.trim()}"`).replace(/`/g, '');
  const lines = s.split('\n').filter((line) => {
    const q = /^\s*>+\s?(.*)$/.exec(line);
    if (!q) return true;
    if (q[1]!.trim()) blockquotes.push(q[1]!.trim());
    return false;
  });
  s = lines.join('\n');
  s = s.replace(EMOJI, ' ');
  s = s.replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s.,!?;:)])/g, (_m, pre: string, body: string) => {
    struck.push(body.trim());
    return pre;
  });
  // *bold* and _italic_ only at word edges, so snake_case and a*b survive.
  s = s.replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s.,!?;:)])/g, '$1$2');
  s = s.replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s.,!?;:)])/g, '$1$2');
  s = s.replace(/[ \t]+/g, ' ').replace(/ *\n */g, '\n').replace(/\n{2,}/g, '\n').trim();
  return { text: s, blockquotes, codeBlocks, struck };
}

export interface QuotedSpan {
  start: number;
  end: number;
  /** Content without the quote marks. */
  body: string;
}

/** Double-quoted spans, and single-quoted ones that are not apostrophes ("don't", "checkout's"). */
export function quotedSpans(text: string): QuotedSpan[] {
  const out: QuotedSpan[] = [];
  const re = /"([^"\n]+)"|(?<![A-Za-z0-9])'([^'\n]+)'(?![A-Za-z0-9])/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = (m[1] ?? m[2] ?? '').trim();
    if (body) out.push({ start: m.index, end: m.index + m[0].length, body });
  }
  return out;
}
