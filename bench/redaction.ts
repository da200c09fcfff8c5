/**
 * Redaction: the evals/redaction corpus scored by opsgate and by secretlint (recommended preset, each
 * reported range treated as redacted) with the same recall / false-positive scoring, throughput for
 * both, and adversarial inputs timed against a budget (linear time: no catastrophic backtracking).
 * Run alone with `npx tsx bench/redaction.ts`, or as part of `npm run bench`.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { lintSource } from '@secretlint/core';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import { createRedactor } from '../src/core/redaction/index.js';
import { corpusBytes, runRedactionEval, scoreRedactions, type RedactionCorpus, type RedactionScore } from '../src/app/eval-redaction.js';
import { loadRedactionCorpus } from '../evals/redaction/load.js';

const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;
const MB = 1e6;

/** Replaces each reported range (merged when overlapping) with a marker, as a redactor would. */
function applyRanges(text: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let out = '';
  let last = 0;
  for (const [s, e] of sorted) {
    if (e <= last) continue;
    out += text.slice(last, Math.max(s, last)) + '[REDACTED]';
    last = e;
  }
  return out + text.slice(last);
}

async function secretlintRedact(text: string): Promise<string> {
  const result = await lintSource({
    source: { content: text, filePath: 'paste.txt', contentType: 'text' },
    options: {
      config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset }] },
      noPhysicFilePath: true,
    },
  });
  return applyRanges(text, result.messages.map((m) => m.range));
}

interface PeerRun {
  score: RedactionScore;
  elapsedMs: number;
  mbPerSecond: number;
}

async function runSecretlint(corpus: RedactionCorpus): Promise<PeerRun> {
  const bytes = corpusBytes(corpus);
  // One warm-up pass (module init, rule compilation), then a timed pass that is also scored.
  for (const c of corpus.positives.slice(0, 50)) await secretlintRedact(c.text);
  const t0 = performance.now();
  const pos: string[] = [];
  const neg: string[] = [];
  for (const c of corpus.positives) pos.push(await secretlintRedact(c.text));
  for (const c of corpus.negatives) neg.push(await secretlintRedact(c.text));
  const elapsedMs = performance.now() - t0;
  return { score: scoreRedactions(corpus, pos, neg), elapsedMs, mbPerSecond: bytes / MB / (elapsedMs / 1000) };
}

/** Deterministic pseudo-random text (the bench must not depend on Math.random for comparability). */
function randomText(n: number, alphabet: string, seed = 7): string {
  let x = seed;
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = alphabet[(x >>> 8) % alphabet.length]!;
  }
  return out.join('');
}

const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const B64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Inputs built to hit worst cases of each detector: long runs with no terminator, dense triggers. */
function adversarialInputs(): Array<{ name: string; text: string }> {
  const rep = (s: string, bytes: number): string => s.repeat(Math.ceil(bytes / s.length));
  return [
    { name: '10 MB single line of key-like characters', text: randomText(10 * MB, KEY_CHARS) },
    { name: '1 MB of "a=" repeats', text: rep('a=', MB) },
    { name: '5 MB base64 run (one token, no newline)', text: randomText(5 * MB, B64_CHARS, 11) },
    { name: '1 MB of "password=" repeats', text: rep('password=', MB) },
    { name: '1 MB of "token: " repeats', text: rep('token: ', MB) },
    { name: '1 MB of "Bearer " repeats', text: rep('Bearer ', MB) },
    { name: '1 MB of "eyJ" (JWT prefix) repeats', text: rep('eyJ', MB) },
    { name: '1 MB of PEM BEGIN lines without END', text: rep('-----BEGIN RSA PRIVATE KEY-----', MB) },
    { name: '1 MB of "://a:" (URL userinfo) repeats', text: rep('://a:', MB) },
    { name: '1 MB of "AKIA" repeats', text: rep('AKIA', MB) },
    { name: '1 MB of "mysql -p" repeats', text: rep('mysql -p', MB) },
    { name: '10 MB of ordinary log lines', text: rep('2024-05-01T12:03:44.123Z INFO orders-api request_id=3fa85f64-5717-4562-b3fc-2c963f66afa6 GET /v1/orders/8812 200 12ms user=alice token_type=Bearer\n', 10 * MB) },
  ];
}

/** Budget: every adversarial input must be processed at ≥ 5 MB/s, i.e. a 10 MB line within 2 s. */
const ADVERSARIAL_MIN_MB_PER_S = 5;

export async function benchRedaction(): Promise<Record<string, unknown>> {
  const corpus = loadRedactionCorpus();
  const bytes = corpusBytes(corpus);
  const redactor = createRedactor();

  const report = runRedactionEval(corpus, redactor, () => performance.now(), { minTimingMs: 2000, maxPasses: 400 });
  const peer = await runSecretlint(corpus);

  const adversarial: Array<Record<string, unknown>> = [];
  for (const { name, text } of adversarialInputs()) {
    redactor.redact(text.slice(0, 100_000)); // warm the detectors on this shape of input
    const t0 = performance.now();
    const r = redactor.redact(text);
    const ms = performance.now() - t0;
    const mbps = text.length / MB / (ms / 1000);
    adversarial.push({ input: name, mb: round(text.length / MB, 2), ms: round(ms, 1), mbPerSecond: round(mbps, 1),
      findings: r.findings.length, withinBudget: mbps >= ADVERSARIAL_MIN_MB_PER_S });
  }

  const side = (s: RedactionScore, mbps: number) => ({
    recall: round(s.positives.recall, 4),
    secretsCaught: `${s.positives.caught}/${s.positives.secrets}`,
    falsePositiveRate: round(s.negatives.falsePositiveRate, 4),
    falsePositives: `${s.negatives.falsePositives}/${s.negatives.cases}`,
    mbPerSecond: round(mbps, 2),
  });
  const secretlintPerKind = Object.fromEntries(Object.entries(peer.score.perKind).map(([k, v]) => [k, round(v.recall, 3)]));
  return {
    corpus: { positives: corpus.positives.length, secrets: report.positives.secrets, kinds: report.kinds, negatives: corpus.negatives.length, kib: round(bytes / 1024, 1) },
    opsgate: { ...side(report, report.throughput.mbPerSecond), passes: report.throughput.passes, misses: report.misses.map((m) => m.id) },
    secretlint: { ...side(peer.score, peer.mbPerSecond), preset: '@secretlint/secretlint-rule-preset-recommend', kindsWithAnyRecall: Object.values(secretlintPerKind).filter((r) => r > 0).length },
    secretlintPerKindRecall: secretlintPerKind,
    adversarial,
    targets: {
      recallAboveSecretlint: report.positives.recall > peer.score.positives.recall,
      throughputAtLeast20MBps: report.throughput.mbPerSecond >= 20,
      gates: report.pass,
      adversarialWithinBudget: adversarial.every((a) => a.withinBudget === true),
      adversarialBudgetMBps: ADVERSARIAL_MIN_MB_PER_S,
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchRedaction().then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (e: unknown) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
