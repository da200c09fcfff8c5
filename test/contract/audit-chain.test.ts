/** The pure hash chain (src/core/audit/chain.ts) that every AuditLog implementation shares. */
import { describe, expect, it } from 'vitest';
import { ChainVerifier, GENESIS_HASH, auditHash, canonicalJson, nextAuditRecord, verifyChain } from '../../src/core/audit/chain.js';
import type { AuditRecord } from '../../src/core/ports.js';

const at = (s: number): Date => new Date(Date.UTC(2026, 2, 1, 10, 0, s));

function chain(n: number): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (let i = 1; i <= n; i++) {
    out.push(nextAuditRecord(out[out.length - 1] ?? null, { at: at(i), actor: 'U1', action: 'a', proposalId: null, data: { i } }));
  }
  return out;
}

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members like JSON.stringify', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson([undefined, () => 1, NaN, Infinity])).toBe('[null,null,null,null]');
    expect(canonicalJson(new Date('2026-01-01T00:00:00Z'))).toBe('"2026-01-01T00:00:00.000Z"');
    expect(canonicalJson('é"\n')).toBe(JSON.stringify('é"\n'));
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('gives one string for equal values whatever the key order', () => {
    expect(canonicalJson({ x: 1, y: [1, 2], z: { b: true, a: null } })).toBe(canonicalJson({ z: { a: null, b: true }, y: [1, 2], x: 1 }));
  });

  it('refuses bigint rather than hashing something ambiguous', () => {
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint/);
  });
});

describe('auditHash', () => {
  it('is sha256 over prevHash + canonical JSON of the hashed fields', () => {
    const fields = { seq: 1, at: new Date('2026-01-01T00:00:00.000Z'), actor: 'U1', action: 'proposal.created', proposalId: 'p1', data: { b: 2, a: 1 } };
    // Pinned: changing the hash input silently would orphan every existing log.
    expect(auditHash(GENESIS_HASH, fields)).toBe(auditHash(GENESIS_HASH, { ...fields, data: { a: 1, b: 2 } }));
    expect(auditHash(GENESIS_HASH, fields)).toBe(
      // sha256("0"*64 + '{"action":"proposal.created","actor":"U1","at":"2026-01-01T00:00:00.000Z","data":{"a":1,"b":2},"proposalId":"p1","seq":1}')
      '49906ddc675c1d1fac35e8819f7d5a8551e6c5215b22cb5979fc4a7f69aef69d',
    );
    expect(auditHash(GENESIS_HASH, { ...fields, actor: 'U2' })).not.toBe(auditHash(GENESIS_HASH, fields));
    expect(auditHash('1'.repeat(64), fields)).not.toBe(auditHash(GENESIS_HASH, fields));
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain', () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, checked: 5, problems: [] });
    expect(verifyChain([])).toEqual({ ok: true, checked: 0, problems: [] });
  });

  it('reports an edited row at its seq', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, actor: 'someone-else' };
    expect(verifyChain(rows).problems).toEqual([{ seq: 3, problem: expect.stringMatching(/hash mismatch/) }]);
  });

  it('reports a changed timestamp', () => {
    const rows = chain(3);
    rows[1] = { ...rows[1]!, at: at(59) };
    expect(verifyChain(rows).problems.map((p) => p.seq)).toEqual([2]);
  });

  it('reports deleted rows as a gap, once', () => {
    const rows = chain(8);
    rows.splice(3, 2); // seqs 4 and 5
    expect(verifyChain(rows).problems).toEqual([{ seq: 4, problem: 'missing rows: seqs 4..5 (deleted?)' }]);
  });

  it('reports a chain that does not start at the genesis hash', () => {
    const rows = chain(2);
    const forged = { ...rows[0]!, prevHash: 'a'.repeat(64) };
    forged.hash = auditHash(forged.prevHash, forged);
    expect(verifyChain([forged]).problems).toEqual([{ seq: 1, problem: expect.stringMatching(/genesis/) }]);
  });

  it('reports reordered and duplicated rows', () => {
    const rows = chain(4);
    const reordered = [rows[0]!, rows[2]!, rows[1]!, rows[3]!];
    const problems = verifyChain(reordered).problems;
    expect(problems.some((p) => p.seq === 2 && /out of order/.test(p.problem))).toBe(true);
    const duplicated = [rows[0]!, rows[1]!, rows[1]!, rows[2]!, rows[3]!];
    expect(verifyChain(duplicated).problems).toEqual([{ seq: 2, problem: expect.stringMatching(/out of order/) }]);
  });

  it('reports a rewritten row whose own hash was recomputed at the next row', () => {
    const rows = chain(4);
    const forged = { ...rows[1]!, data: { i: 99 } };
    forged.hash = auditHash(forged.prevHash, forged);
    rows[1] = forged;
    expect(verifyChain(rows).problems).toEqual([{ seq: 3, problem: expect.stringMatching(/broken link/) }]);
  });

  it('keeps the head for anchoring', () => {
    const rows = chain(3);
    const v = new ChainVerifier();
    for (const r of rows) v.push(r);
    expect(v.head()).toEqual({ seq: 3, hash: rows[2]!.hash });
  });
});
