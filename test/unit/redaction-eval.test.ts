import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTION_KINDS, type Redactor } from '../../src/core/redaction/index.js';
import {
  formatRedactionReport, longestLeak, REDACTION_GATES, runRedactionEval, scoreRedactions, type RedactionCorpus,
} from '../../src/app/eval-redaction.js';
import { loadRedactionCorpus } from '../../evals/redaction/load.js';

const corpus = loadRedactionCorpus();
const fixedClock = (): (() => number) => {
  let t = 0;
  return () => (t += 5);
};

describe('redaction corpus', () => {
  it('has at least 600 positives across at least 40 kinds and 600 negatives', () => {
    expect(corpus.positives.length).toBeGreaterThanOrEqual(600);
    expect(new Set(corpus.positives.map((p) => p.kind)).size).toBeGreaterThanOrEqual(40);
    expect(corpus.negatives.length).toBeGreaterThanOrEqual(600);
  });
  it('ids are unique', () => {
    const ids = [...corpus.positives, ...corpus.negatives].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('redaction eval gates (CI)', () => {
  const report = runRedactionEval(corpus, createRedactor(), () => performance.now(), { minTimingMs: 50, maxPasses: 3 });
  it(`recall ≥ ${REDACTION_GATES.minRecall * 100}%`, () => {
    expect(report.positives.recall, formatRedactionReport(report)).toBeGreaterThanOrEqual(REDACTION_GATES.minRecall);
  });
  it(`false-positive rate ≤ ${REDACTION_GATES.maxFalsePositiveRate * 100}%`, () => {
    expect(report.negatives.falsePositiveRate, formatRedactionReport(report)).toBeLessThanOrEqual(REDACTION_GATES.maxFalsePositiveRate);
  });
  it('reports per-kind recall for every kind and a throughput figure', () => {
    expect(report.kinds).toBe(new Set(corpus.positives.map((p) => p.kind)).size);
    expect(report.throughput.mbPerSecond).toBeGreaterThan(0);
    expect(report.pass).toBe(true);
  });
  it('every reported kind is one of REDACTION_KINDS', () => {
    const r = createRedactor();
    for (const c of corpus.positives) {
      for (const f of r.redact(c.text).findings) expect(REDACTION_KINDS, c.id).toContain(f.kind);
    }
  });
  it('redacting the redacted corpus changes nothing (idempotence)', () => {
    const r = createRedactor();
    for (const c of [...corpus.positives, ...corpus.negatives]) {
      const once = r.redact(c.text).text;
      expect(r.redact(once).text, c.id).toBe(once);
    }
  });
});

describe('scoring', () => {
  const mini: RedactionCorpus = {
    positives: [{ id: 'p1', kind: 'demo', text: 'key=FAKE0000abcdefgh1234', secrets: ['FAKE0000abcdefgh1234'] }],
    negatives: [{ id: 'n1', category: 'demo', text: 'nothing secret here' }],
  };
  it('a redactor that does nothing fails the recall gate', () => {
    const noop: Redactor = { redact: (text) => ({ text, findings: [] }) };
    const r = runRedactionEval(mini, noop, fixedClock(), { minTimingMs: 1, maxPasses: 1 });
    expect(r.positives.recall).toBe(0);
    expect(r.pass).toBe(false);
    expect(r.misses).toEqual([{ id: 'p1', kind: 'demo', secretHint: 'FAKE… (20 chars)', leakedChars: 20 }]);
  });
  it('a redactor that changes everything fails the false-positive gate', () => {
    const all: Redactor = { redact: () => ({ text: '[REDACTED:x]', findings: [] }) };
    const r = runRedactionEval(mini, all, fixedClock(), { minTimingMs: 1, maxPasses: 1 });
    expect(r.positives.recall).toBe(1);
    expect(r.negatives.falsePositiveRate).toBe(1);
    expect(r.pass).toBe(false);
  });
  it('a secret with 8 surviving characters is a miss, 7 is caught', () => {
    expect(longestLeak('FAKE0000abcdefgh1234', 'x=[REDACTED]gh1234')).toBe(0);
    expect(longestLeak('FAKE0000abcdefgh1234', 'x=[REDACTED]efgh1234')).toBe(8);
    const partial = scoreRedactions(mini, ['key=FAKE0000[REDACTED:x]'], ['nothing secret here']);
    expect(partial.positives.caught).toBe(0);
  });
  it('the report never contains a missed secret', () => {
    const noop: Redactor = { redact: (text) => ({ text, findings: [] }) };
    const text = formatRedactionReport(runRedactionEval(mini, noop, fixedClock(), { minTimingMs: 1, maxPasses: 1 }));
    expect(text).not.toContain('FAKE0000abcdefgh1234');
    expect(text).toContain('FAIL');
  });
});
