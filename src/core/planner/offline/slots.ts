import { parseDurationText, secondsToIso } from '../../catalog/params.js';
import type { ParamSpec } from '../../catalog/schema.js';
import type { RawParams } from '../types.js';
import type { Analysis } from './analyze.js';
import type { Mention } from './entities.js';
import { LAST_GOOD_WORDS, NEGATIVE, NUMBER_WORDS, POSITIVE, PREVIOUS_WORDS, SOCIAL, STOPWORDS } from './lexicon.js';
import type { CatalogProfile, PlaybookProfile } from './profile.js';
import { editDistance, fold, originalCase, stem, type Token, tokenize, typoBudget } from './text.js';

export interface SlotResult {
  params: RawParams;
  /** Params the request names more than one way; ask instead of guessing. */
  ambiguous: Array<{ param: string; options: string[] }>;
  /** A time the planner cannot turn into a duration without a clock ("till 3pm"). */
  unresolved: string[];
  /** Token indexes consumed by a value, so later params do not reuse them. */
  used: Set<number>;
}

export interface SlotContext {
  a: Analysis;
  profile: CatalogProfile;
  pp: PlaybookProfile;
  /** Clause of the main action word, if any: mentions there win. */
  actionClause: number | null;
  actionIndex: number | null;
  now?: Date;
}

const UNIT = '(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)';
const DURATION_RE = new RegExp(
  String.raw`\b(?:pt\d+[hms](?:\d+[ms])?|(?:\d+(?:\.\d+)?\s*${UNIT}\b\s*(?:and\s+)?){1,3}|(?:an?|one)\s+(?:hour|minute|day|week)(?:\s+and\s+a\s+half)?|half\s+an?\s+hour|(?:a\s+)?quarter\s+(?:of\s+)?an?\s+hour|(?:a\s+)?couple(?:\s+of)?\s+(?:hours|minutes|days)|(?:${Object.keys(NUMBER_WORDS).join('|')})(?:[\s-](?:${Object.keys(NUMBER_WORDS).join('|')}))?\s+${UNIT}\b|(?:last|past|next)\s+(?:hour|day|week|minute)|(?:last|past|next)\s+\d+\s*${UNIT}\b)`,
  'gi',
);
const CLOCK_RE = /\b(?:until|till|til|'til|to|through)\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b(?:\s*(utc|gmt|z))?/i;

/** Duration phrases → seconds: parseDurationText plus "last hour", "next 30 minutes". */
export function durationSeconds(phrase: string): number | null {
  let t = phrase.toLowerCase().trim().replace(/^(?:last|past|next)\s+/, '');
  if (/^(?:hour|day|week|minute)$/.test(t)) t = `1 ${t}`;
  return parseDurationText(t.replace(/\s+/g, ' '));
}

function mentionOptions(ms: readonly Mention[], kind: 'service' | 'environment'): string[] {
  const ids: string[] = [];
  for (const m of ms) for (const r of m.refs) if (r.kind === kind && !ids.includes(r.id)) ids.push(r.id);
  return ids;
}

/** Picks one inventory entry for a service/environment param, or reports the ambiguity. */
function pickEntity(ctx: SlotContext, kind: 'service' | 'environment'): { id?: string; options?: string[]; raw?: string } {
  const { a } = ctx;
  let ms = a.mentions.filter((m) => !m.excluded && m.refs.some((r) => r.kind === kind));
  if (!ms.length) return {};
  if (ms.some((m) => !m.weak)) ms = ms.filter((m) => !m.weak);
  const ids = mentionOptions(ms, kind);
  if (ids.length === 1) return { id: ids[0]! };
  // A self-correction: the value named after the last cue replaces the earlier ones.
  const lastCue = a.corrections.length ? a.corrections[a.corrections.length - 1]! : -1;
  if (lastCue >= 0) {
    const after = ms.filter((m) => m.from > lastCue);
    const afterIds = mentionOptions(after, kind);
    if (afterIds.length === 1) return { id: afterIds[0]! };
  }
  // Several names: the one in the clause that holds the action wins, if it is alone there.
  if (ctx.actionClause !== null) {
    const here = ms.filter((m) => m.clause === ctx.actionClause);
    const hereIds = mentionOptions(here, kind);
    if (hereIds.length === 1) return { id: hereIds[0]! };
  }
  return { options: ids };
}

const TARGET_NOUNS = new Set(['service', 'app', 'cluster', 'server', 'pod', 'deployment', 'instance', 'box', 'database', 'db', 'broker', 'worker', 'job', 'queue', 'node', 'stack'].map(stem));

/** A word in target position that names nothing known ("restart kafka"), passed on for validation to reject. */
function unknownTarget(ctx: SlotContext, used: ReadonlySet<number>): string | undefined {
  const { a, profile } = ctx;
  if (ctx.actionIndex === null) return undefined;
  const t = a.tokens[ctx.actionIndex + 1];
  const t2 = a.tokens[ctx.actionIndex + 2];
  const cand = t && (t.w === 'the' ? t2 : t);
  if (!cand || cand.clause !== a.tokens[ctx.actionIndex]!.clause || used.has(cand.i)) return undefined;
  if (/[-_:.\d]/.test(cand.w)) return undefined;
  if (STOPWORDS.has(cand.w) || SOCIAL.has(cand.w) || /^\d/.test(cand.w) || profile.vocabulary.has(cand.s)) return undefined;
  if (a.mentions.some((m) => m.from <= cand.i && m.to >= cand.i)) return undefined;
  const next = a.tokens[cand.i + 1];
  // "restart kafka in prod", "restart kafka", "restart the kafka service", "the elasticsearch cluster".
  if (!next || next.clause !== cand.clause || STOPWORDS.has(next.w) || TARGET_NOUNS.has(next.s)) return cand.w;
  return undefined;
}

function numberTokens(a: Analysis, skip: ReadonlySet<number>): Array<{ t: Token; n: number }> {
  const out: Array<{ t: Token; n: number }> = [];
  for (const t of a.tokens) {
    if (skip.has(t.i)) continue;
    const prev = a.tokens[t.i - 1];
    const next = a.tokens[t.i + 1];
    if (/^\d{1,9}$/.test(t.w)) {
      // HTTP status codes and clock times are not counts.
      if (/^[45]\d\d$/.test(t.w) && (!next || /^(?:s|error|errors|ing|ed|ing|response|responses|status|code|codes)$/.test(next.w) || ['throwing', 'returning', 'getting', 'seeing', 'spitting', 'serving', 'a', 'of', 'with'].includes(prev?.w ?? ''))) continue;
      if (next && /^(?:am|pm|utc|gmt)$/.test(next.w)) continue;
      if (next && /^(?:x|times|percent|%)$/.test(next.w)) continue;
      if (prev && prev.w === 'by') continue;
      out.push({ t, n: Number(t.w) });
    } else if (/^(?:[45]\d\d)s$/.test(t.w)) {
      continue;
    } else if (t.w in NUMBER_WORDS && !['couple', 'pair', 'one'].includes(t.w)) {
      if (prev && prev.w === 'by') continue;
      out.push({ t, n: NUMBER_WORDS[t.w]! });
    }
  }
  return out;
}

function unitStems(spec: ParamSpec): Set<string> {
  const words = `${spec.name.replace(/([a-z])([A-Z])/g, '$1 $2')} ${spec.type === 'integer' && spec.unit ? spec.unit : ''} ${spec.description}`;
  const out = new Set<string>();
  for (const t of tokenize(fold(words))) if (!STOPWORDS.has(t.w) && t.w.length > 2) out.add(t.s);
  return out;
}

const SEMVER_TOKEN = /^v?\d+\.\d+(?:\.\d+)?(?:-[0-9a-z.-]+)?$/;
const SHA_TOKEN = /^(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}$/;

const VERSION_LEAD = new Set(['to', 'back', 'at', '=', 'onto', 'version', 'release', 'sha', 'build', 'tag', 'commit', 'rev', 'revision']);

function pickVersion(ctx: SlotContext, spec: Extract<ParamSpec, { type: 'version' }>, used: Set<number>): string | { options: string[] } | undefined {
  const { a } = ctx;
  const text = a.folded;
  const lastCue = a.corrections.length ? a.corrections[a.corrections.length - 1]! : -1;
  const cands: Array<{ value: string; score: number; i: number }> = [];
  for (const t of a.tokens) {
    if (used.has(t.i) || !(SEMVER_TOKEN.test(t.w) || SHA_TOKEN.test(t.w))) continue;
    let score = 1;
    // "to v2.13.1", "back to sha abc1234": the target; "v2.14.0 is broken": the current one.
    const lead = [a.tokens[t.i - 1], a.tokens[t.i - 2]].filter((x): x is Token => !!x && x.clause === t.clause);
    if (lead[0] && VERSION_LEAD.has(lead[0].w) && (lead[0].w !== 'version' || lead[1]?.w === 'to')) score += 2;
    else if (lead[1] && lead[1].w === 'to' && lead[0] && VERSION_LEAD.has(lead[0].w)) score += 2;
    const next = a.tokens[t.i + 1];
    if (next && next.clause === t.clause && /^(?:is|was|broke|broken|has|looks|seems|went|causing|caused)$/.test(next.w)) score -= 1;
    if (lastCue >= 0 && t.i > lastCue) score += 2.5;
    cands.push({ value: t.w, score, i: t.i });
  }
  let kw: string | undefined;
  for (const k of spec.keywords) {
    const variants = [k, k.replace(/[-_]/g, ' '), k.replace(/[-_]/g, '')].map((v) => v.toLowerCase());
    if (variants.some((v) => new RegExp(`\\b${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(text))) {
      if (!(/prev|prior|last/.test(k) && !/good|stable|known/.test(k) && LAST_GOOD_WORDS.test(text))) kw = k;
    }
  }
  // "last good release": a last-good keyword if the playbook has one, else its previous-release keyword.
  if (!kw && LAST_GOOD_WORDS.test(text)) {
    kw = spec.keywords.find((x) => /good|stable|known|healthy|lkg|green/.test(x)) ?? spec.keywords.find((x) => /prev|prior|last|before/.test(x));
  }
  if (!kw && PREVIOUS_WORDS.test(text)) kw = spec.keywords.find((x) => /prev|prior|last|before|back/.test(x) && !/good|stable|known/.test(x));
  if (kw) cands.push({ value: kw, score: /\bto\s+(?:the\s+)?(?:\w+\s+)?(?:previous|prior|prev|last|one)/.test(text) ? 2.5 : 1.5, i: -1 });
  if (!cands.length) return undefined;
  cands.sort((x, y) => y.score - x.score || y.i - x.i);
  const pick = cands[0]!;
  // "v2.13.1 or v2.12.0", "v2.13.1 or the previous one": two choices offered, so ask.
  const alt = cands.find((c) => c !== pick && c.i >= 0 && pick.i >= 0 && Math.abs(c.i - pick.i) === 2 && a.tokens[Math.min(c.i, pick.i) + 1]?.w === 'or');
  if (alt && lastCue < 0) return { options: [alt, pick].sort((x, y) => x.i - y.i).map((c) => c.value) };
  const explicit = cands.find((c) => c.i >= 0);
  const keyword = cands.find((c) => c.i < 0);
  if (explicit && keyword && lastCue < 0 && (a.tokens[explicit.i + 1]?.w === 'or' || a.tokens[explicit.i - 1]?.w === 'or')) return { options: [explicit.value, keyword.value] };
  if (pick.i >= 0) used.add(pick.i);
  return pick.value;
}

function pickDuration(ctx: SlotContext, used: Set<number>): { iso?: string; unresolved?: string } {
  const { a } = ctx;
  const text = a.folded;
  let best: { secs: number; at: number; end: number; score: number } | null = null;
  for (let m = DURATION_RE.exec(text); m; m = DURATION_RE.exec(text)) {
    const phrase = m[0].trim();
    const secs = durationSeconds(phrase);
    if (secs === null || secs <= 0) continue;
    const before = text.slice(Math.max(0, m.index - 8), m.index);
    const score = (/\b(?:for|next|last|past|within|since)\s*$/.test(before) ? 2 : 0) + 1;
    if (!best || score > best.score || (score === best.score && m.index > best.at)) best = { secs, at: m.index, end: m.index + m[0].length, score };
  }
  DURATION_RE.lastIndex = 0;
  if (best) {
    for (const t of a.tokens) if (t.at >= best.at && t.at < best.end) used.add(t.i);
    return { iso: secondsToIso(best.secs) };
  }
  const clock = CLOCK_RE.exec(text);
  if (clock && (clock[3] || clock[2] || clock[4])) {
    if (!ctx.now) return { unresolved: clock[0] };
    let h = Number(clock[1]);
    const mi = Number(clock[2] ?? 0);
    if (clock[3] === 'pm' && h < 12) h += 12;
    if (clock[3] === 'am' && h === 12) h = 0;
    if (h > 23 || mi > 59) return { unresolved: clock[0] };
    const now = ctx.now;
    const target = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), h, mi));
    if (target.getTime() <= now.getTime()) target.setUTCDate(target.getUTCDate() + 1);
    const secs = Math.round((target.getTime() - now.getTime()) / 60_000) * 60;
    for (const t of a.tokens) if (t.at >= clock.index && t.at < clock.index + clock[0].length) used.add(t.i);
    return { iso: secondsToIso(secs) };
  }
  return {};
}

function polarity(a: Analysis): 'positive' | 'negative' | null {
  let last: 'positive' | 'negative' | null = null;
  for (const t of a.tokens) {
    const next = a.tokens[t.i + 1];
    if (t.w === 'on') {
      // "on" is mostly a preposition; it is a state only at the end of a clause or before "in/for".
      if (next && next.clause === t.clause && !['in', 'for', 'at', 'please', 'pls', 'now', 'again', 'asap', 'everywhere'].includes(next.w)) continue;
    }
    const near = (w: string) => t.w.length >= 5 && editDistance(t.w.replace(/d$/, ''), w, 1) <= 1;
    if (/^(?:enable|enabl)/.test(t.w) || POSITIVE.has(t.w) || near('enable')) last = 'positive';
    else if (/^(?:disable|disabl)/.test(t.w) || NEGATIVE.has(t.w) || near('disable')) last = 'negative';
  }
  return last;
}

function pickEnum(ctx: SlotContext, spec: Extract<ParamSpec, { type: 'enum' }>, used: Set<number>): string | undefined {
  const { a, profile } = ctx;
  const lows = spec.values.map((v) => v.toLowerCase());
  // On/off style values are read from the sentence's polarity, never from a stray "on".
  if (lows.some((v) => POSITIVE.has(v) || NEGATIVE.has(v))) {
    const pol = polarity(a);
    if (!pol) return undefined;
    const set = pol === 'positive' ? POSITIVE : NEGATIVE;
    return spec.values.find((v) => set.has(v.toLowerCase()) || (pol === 'positive' ? /^enabl/ : /^disabl/).test(v.toLowerCase()));
  }
  const lastCue = a.corrections.length ? a.corrections[a.corrections.length - 1]! : -1;
  const hits: Array<{ v: string; i: number; score: number }> = [];
  for (const t of a.tokens) {
    if (used.has(t.i) || STOPWORDS.has(t.w)) continue;
    const parts = t.w.includes('-') ? t.w.split('-') : [];
    spec.values.forEach((v, k) => {
      const low = lows[k]!;
      const b = typoBudget(low.length);
      if (low === t.w || stem(low) === t.s || low.replace(/[-_]/g, '') === t.w.replace(/[-_]/g, '')) hits.push({ v, i: t.i, score: 2 });
      else if (parts.includes(low)) hits.push({ v, i: t.i, score: 1.8 });
      else if (b > 0 && t.w.length >= 4 && editDistance(low, t.w, b) <= b) hits.push({ v, i: t.i, score: 1.5 });
    });
  }
  // Multi-part values ("orders-db") named in words ("the orders database").
  spec.values.forEach((v, k) => {
    const parts = lows[k]!.split(/[-_.\s]+/).filter(Boolean);
    if (parts.length < 2) return;
    for (const t of a.tokens) {
      if (t.w !== parts[0] && stem(parts[0]!) !== t.s) continue;
      const window = a.tokens.slice(t.i + 1, t.i + parts.length + 2);
      const rest = parts.slice(1).every((p) => window.some((x) => x.w === p || profile.conceptsOf(x.s).some((c) => profile.conceptsOf(stem(p)).includes(c))));
      hits.push({ v, i: t.i, score: rest ? 1.8 : 0.8 });
    }
  });
  // A service named where its owning team is wanted ("page the checkout on-call").
  const teams = new Set(profile.teams);
  if (lows.every((v) => teams.has(v))) {
    for (const m of a.mentions) {
      if (m.excluded) continue;
      for (const r of m.refs) {
        const team = r.kind === 'service' ? profile.teamOf.get(r.id) : undefined;
        const k = team ? lows.indexOf(team) : -1;
        const here = ctx.actionClause !== null && m.clause === ctx.actionClause ? 0.5 : 0;
        if (k >= 0 && !hits.some((h) => h.i === m.from && h.score >= 2)) hits.push({ v: spec.values[k]!, i: m.from, score: 1 + here - (m.fuzzy ? 0.2 : 0) });
      }
    }
  }
  if (!hits.length) return undefined;
  const rank = (h: { i: number; score: number }) => h.score + (lastCue >= 0 && h.i > lastCue ? 2 : 0);
  hits.sort((x, y) => rank(y) - rank(x) || y.i - x.i);
  const top = hits[0]!;
  const rivals = hits.filter((h) => h.v !== top.v && rank(h) === rank(top));
  if (rivals.length && top.score < 2) return undefined;
  used.add(top.i);
  return top.v;
}

/** Identifier-like words for a pattern param (flag names, alert names, node names). */
function pickString(ctx: SlotContext, spec: Extract<ParamSpec, { type: 'string' }>, used: Set<number>): string | undefined {
  const { a, profile, pp } = ctx;
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${spec.pattern})$`);
  } catch {
    return undefined;
  }
  const near = unitStems(spec);
  const own = a.own;
  const quotedWords = new Set<string>();
  for (const m of own.matchAll(/"([^"\n]{1,80})"/g)) quotedWords.add(m[1]!.trim().toLowerCase());
  const exampleHead = spec.example && /[-_.:\d]/.test(spec.example) ? /^[a-z]+/i.exec(spec.example)?.[0]?.toLowerCase() : undefined;
  const camel = (w: string) => /[a-z][A-Z]/.test(w);
  const exampleCamel = !!spec.example && camel(spec.example);
  const exampleShape = !spec.example ? 'word' : exampleCamel ? 'camel' : /[-_.:\d]/.test(spec.example) ? 'identifier' : 'word';
  let best: { value: string; score: number; idx: number[] } | null = null;
  const consider = (idx: number[]) => {
    const ts = idx.map((i) => a.tokens[i]!);
    if (ts.some((t) => used.has(t.i))) return;
    if (ts.length > 1 && ts.some((t) => STOPWORDS.has(t.w) || /^\d+[a-z]{0,3}$/.test(t.w) || profile.entities.has(t.w) || profile.vocabulary.has(t.s))) return;
    const lower = ts.map((t) => t.w).join('-');
    const value = ts.length === 1 ? originalCase(own, ts[0]!.w) : lower;
    const test = [value, lower, value.replace(/-/g, '_')].find((v) => re.test(v));
    if (!test) return;
    const first = ts[0]!;
    const known = ts.every((t) => STOPWORDS.has(t.w) || SOCIAL.has(t.w) || profile.coreVocabulary.has(t.s) || profile.entities.has(t.w) || /^\d+$/.test(t.w));
    let score = known ? -4 : 0.5;
    if (exampleCamel && ts.length === 1 && camel(value)) score += 1.5;
    if (quotedWords.has(lower) || quotedWords.has(ts.map((t) => t.w).join(' '))) score += 3;
    if (/[-_.]/.test(lower) || /\d/.test(lower)) score += 1;
    if (exampleHead && lower.startsWith(exampleHead)) score += 1;
    const prev = a.tokens[first.i - 1];
    const after = a.tokens[ts[ts.length - 1]!.i + 1];
    if ((prev && near.has(prev.s)) || (after && near.has(after.s))) score += 2;
    if (ts.some((t) => profile.entities.has(t.w)) && ts.length === 1) score -= 2;
    if (ts.length > 1) score -= 0.5;
    // A name shaped like the example ("prod-node-3", "CheckoutHighErrorRate") or quoted, not any word.
    const quoted = score >= 3;
    const nearWord = (prev && near.has(prev.s)) || (after && near.has(after.s));
    // Right after the action ("enable passkeys for auth") is where the object goes, unless the word
    // only qualifies the playbook's own noun ("purge the query cache").
    const isVerb = (t: Token | undefined) => !!t && profile.conceptsOf(t.s).some((c) => pp.verbs.has(c));
    const det = ['the', 'a', 'an'].includes(prev?.w ?? '');
    const verbBefore = isVerb(prev) || (det && isVerb(a.tokens[first.i - 2]));
    const qualifies = !!after && after.clause === first.clause && pp.stems.has(after.s) && !near.has(after.s);
    const objectPos = ts.length === 1 && verbBefore && !qualifies;
    if (exampleShape === 'identifier' && !/[-_.:\d]/.test(lower) && !quoted && !nearWord && !objectPos) return;
    if (exampleShape === 'camel' && !camel(value) && !quoted && !((prev && near.has(prev.s)) || (after && near.has(after.s)))) return;
    if (score <= 0) return;
    if (!best || score > best.score) best = { value: test === lower ? lower : test, score, idx };
  };
  for (let i = 0; i < a.tokens.length; i++) {
    consider([i]);
    if (i + 1 < a.tokens.length && a.tokens[i + 1]!.clause === a.tokens[i]!.clause) consider([i, i + 1]);
    if (i + 2 < a.tokens.length && a.tokens[i + 2]!.clause === a.tokens[i]!.clause) consider([i, i + 1, i + 2]);
  }
  // Values whose punctuation the word splitter drops ("price:"): read them as written.
  for (const w of own.split(/\s+/)) {
    const word = w.replace(/^[("'`]+|[)"'`,.;!?]+$/g, '');
    if (!word || !/[^a-z0-9-]/i.test(word) || !re.test(word) || /^[a-z]+:\/\//i.test(word)) continue;
    const t = a.tokens.find((x) => x.w === word.toLowerCase().replace(/[^a-z0-9._'+-]+$/g, '') && !used.has(x.i));
    if (!t) continue;
    let score = (exampleShape === 'identifier' ? 1 : 0) + 1;
    const prev = a.tokens[t.i - 1];
    const after = a.tokens[t.i + 1];
    if ((prev && near.has(prev.s)) || (after && near.has(after.s))) score += 2;
    if (!best || score > (best as { score: number }).score) best = { value: word, score, idx: [t.i] };
  }
  const chosen = best as { value: string; score: number; idx: number[] } | null;
  if (!chosen) return undefined;
  for (const i of chosen.idx) used.add(i);
  return chosen.value;
}

const DROP_MARKER = /\b(?:saying|that\s+says|which\s+says|says|with\s+(?:the\s+|a\s+)?(?:message|msg|note|text|reason|comment|summary|title|description)|(?:message|msg|note|reason|comment|summary|title|details?)\s*(?:is|=|:)|because(?:\s+of)?|cause|cuz|due\s+to|reason\s+being|about|regarding|re:|tell\s+(?:them|him|her)|let\s+(?:them|him|her)\s+know)\s*[:,-]?\s*/i;
const KEEP_MARKER = /\s(?=(?:while|since|as|after|until|till|pending|during|until)\s+\S)/i;
const SEGMENT_BREAK = /\s*(?:[,;]|:(?!\d)(?![a-z0-9:-]*\])|\s[-\u2013\u2014]+\s|[.?!]+\s)\s*/;

/**
 * Free text, verbatim: a quoted passage; or what follows "saying", "because", "about" in the
 * request's own clause; or the clauses around it ("silence X for 2h, rollback in progress").
 */
export function freeText(a: Analysis, isActionWord: (word: string) => boolean): { value: string; marker: string } | undefined {
  if (a.material.length) {
    const longest = [...a.material].sort((x, y) => y.length - x.length)[0]!;
    return { value: longest, marker: 'quote' };
  }
  const own = a.own.replace(/\s+/g, ' ').trim();
  const segments = own.split(SEGMENT_BREAK).map((x) => x.trim()).filter(Boolean);
  const words = (seg: string) => seg.toLowerCase().split(/[^a-z0-9'-]+/).filter(Boolean);
  let k = segments.findIndex((seg) => words(fold(seg)).some(isActionWord));
  if (k < 0) k = 0;
  const seg = segments[k] ?? '';
  const drop = DROP_MARKER.exec(seg);
  const tail = segments.slice(k + 1).join(', ');
  if (drop) {
    const value = [seg.slice(drop.index + drop[0].length), tail].filter(Boolean).join(', ').replace(/^["']|["']$/g, '').trim();
    if (value) return { value, marker: drop[0].trim().toLowerCase() };
  }
  const keep = KEEP_MARKER.exec(seg);
  if (keep) {
    const value = [seg.slice(keep.index).trim(), tail].filter(Boolean).join(', ');
    return { value, marker: 'while' };
  }
  if (tail) return { value: tail, marker: ',' };
  if (k > 0) return { value: segments.slice(0, k).join(', '), marker: ',' };
  const short = /"([^"\n]+)"/.exec(own);
  if (short && short[1]!.trim().split(/\s+/).length >= 2) return { value: short[1]!.trim(), marker: 'quote' };
  return undefined;
}

/** Fills every param of the chosen playbook that the request states. Nothing is guessed. */
export function fillSlots(ctx: SlotContext): SlotResult {
  const { a, pp, profile } = ctx;
  const params: RawParams = {};
  const ambiguous: SlotResult['ambiguous'] = [];
  const unresolved: string[] = [];
  const used = new Set<number>();
  const specs = pp.pb.params;
  const kinds = new Set(specs.map((x) => x.type));
  for (const m of a.mentions) if (m.refs.some((r) => kinds.has(r.kind))) for (let i = m.from; i <= m.to; i++) used.add(i);
  const textSpecs = specs.filter((s) => s.type === 'text');
  const isActionWord = (w: string) => profile.conceptsOf(stem(w)).some((c) => pp.verbs.has(c));
  const free = textSpecs.length ? freeText(a, isActionWord) : undefined;
  const ORDER: Record<string, number> = { service: 0, environment: 0, version: 1, duration: 2, enum: 3, string: 4 };
  const ordered = [...specs].sort((x, y) => (ORDER[x.type] ?? 9) - (ORDER[y.type] ?? 9));
  for (const spec of ordered) {
    switch (spec.type) {
      case 'service':
      case 'environment': {
        const r = pickEntity(ctx, spec.type);
        if (r.id) params[spec.name] = r.id;
        else if (r.options) ambiguous.push({ param: spec.name, options: r.options });
        break;
      }
      case 'version': {
        const v = pickVersion(ctx, spec, used);
        if (typeof v === 'string') params[spec.name] = v;
        else if (v) ambiguous.push({ param: spec.name, options: v.options });
        break;
      }
      case 'duration': {
        const d = pickDuration(ctx, used);
        if (d.iso) params[spec.name] = d.iso;
        else if (d.unresolved) unresolved.push(spec.name);
        break;
      }
      case 'enum': {
        const v = pickEnum(ctx, spec, used);
        if (v) params[spec.name] = v;
        break;
      }
      case 'string': {
        const v = pickString(ctx, spec, used);
        if (v) params[spec.name] = v;
        break;
      }
      default:
        break;
    }
  }
  // Integers last: durations, versions and names have taken their digits by now.
  const ints = specs.filter((s): s is Extract<ParamSpec, { type: 'integer' }> => s.type === 'integer');
  if (ints.length) {
    const nums = numberTokens(a, used);
    for (const spec of ints) {
      const units = unitStems(spec);
      let best: { t: Token; n: number; score: number } | null = null;
      for (const x of nums) {
        if (used.has(x.t.i)) continue;
        const next = a.tokens[x.t.i + 1];
        const prev = a.tokens[x.t.i - 1];
        let score = 1;
        if (next && next.clause === x.t.clause && units.has(next.s)) score += 3;
        if (prev && ['to', '=', 'at', 'of'].includes(prev.w)) score += 2;
        if (prev && units.has(prev.s)) score += 2;
        const lastCue = a.corrections.length ? a.corrections[a.corrections.length - 1]! : -1;
        if (lastCue >= 0 && x.t.i > lastCue) score += 2.5;
        if (ints.length > 1 && score < 3) continue;
        if (!best || score > best.score || (score === best.score && x.t.i > best.t.i)) best = { ...x, score };
      }
      if (best) {
        used.add(best.t.i);
        params[spec.name] = best.n;
      }
    }
  }
  // A target that names nothing known ("restart kafka") goes on as written, for validation to reject.
  for (const spec of specs) {
    if (spec.type !== 'service' || params[spec.name] !== undefined || ambiguous.some((x) => x.param === spec.name)) continue;
    const raw = unknownTarget(ctx, used);
    if (raw) params[spec.name] = raw;
  }
  for (const spec of textSpecs) {
    if (!free) break;
    const wantsReason = /reason|why|cause|justif/i.test(`${spec.name} ${spec.description}`);
    const markerIsReason = /because|cause|cuz|due|reason/.test(free.marker);
    if (textSpecs.length > 1 && wantsReason !== markerIsReason) continue;
    params[spec.name] = free.value;
    break;
  }
  return { params, ambiguous, unresolved, used };
}
