/**
 * The AuditLog contract: every implementation keeps one contiguous hash chain, and tampering with
 * stored rows (done through `tamper`, the way someone with table-owner access could) is reported
 * by verification at the right seq.
 */
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditHash, verifyChain } from '../../src/core/audit/chain.js';
import { exportAuditLog, parseAuditLine, verifyAuditLog } from '../../src/core/audit/tools.js';
import type { AuditEntry, AuditLog, AuditRecord } from '../../src/core/ports.js';
import { trackFixtures } from '../helpers/fixtures.js';

export interface AuditTamper {
  /** Overwrite a row's data, leaving its hash as it was. */
  setData(seq: number, data: Record<string, unknown>): Promise<void>;
  /** Overwrite a row's data and hash (a forger who recomputed the row's own hash). */
  rewrite(seq: number, data: Record<string, unknown>, hash: string): Promise<void>;
  remove(seq: number): Promise<void>;
  /** Exchange the contents of two rows, keeping the seq numbers in place. */
  swap(a: number, b: number): Promise<void>;
}

export interface AuditFixture {
  log: AuditLog;
  /** The same log through another connection pool (or the same log when there is only one). */
  second: AuditLog;
  tamper: AuditTamper;
  close(): Promise<void>;
}

const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (s: number): Date => new Date(T0.getTime() + s * 1000);

const entry = (i: number, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  at: at(i),
  actor: `U${i % 3}`,
  action: i % 2 ? 'proposal.approved' : 'proposal.created',
  proposalId: `prop-${i % 4}`,
  data: { i, playbook: 'restart-service', params: { service: 'checkout', replicas: i } },
  ...overrides,
});

export function auditLogContract(name: string, makeFixture: () => Promise<AuditFixture>, dispose?: () => Promise<void>): void {
  describe(`AuditLog contract: ${name}`, () => {
    const fixture = trackFixtures(makeFixture, dispose);

    const fill = async (log: AuditLog, count: number): Promise<AuditRecord[]> => {
      const out: AuditRecord[] = [];
      for (let i = 1; i <= count; i++) out.push(await log.append(entry(i)));
      return out;
    };

    it('starts the chain at seq 1 from the genesis hash', async () => {
      const { log } = await fixture();
      const r = await log.append(entry(1));
      expect(r.seq).toBe(1);
      expect(r.prevHash).toBe(GENESIS_HASH);
      expect(r.hash).toBe(auditHash(GENESIS_HASH, r));
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(await log.list()).toEqual([r]);
    });

    it('links each row to the previous one and lists in seq order with filters', async () => {
      const { log } = await fixture();
      const rows = await fill(log, 8);
      expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
      const listed = await log.list();
      expect(listed).toEqual(rows);
      expect((await log.list({ afterSeq: 5 })).map((r) => r.seq)).toEqual([6, 7, 8]);
      expect((await log.list({ afterSeq: 2, limit: 3 })).map((r) => r.seq)).toEqual([3, 4, 5]);
      expect((await log.list({ proposalId: 'prop-1' })).map((r) => r.seq)).toEqual([1, 5]);
      expect((await log.list({ proposalId: 'prop-1', afterSeq: 1 })).map((r) => r.seq)).toEqual([5]);
      expect(await log.list({ limit: 0 })).toEqual([]);
      expect(await log.list({ afterSeq: 8 })).toEqual([]);
      expect(verifyChain(listed)).toEqual({ ok: true, checked: 8, problems: [] });
    });

    it('stores data exactly as hashed: JSON round trip, any key order, unicode, null proposal', async () => {
      const { log } = await fixture();
      const r = await log.append({
        at: new Date('2026-03-01T10:00:00.123Z'),
        actor: 'system',
        action: 'execution.finished',
        proposalId: null,
        data: {
          z: 1,
          a: { y: [3, 2, 1], b: null, skipped: undefined },
          when: new Date('2026-01-02T03:04:05.006Z'),
          text: 'ünïcödé ✓ 🚀 "quoted" \\ back\nslash',
          nul: 'before\u0000after',
          float: 0.1 + 0.2,
          big: 1e21,
          neg: -0,
          empty: {},
        },
      });
      expect(r.data['when']).toBe('2026-01-02T03:04:05.006Z');
      expect(r.data['a']).toEqual({ y: [3, 2, 1], b: null });
      expect(r.data['nul']).toBe('before\ufffdafter');
      const [stored] = await log.list();
      expect(stored).toEqual(r);
      expect(stored!.at).toEqual(new Date('2026-03-01T10:00:00.123Z'));
      expect(verifyChain([stored!]).ok).toBe(true);
    });

    it('20 concurrent appends from two pools form one contiguous, valid chain', async () => {
      const { log, second } = await fixture();
      const appended = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? second : log).append(entry(i + 1))));
      expect(appended.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      const listed = await log.list();
      expect(listed.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(new Set(listed.map((r) => r.hash)).size).toBe(20);
      expect(await verifyAuditLog(log)).toMatchObject({ ok: true, checked: 20, problems: [] });
    });

    it('verify reports the seq of an edited row', async () => {
      const { log, tamper } = await fixture();
      await fill(log, 10);
      await tamper.setData(4, { i: 4, playbook: 'restart-service', params: { service: 'checkout', replicas: 400 } });
      const v = await verifyAuditLog(log);
      expect(v.ok).toBe(false);
      expect(v.checked).toBe(10);
      expect(v.problems).toEqual([{ seq: 4, problem: expect.stringMatching(/hash mismatch/) }]);
    });

    it('verify reports the next seq when an edited row was re-hashed', async () => {
      const { log, tamper } = await fixture();
      const rows = await fill(log, 6);
      const data = { i: 3, forged: true };
      const prev = rows[1]!;
      const hash = auditHash(prev.hash, { ...rows[2]!, data });
      await tamper.rewrite(3, data, hash);
      const v = await verifyAuditLog(log);
      expect(v.ok).toBe(false);
      expect(v.problems).toEqual([{ seq: 4, problem: expect.stringMatching(/broken link/) }]);
    });

    it('verify reports a deleted row', async () => {
      const { log, tamper } = await fixture();
      await fill(log, 10);
      await tamper.remove(7);
      const v = await verifyAuditLog(log);
      expect(v.ok).toBe(false);
      expect(v.checked).toBe(9);
      expect(v.problems).toEqual([{ seq: 7, problem: expect.stringMatching(/missing rows: seq 7/) }]);
    });

    it('verify reports a deleted first row', async () => {
      const { log, tamper } = await fixture();
      await fill(log, 3);
      await tamper.remove(1);
      const v = await verifyAuditLog(log);
      expect(v.problems).toEqual([{ seq: 1, problem: expect.stringMatching(/missing rows: seq 1/) }]);
    });

    it('verify reports rows whose contents were swapped', async () => {
      const { log, tamper } = await fixture();
      await fill(log, 6);
      await tamper.swap(2, 5);
      const v = await verifyAuditLog(log);
      expect(v.ok).toBe(false);
      const seqs = new Set(v.problems.map((p) => p.seq));
      expect(seqs.has(2)).toBe(true);
      expect(seqs.has(5)).toBe(true);
    });

    it('verify and export page through long logs', async () => {
      const { log } = await fixture();
      const rows = await fill(log, 23);
      const v = await verifyAuditLog(log, { pageSize: 5 });
      expect(v).toEqual({ ok: true, checked: 23, problems: [], head: { seq: 23, hash: rows[22]!.hash } });
      const lines: string[] = [];
      expect(await exportAuditLog(log, (l) => void lines.push(l), { pageSize: 4 })).toBe(23);
      expect(lines.every((l) => l.endsWith('\n'))).toBe(true);
      const parsed = lines.map((l) => parseAuditLine(l.trim()));
      expect(parsed).toEqual(rows);
      expect(verifyChain(parsed).ok).toBe(true);
    });

    it('an empty log verifies', async () => {
      const { log } = await fixture();
      expect(await verifyAuditLog(log)).toEqual({ ok: true, checked: 0, problems: [], head: null });
    });
  });
}
