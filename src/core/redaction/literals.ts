// One pass over the text finds every occurrence of every trigger literal of every detector
// (token prefixes, key stems, `://`, `-----BEGIN `, CLI names, …). Each position costs two typed-array
// reads unless its first two characters begin some literal, so the pass is linear and cheap; detectors
// then run bounded checks at their own literals only.

/** Per-scan state shared by the handlers: where findings go, and a memo slot for the PEM detector. */
export interface ScanContext {
  out: Candidate[];
  /** Position of the next `-----END ` at or after the last PEM block (-2: not searched, -1: none). */
  pemEnd: number;
}

export interface LiteralHandler {
  literals: readonly string[];
  /** Match letters case-insensitively (the literals must then be lowercase). */
  caseInsensitive?: boolean;
  /**
   * Called for each occurrence at or after this handler's resume position. Returns where the handler
   * wants to resume; a value ≤ `at` lets other (shorter) literals of the same handler match at `at`.
   */
  onMatch(text: string, at: number, literal: string, ctx: ScanContext): number;
}
import type { Candidate } from './tokens.js';

interface Entry {
  literal: string;
  handler: number;
  ci: boolean;
}

const fold = (c: number): number => (c >= 65 && c <= 90 ? c | 0x20 : c);

function caseVariants(ch: string): string[] {
  const lo = ch.toLowerCase();
  const up = ch.toUpperCase();
  return lo === up ? [ch] : [lo, up];
}

export interface LiteralScanner {
  scan(text: string, out: Candidate[]): void;
}

export function createLiteralScanner(handlers: readonly LiteralHandler[]): LiteralScanner {
  // Exact (unfolded) first-character and first-two-character tables over ASCII; a case-insensitive
  // literal is entered under every case variant of its first two characters.
  const bucketOf = new Uint16Array(128 * 128); // 0 = none, else index + 1 into buckets
  const buckets: Entry[][] = [];
  // Per bucket, which third characters can continue one of its literals (all, when a literal has two).
  // Row `bucket` of 129 entries: ASCII third characters, then one for non-ASCII or the end of the text.
  const thirdRows: Uint8Array[] = [];
  handlers.forEach((h, handler) => {
    for (const literal of h.literals) {
      if (literal.length < 2) throw new Error(`trigger literal too short: ${literal}`);
      const ci = h.caseInsensitive === true;
      const firsts = ci ? caseVariants(literal[0]!) : [literal[0]!];
      const seconds = ci ? caseVariants(literal[1]!) : [literal[1]!];
      for (const x of firsts) {
        for (const y of seconds) {
          const a = x.charCodeAt(0);
          const b = y.charCodeAt(0);
          if (a >= 128 || b >= 128) throw new Error(`trigger literal must start with ASCII: ${literal}`);
          const key = a * 128 + b;
          if (bucketOf[key] === 0) {
            buckets.push([]);
            thirdRows.push(new Uint8Array(129));
            bucketOf[key] = buckets.length;
          }
          const bi = bucketOf[key]! - 1;
          buckets[bi]!.push({ literal, handler, ci });
          const third = thirdRows[bi]!;
          if (literal.length === 2) third.fill(1);
          else for (const z of ci ? caseVariants(literal[2]!) : [literal[2]!]) third[Math.min(z.charCodeAt(0), 128)] = 1;
        }
      }
    }
  });
  const thirds = new Uint8Array(thirdRows.length * 129);
  thirdRows.forEach((row, bi) => thirds.set(row, bi * 129));
  // Longest literal first, so a handler sees `sk-ant-` before `sk-`.
  for (const list of buckets) list.sort((x, y) => y.literal.length - x.literal.length);

  // The first two characters already matched (exactly, or as one of the case variants); compare the rest
  // by hand, which is much cheaper than startsWith on a hot path.
  const matchesAt = (text: string, at: number, e: Entry): boolean => {
    const lit = e.literal;
    const len = lit.length;
    if (at + len > text.length) return false;
    if (e.ci) {
      for (let k = 2; k < len; k++) if (fold(text.charCodeAt(at + k)) !== lit.charCodeAt(k)) return false;
    } else {
      for (let k = 2; k < len; k++) if (text.charCodeAt(at + k) !== lit.charCodeAt(k)) return false;
    }
    return true;
  };

  // scan() is synchronous and handlers never re-enter it, so one resume array serves every call.
  const resume = new Int32Array(handlers.length);
  return {
    scan(text, out) {
      const ctx: ScanContext = { out, pemEnd: -2 };
      resume.fill(0);
      const n = text.length - 1;
      let b = text.charCodeAt(0);
      for (let i = 0; i < n; i++) {
        const a = b;
        b = text.charCodeAt(i + 1);
        if ((a | b) >= 128) continue;
        const bi = bucketOf[a * 128 + b]!;
        if (bi === 0) continue;
        const c = i + 1 < n ? text.charCodeAt(i + 2) : 128;
        if (thirds[(bi - 1) * 129 + (c < 128 ? c : 128)] === 0) continue;
        const list = buckets[bi - 1]!;
        for (let k = 0; k < list.length; k++) {
          const e = list[k]!;
          if (i < resume[e.handler]! || !matchesAt(text, i, e)) continue;
          const r = handlers[e.handler]!.onMatch(text, i, e.literal, ctx);
          if (r > i) resume[e.handler] = r;
        }
      }
    },
  };
}
