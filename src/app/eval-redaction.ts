// `opsgate eval redaction`: scores a Redactor against the redaction corpus. Pure: the caller loads the
// cases (evals/redaction/load.ts) and passes the clock; this module does no I/O.
//
// A secret counts as caught only if no 8 or more consecutive characters of it survive in the output.
// A negative is a false positive if the output differs from the input in any way.
import { z } from 'zod';
import type { Redactor } from '../core/redaction/index.js';

export const PositiveCaseSchema = z.object({
  id: z.string().min(1),
  kind: z.string().min(1),
  text: z.string(),
  secrets: z.array(z.string().min(8)).min(1),
});
export const NegativeCaseSchema = z.object({
  id: z.string().min(1),
  category: z.string().min(1),
  text: z.string(),
});
export type PositiveCase = z.infer<typeof PositiveCaseSchema>;
export type NegativeCase = z.infer<typeof NegativeCaseSchema>;

export interface RedactionCorpus {
  positives: readonly PositiveCase[];
  negatives: readonly NegativeCase[];
}

/** CI gates (issue 4): recall ≥ 97 %, false-positive rate ≤ 1 %. */
export const REDACTION_GATES = { minRecall: 0.97, maxFalsePositiveRate: 0.01 } as const;

/** Shortest run of a secret's characters that counts as a leak. */
export const LEAK_RUN = 8;

export interface KindScore {
  cases: number;
  secrets: number;
  caught: number;
  recall: number;
}

export interface RedactionMiss {
  id: string;
  kind: string;
  /** Only the first four characters and the length: a report must not carry the secret itself. */
  secretHint: string;
  /** Longest run of the secret's characters that survived. */
  leakedChars: number;
}

export interface RedactionFalsePositive {
  id: string;
  category: string;
  /** The first changed region, before and after (negatives hold no secrets). */
  before: string;
  after: string;
}

export interface RedactionScore {
  positives: { cases: number; secrets: number; caught: number; recall: number };
  negatives: { cases: number; falsePositives: number; falsePositiveRate: number };
  perKind: Record<string, KindScore>;
  perCategory: Record<string, { cases: number; falsePositives: number }>;
  misses: RedactionMiss[];
  falsePositives: RedactionFalsePositive[];
}

export interface RedactionReport extends RedactionScore {
  kinds: number;
  throughput: { bytes: number; passes: number; elapsedMs: number; mbPerSecond: number };
  gates: {
    recall: { threshold: number; value: number; pass: boolean };
    falsePositiveRate: { threshold: number; value: number; pass: boolean };
  };
  pass: boolean;
}

/** Length of the longest substring of `secret` of length ≥ LEAK_RUN found in `output` (0 if none). */
export function longestLeak(secret: string, output: string): number {
  if (secret.length < LEAK_RUN) return output.includes(secret) ? secret.length : 0;
  let best = 0;
  for (let i = 0; i + LEAK_RUN <= secret.length; i++) {
    if (!output.includes(secret.slice(i, i + LEAK_RUN))) continue;
    let len = LEAK_RUN;
    while (i + len < secret.length && output.includes(secret.slice(i, i + len + 1))) len++;
    best = Math.max(best, len);
    i += len - LEAK_RUN;
  }
  return best;
}

function hint(secret: string): string {
  return `${secret.slice(0, 4)}… (${secret.length} chars)`;
}

function firstDifference(before: string, after: string): { before: string; after: string } {
  let i = 0;
  while (i < before.length && i < after.length && before[i] === after[i]) i++;
  let bj = before.length;
  let aj = after.length;
  while (bj > i && aj > i && before[bj - 1] === after[aj - 1]) {
    bj--;
    aj--;
  }
  const from = Math.max(0, i - 24);
  return { before: before.slice(from, Math.min(before.length, bj + 24)), after: after.slice(from, Math.min(after.length, aj + 24)) };
}

/**
 * Scores outputs produced by any redactor (opsgate's or a peer's, as the benchmark does):
 * `positiveOutputs[i]` is the redacted `positives[i].text`, likewise for negatives.
 */
export function scoreRedactions(corpus: RedactionCorpus, positiveOutputs: readonly string[],
  negativeOutputs: readonly string[]): RedactionScore {
  const perKind: Record<string, KindScore> = {};
  const misses: RedactionMiss[] = [];
  let secrets = 0;
  let caught = 0;
  corpus.positives.forEach((c, i) => {
    const out = positiveOutputs[i] ?? c.text;
    const k = (perKind[c.kind] ??= { cases: 0, secrets: 0, caught: 0, recall: 0 });
    k.cases++;
    for (const s of c.secrets) {
      secrets++;
      k.secrets++;
      const leaked = longestLeak(s, out);
      if (leaked === 0) {
        caught++;
        k.caught++;
      } else {
        misses.push({ id: c.id, kind: c.kind, secretHint: hint(s), leakedChars: leaked });
      }
    }
  });
  for (const k of Object.values(perKind)) k.recall = k.secrets === 0 ? 1 : k.caught / k.secrets;
  const perCategory: Record<string, { cases: number; falsePositives: number }> = {};
  const falsePositives: RedactionFalsePositive[] = [];
  corpus.negatives.forEach((c, i) => {
    const out = negativeOutputs[i] ?? c.text;
    const cat = (perCategory[c.category] ??= { cases: 0, falsePositives: 0 });
    cat.cases++;
    if (out !== c.text) {
      cat.falsePositives++;
      falsePositives.push({ id: c.id, category: c.category, ...firstDifference(c.text, out) });
    }
  });
  const negCases = corpus.negatives.length;
  return {
    positives: { cases: corpus.positives.length, secrets, caught, recall: secrets === 0 ? 1 : caught / secrets },
    negatives: { cases: negCases, falsePositives: falsePositives.length, falsePositiveRate: negCases === 0 ? 0 : falsePositives.length / negCases },
    perKind,
    perCategory,
    misses,
    falsePositives,
  };
}

export function corpusBytes(corpus: RedactionCorpus): number {
  const enc = new TextEncoder();
  let n = 0;
  for (const c of corpus.positives) n += enc.encode(c.text).length;
  for (const c of corpus.negatives) n += enc.encode(c.text).length;
  return n;
}

export interface RedactionEvalOptions {
  /** Keep re-running the corpus until this much time has passed, for a stable throughput figure. */
  minTimingMs?: number;
  maxPasses?: number;
}

export function runRedactionEval(corpus: RedactionCorpus, redactor: Redactor, now: () => number,
  opts: RedactionEvalOptions = {}): RedactionReport {
  const positiveOutputs = corpus.positives.map((c) => redactor.redact(c.text).text);
  const negativeOutputs = corpus.negatives.map((c) => redactor.redact(c.text).text);
  const score = scoreRedactions(corpus, positiveOutputs, negativeOutputs);

  // Throughput is measured on separate passes, after the scoring pass warmed the code up.
  const bytes = corpusBytes(corpus);
  const minMs = opts.minTimingMs ?? 1000;
  const maxPasses = opts.maxPasses ?? 50;
  let passes = 0;
  const start = now();
  let elapsed = 0;
  do {
    for (const c of corpus.positives) redactor.redact(c.text);
    for (const c of corpus.negatives) redactor.redact(c.text);
    passes++;
    elapsed = now() - start;
  } while (elapsed < minMs && passes < maxPasses);
  const mbPerSecond = elapsed > 0 ? (bytes * passes) / 1e6 / (elapsed / 1000) : 0;

  const recall = score.positives.recall;
  const fpRate = score.negatives.falsePositiveRate;
  const gates = {
    recall: { threshold: REDACTION_GATES.minRecall, value: recall, pass: recall >= REDACTION_GATES.minRecall },
    falsePositiveRate: { threshold: REDACTION_GATES.maxFalsePositiveRate, value: fpRate, pass: fpRate <= REDACTION_GATES.maxFalsePositiveRate },
  };
  return {
    ...score,
    kinds: Object.keys(score.perKind).length,
    throughput: { bytes, passes, elapsedMs: elapsed, mbPerSecond },
    gates,
    pass: gates.recall.pass && gates.falsePositiveRate.pass,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

export function formatRedactionReport(r: RedactionReport): string {
  const lines: string[] = [];
  lines.push(`redaction eval: ${r.pass ? 'PASS' : 'FAIL'}`);
  lines.push(`  recall      ${pct(r.gates.recall.value)}  (${r.positives.caught}/${r.positives.secrets} secrets in ${r.positives.cases} cases, ${r.kinds} kinds; gate ≥ ${pct(r.gates.recall.threshold)}) ${r.gates.recall.pass ? 'ok' : 'FAIL'}`);
  lines.push(`  false pos.  ${pct(r.gates.falsePositiveRate.value)}  (${r.negatives.falsePositives}/${r.negatives.cases} negatives changed; gate ≤ ${pct(r.gates.falsePositiveRate.threshold)}) ${r.gates.falsePositiveRate.pass ? 'ok' : 'FAIL'}`);
  lines.push(`  throughput  ${r.throughput.mbPerSecond.toFixed(1)} MB/s  (${(r.throughput.bytes / 1024).toFixed(0)} KiB × ${r.throughput.passes} passes in ${r.throughput.elapsedMs.toFixed(0)} ms)`);
  lines.push('  per kind:');
  const kinds = Object.entries(r.perKind).sort(([a, x], [b, y]) => x.recall - y.recall || a.localeCompare(b));
  for (const [kind, k] of kinds) {
    lines.push(`    ${kind.padEnd(26)} ${pct(k.recall).padStart(7)}  ${k.caught}/${k.secrets}`);
  }
  if (r.misses.length > 0) {
    lines.push(`  misses (${r.misses.length}):`);
    for (const m of r.misses) lines.push(`    ${m.id}  ${m.kind}  ${m.secretHint}  ${m.leakedChars} chars survived`);
  }
  if (r.falsePositives.length > 0) {
    lines.push(`  false positives (${r.falsePositives.length}):`);
    for (const f of r.falsePositives) lines.push(`    ${f.id}  ${JSON.stringify(f.before)} → ${JSON.stringify(f.after)}`);
  }
  return lines.join('\n');
}
