import { quotedSpans, stripMarkup } from '../markup.js';
import { findMentions, type Mention } from './entities.js';
import {
  CORRECTION,
  HYPOTHETICAL,
  IRREGULAR_PAST,
  PASTED_LINE,
  PAST_MARKER,
  REQUEST_CUE,
  SOCIAL,
  STOPWORDS,
} from './lexicon.js';
import type { CatalogProfile } from './profile.js';
import { fold, type Token, tokenize } from './text.js';

export interface ClauseInfo {
  index: number;
  text: string;
  negated: boolean;
  past: boolean;
  hypothetical: boolean;
  /** "checkout is restarting": describes, does not ask. */
  descriptive: boolean;
}

/** Everything the planner reads from one request, computed once. */
export interface Analysis {
  /** The writer's own words: markup removed, pasted lines and blockquotes taken out; original case. */
  own: string;
  /** Pasted material: blockquotes, code blocks, alert or bot lines. */
  pasted: string[];
  /** Quoted passages of three words or more, kept out of intent reading. */
  material: string[];
  /** Own text lowercased and folded, long quotes blanked. */
  folded: string;
  tokens: Token[];
  clauses: ClauseInfo[];
  mentions: Mention[];
  /** Token indexes where a self-correction cue ("sorry", "I mean") begins. */
  corrections: number[];
  /** Clause indexes that follow "then"/"and then"/"also": a second request in one message. */
  sequenced: Set<number>;
}

const NEG_WORDS = new Set(["don't", 'dont', 'not', 'nobody', 'noone', 'never', 'no', 'without', 'avoid', "shouldn't", 'shouldnt', "mustn't", "can't", 'cant', 'cannot', "won't", 'wont', "doesn't", "isn't", "didn't", 'didnt', 'nor']);
const REQUEST_BEFORE = new Set(['please', 'pls', 'plz', 'pleas', 'kindly', 'can', 'could', 'would', 'will', 'you', 'u', 'ya', 'to', 'just', 'lets', "let's", 'wanna', 'gotta', 'and', 'ahead', 'go', 'quickly', 'now', 'then', 'also', 'asap', 'we', 'i', 'need', 'want', 'must', 'should']);
const NEG_FOLLOW = new Set(['need', 'needs', 'way', 'one', 'more', 'longer', 'restart', 'rollback', 'action', 'change', 'changes']);
const PROGRESSIVE_BEFORE = new Set(['is', 'are', 'was', 'were', "it's", "'s", 'keeps', 'keep', 'been', 'currently', 'still', 'being', 'am', "i'm", "we're", "they're", 'already']);

function isPastForm(t: Token): boolean {
  return IRREGULAR_PAST.has(t.w) || (/ed$/.test(t.w) && t.w.length > 4 && t.s !== t.w);
}

/** Whether a token is one of the catalog's action words (any sense). */
export function isAction(t: Token, profile: CatalogProfile): boolean {
  return profile.conceptsOf(t.s).some((c) => profile.actionConcepts.has(c));
}

export function analyze(text: string, profile: CatalogProfile): Analysis {
  const st = stripMarkup(text);
  const pasted = [...st.blockquotes, ...st.codeBlocks];
  const ownLines: string[] = [];
  for (const line of st.text.split('\n')) {
    if (PASTED_LINE.some((re) => re.test(line))) pasted.push(line);
    else ownLines.push(line);
  }
  const own = ownLines.join('\n').trim();
  const material: string[] = [];
  let blanked = own;
  for (const q of quotedSpans(own).reverse()) {
    const words = q.body.split(/\s+/).filter(Boolean);
    if (words.length >= 3) {
      material.unshift(q.body);
      blanked = `${blanked.slice(0, q.start)} , ${blanked.slice(q.end)}`;
    } else {
      blanked = `${blanked.slice(0, q.start)} ${q.body} ${blanked.slice(q.end)}`;
    }
  }
  const folded = fold(blanked).replace(/\bin\s+order\s+to\b/g, 'to');
  const tokens = tokenize(folded);
  const clauseCount = tokens.length ? tokens[tokens.length - 1]!.clause + 1 : 0;
  const clauses: ClauseInfo[] = [];
  for (let c = 0; c < clauseCount; c++) {
    const ct = tokens.filter((t) => t.clause === c);
    const ctext = ct.map((t) => t.w).join(' ');
    const actions = ct.filter((t) => isAction(t, profile));
    const firstContent = ct.find((t) => !STOPWORDS.has(t.w) && !SOCIAL.has(t.w));
    // "did you restart…?", "has anyone rolled back…": a question about the past, not an order.
    const auxQuestion = /^(?:did|have|has|had|was|were)\s/.test(ct.map((t) => t.w).join(' '));
    const imperative = !auxQuestion && actions.some((a) => {
      if (isPastForm(a) || /ing$/.test(a.w)) return false;
      if (a === firstContent) return true;
      const before = tokens.slice(Math.max(ct[0]!.i, a.i - 3), a.i).map((t) => t.w);
      const prev = before[before.length - 1];
      if (prev === 'to' && ['had', 'used', 'tried'].includes(before[before.length - 2] ?? '')) return false;
      return before.some((w) => REQUEST_BEFORE.has(w));
    });
    let negated = false;
    for (const a of actions) {
      for (let j = a.i - 1; j >= Math.max(ct[0]!.i, a.i - 6); j--) {
        const w = tokens[j]!.w;
        if (NEG_WORDS.has(w) && !(w === 'no' && ['wait', 'sorry'].includes(tokens[j + 1]?.w ?? ''))) negated = true;
      }
    }
    if (/\b(?:hold\s+off|leave\s+\S+(?:\s+\S+)?\s+alone|stop\s+(?:trying|asking))\b/.test(ctext)) negated = true;
    // "needs to be restarted", "can X be rolled back", "I'd like it restarted": passive requests.
    const passiveRequest = /\b(?:to|can|could|should|must|will|would|needs?|gotta)\s+(?:\S+\s+){0,2}?(?:be|get|gets|have)\s+\S+ed\b|\b(?:want|need|like|get)\s+(?:\S+\s+){0,2}?\S+ed\b/.test(ctext) && !PAST_MARKER.test(ctext);
    const pastForms = actions.length > 0 && actions.every((a) => isPastForm(a)) && !passiveRequest;
    const past = (PAST_MARKER.test(ctext) || /\b(?:did|have|has)\s+(?:you|u|we|they|someone|anyone|somebody|anybody)\b/.test(ctext) || pastForms) && !imperative && !(passiveRequest && !PAST_MARKER.test(ctext));
    // "checkout is restarting", "the fix is deploying": describes, does not ask.
    const progressive = ct.some((t) => /ing$/.test(t.w) && t.w.length > 5 && PROGRESSIVE_BEFORE.has(tokens[t.i - 1]?.w ?? ''));
    const descriptive = progressive && actions.every((a) => /ing$/.test(a.w)) && !imperative && !REQUEST_CUE.test(ctext);
    clauses.push({ index: c, text: ctext, negated, past, hypothetical: HYPOTHETICAL.test(ctext), descriptive });
  }
  // A hypothetical opened by "if we…"/"should we…" covers the clause that completes it.
  for (let c = 1; c < clauses.length; c++) {
    if (clauses[c - 1]!.hypothetical && /\b(?:would|will|could|help|fix|work|better|worth)\b/.test(clauses[c]!.text)) clauses[c]!.hypothetical = true;
  }
  const corrections: number[] = [];
  for (const t of tokens) {
    // "restart payments in staging -- no, prod": a bare "no" opening a clause takes back what came before.
    if (t.w === 'no' && t.clause > 0 && tokens[t.i - 1]?.clause !== t.clause && !NEG_FOLLOW.has(tokens[t.i + 1]?.w ?? '')) corrections.push(t.i);
    const rest = tokens.slice(t.i, t.i + 3).map((x) => x.w).join(' ');
    if (/^(?:sorry|i mean|i meant|no wait|wait no|wait|actually|make it|make that|correction|scratch that|rather|oops|typo|err|erm|um)\b/.test(rest)) corrections.push(t.i);
  }
  if (CORRECTION.test(folded) && !corrections.length) {
    const star = tokens.findIndex((t, i) => i > 0 && folded.includes(`${t.w}*`));
    if (star > 0) corrections.push(star);
  }
  const sequenced = new Set<number>();
  const seqRe = /(?:\s(?:and\s+)?then\s|\s(?:and\s+)?also\s|\safter\s+that\s|;\s)/g;
  for (let m = seqRe.exec(folded); m; m = seqRe.exec(folded)) {
    const end = m.index + m[0].length - 1;
    const after = tokens.find((t) => t.at >= end);
    if (after) sequenced.add(after.clause);
  }
  // "order a pizza": a name at the start followed by an article is a verb, not the service.
  const mentions = findMentions(tokens, profile).filter((m) => !(m.from === 0 && m.to === 0 && ['a', 'an', 'me', 'us', 'some'].includes(tokens[1]?.w ?? '')));
  for (const m of mentions) {
    if (clauses[m.clause]?.negated) m.excluded = true;
    for (let j = m.from - 1; j >= 0; j--) {
      const t = tokens[j]!;
      if (t.clause !== m.clause) break;
      if (NEG_WORDS.has(t.w) && t.w !== 'no') m.excluded = true;
    }
  }
  return { own, pasted, material, folded, tokens, clauses, mentions, corrections, sequenced };
}
