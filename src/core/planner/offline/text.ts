import { PHRASES } from './lexicon.js';

/** One word of the request, after markup removal and phrase folding. */
export interface Token {
  /** Lowercase form as written (apostrophes straightened). */
  w: string;
  /** Light stem, shared by the catalog side and the request side. */
  s: string;
  /** Index of the clause the word belongs to. */
  clause: number;
  /** Position in the token list. */
  i: number;
  /** Character offset in the folded text. */
  at: number;
}

/** Lowercases, straightens quotes and folds multi-word expressions ("roll back" → "rollback"). */
export function fold(text: string): string {
  let t = text.toLowerCase().replace(/[\u2018\u2019`]/g, "'").replace(/[\u201c\u201d]/g, '"');
  for (const [re, rep] of PHRASES) {
    t = t.replace(re, (...args: unknown[]) => {
      const groups = args[args.length - 1] as { sfx?: string; mid?: string } | undefined;
      const sfx = groups?.sfx ? (groups.sfx.startsWith('p') ? groups.sfx.slice(1) : groups.sfx) : '';
      const mid = groups?.mid ? groups.mid.trim() : '';
      return `${rep}${sfx === 'es' ? 's' : sfx}${mid ? ` ${mid}` : ''}`;
    });
  }
  return t;
}

const TOKEN = /[a-z0-9][a-z0-9._'+-]*[a-z0-9]|[a-z0-9]/g;

/** Clause boundaries: sentence punctuation, commas, dashes and a few conjunctions. */
const CLAUSE_BREAK = /[.;!?\n]+(?=\s|$)|,|\s[-–—]+\s|\s(?:but|then|and\s+then|so|also|though|however|otherwise|instead|because|cuz|since|while|after|before|until|till|unless)\s/g;

export function tokenize(folded: string): Token[] {
  const out: Token[] = [];
  const breaks: number[] = [];
  for (let m = CLAUSE_BREAK.exec(folded); m; m = CLAUSE_BREAK.exec(folded)) breaks.push(m.index);
  CLAUSE_BREAK.lastIndex = 0;
  let clause = 0;
  let b = 0;
  for (let m = TOKEN.exec(folded); m; m = TOKEN.exec(folded)) {
    while (b < breaks.length && breaks[b]! < m.index) {
      clause++;
      b++;
    }
    let w = m[0];
    if (w.endsWith("'s") && w.length > 3) w = w.slice(0, -2);
    out.push({ w, s: stem(w), clause, i: out.length, at: m.index });
  }
  TOKEN.lastIndex = 0;
  return out;
}

const KEEP = new Set(['status', 'alias', 'redis', 'this', 'was', 'has', 'is', 'us', 'yes', 'always', 'its', 'ops', 'sms', 'dns', 'aws', 'gcs', 'os', 'ios']);

/** A deliberately small stemmer: consistent on both sides matters more than being right. */
export function stem(word: string): string {
  let w = word.replace(/'/g, '');
  if (w.length <= 3 || KEEP.has(w) || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(?:ss|sh|ch|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ment') && w.length > 7) w = w.slice(0, -4);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  if (/([bdfgklmnprt])\1$/.test(w) && w.length > 4) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}

/** Optimal string alignment distance with an early exit above `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/** Typo budget by word length: short words must be exact. */
export function typoBudget(len: number): number {
  if (len < 4) return 0;
  if (len < 8) return 1;
  return 2;
}

/** Character trigrams of a word padded with spaces, for fuzzy similarity. */
export function trigrams(w: string): Set<string> {
  const p = ` ${w} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= p.length; i++) out.add(p.slice(i, i + 3));
  return out;
}

export function dice(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return (2 * n) / (a.size + b.size);
}

/** Finds `needle` in `hay` case-insensitively and returns it as written there. */
export function originalCase(hay: string, needle: string): string {
  const i = hay.toLowerCase().indexOf(needle.toLowerCase());
  return i >= 0 ? hay.slice(i, i + needle.length) : needle;
}
