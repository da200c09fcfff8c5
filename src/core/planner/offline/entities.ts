import { SOCIAL, STOPWORDS } from './lexicon.js';
import type { CatalogProfile, EntityRef } from './profile.js';
import { editDistance, type Token, typoBudget } from './text.js';

/** A place where the request names something from the inventory. */
export interface Mention {
  refs: EntityRef[];
  /** First and last token index (inclusive). */
  from: number;
  to: number;
  clause: number;
  fuzzy: boolean;
  /** The word is also ordinary catalog vocabulary ("notify", "search"), so it may not be a name. */
  weak: boolean;
  /** Preceded by "not", "except", "instead of"…: the writer excludes it. */
  excluded: boolean;
}

const EXCLUDERS = new Set(['not', 'except', 'excluding', 'exclude', 'besides', 'without']);
const EXCLUDER_PAIRS = new Set(['instead of', 'rather than', 'other than', 'apart from', 'but not', 'not the', 'except the', 'not in', 'not on']);

function isExcluded(tokens: readonly Token[], from: number): boolean {
  const c = tokens[from]!.clause;
  const prev = tokens[from - 1];
  const prev2 = tokens[from - 2];
  if (!prev || prev.clause !== c) return false;
  if (EXCLUDERS.has(prev.w)) return true;
  return !!prev2 && prev2.clause === c && EXCLUDER_PAIRS.has(`${prev2.w} ${prev.w}`);
}

/**
 * Finds inventory names and aliases: multi-word forms ("api gateway"), joined forms ("apigw"),
 * and single-word typos within a length-scaled edit budget. Ties between different entries
 * stay in one mention with several refs, so the caller can ask rather than guess.
 */
export function findMentions(tokens: readonly Token[], profile: CatalogProfile, skip?: ReadonlySet<number>): Mention[] {
  const out: Mention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (skip?.has(i)) continue;
    let hit: { refs: EntityRef[]; n: number } | null = null;
    for (let n = 3; n >= 1 && !hit; n--) {
      const span = tokens.slice(i, i + n);
      if (span.length < n || span.some((t) => t.clause !== tokens[i]!.clause || skip?.has(t.i))) continue;
      const words = span.map((t) => t.w);
      for (const form of [words.join('-'), words.join(' '), words.join('')]) {
        const refs = profile.entities.get(form);
        if (refs && !(n === 1 && STOPWORDS.has(form))) {
          hit = { refs, n };
          break;
        }
      }
    }
    if (hit) {
      const t = tokens[i]!;
      const weak = hit.n === 1 && !hit.refs.some((r) => r.primary && r.id === t.w) && isVocabulary(t, profile);
      out.push({ refs: hit.refs, from: i, to: i + hit.n - 1, clause: t.clause, fuzzy: false, weak, excluded: isExcluded(tokens, i) });
      i += hit.n - 1;
      continue;
    }
    const t = tokens[i]!;
    const budget = typoBudget(t.w.length);
    if (!budget || /^\d/.test(t.w) || STOPWORDS.has(t.w) || SOCIAL.has(t.w) || profile.vocabulary.has(t.s)) continue;
    let best = budget + 1;
    let refs: EntityRef[] = [];
    for (const { form } of profile.entityForms) {
      if (form.length < 4 || form.includes(' ') || form[0] !== t.w[0]) continue;
      const d = editDistance(t.w, form, Math.min(budget, typoBudget(form.length)));
      if (d > Math.min(budget, typoBudget(form.length))) continue;
      const list = profile.entities.get(form)!;
      if (d < best) {
        best = d;
        refs = [...list];
      } else if (d === best) {
        for (const r of list) if (!refs.some((x) => x.kind === r.kind && x.id === r.id)) refs.push(r);
      }
    }
    if (refs.length) out.push({ refs, from: i, to: i, clause: t.clause, fuzzy: true, weak: false, excluded: isExcluded(tokens, i) });
  }
  return out;
}

function isVocabulary(t: Token, profile: CatalogProfile): boolean {
  for (const p of profile.playbooks) if (p.stems.has(t.s)) return true;
  return false;
}
