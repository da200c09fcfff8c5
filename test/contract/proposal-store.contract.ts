/**
 * The ProposalStore contract: every implementation (memory, PGlite, PostgreSQL) must pass it.
 * `second` is a store on an independent connection pool where the implementation has one, so the
 * race tests exercise the database's guarantees rather than one process's event loop.
 */
import { describe, expect, it } from 'vitest';
import type { BeginExecutionResult, ProposalStore } from '../../src/core/ports.js';
import type { Proposal, StepResult } from '../../src/core/proposal/types.js';
import { trackFixtures } from '../helpers/fixtures.js';

export interface StoreFixture {
  store: ProposalStore;
  /** The same data through another connection pool (or the same store when there is only one). */
  second: ProposalStore;
  close(): Promise<void>;
}

const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

let n = 0;
export function makeProposal(overrides: Partial<Proposal> = {}): Proposal {
  n++;
  return {
    id: `prop-${n}-${Math.random().toString(36).slice(2, 8)}`,
    playbookId: 'restart-service',
    playbookVersion: 'sha256:abc123',
    params: { service: 'checkout', environment: 'prod', replicas: 3 },
    steps: [
      { name: 'restart', kind: 'argv', argv: ['kubectl', 'rollout', 'restart', 'deploy/checkout', '-n', 'prod'], timeoutSeconds: 60 },
      {
        name: 'notify',
        kind: 'http',
        method: 'POST',
        url: 'https://deploy.example.test/hooks',
        headers: { 'content-type': 'application/json' },
        body: { service: 'checkout', nested: [1, 'two', null] },
        timeoutSeconds: 10,
      },
    ],
    dryRun: [{ name: 'diff', kind: 'argv', argv: ['kubectl', 'diff', '-f', '-'], timeoutSeconds: 30 }],
    lockKey: 'checkout/prod',
    risk: 'high',
    twoPerson: true,
    requestedBy: 'U123',
    channel: 'C42',
    requestText: 'restart checkout in prod — “quotes” and ünïcode',
    planHash: 'f'.repeat(64),
    state: 'awaiting',
    createdAt: T0,
    expiresAt: at(600),
    updatedAt: T0,
    decidedBy: null,
    messageRef: null,
    ...overrides,
  };
}

const okResult = (name: string): StepResult => ({
  name,
  exitCode: 0,
  signal: null,
  timedOut: false,
  durationMs: 12,
  output: 'deployment.apps/checkout restarted\n',
  truncated: false,
});

export function proposalStoreContract(name: string, makeFixture: () => Promise<StoreFixture>, dispose?: () => Promise<void>): void {
  describe(`ProposalStore contract: ${name}`, () => {
    const fixture = trackFixtures(makeFixture, dispose);

    const approved = async (store: ProposalStore, overrides: Partial<Proposal> = {}): Promise<Proposal> => {
      const p = makeProposal({ state: 'approved', decidedBy: 'U999', ...overrides });
      await store.create(p);
      return p;
    };

    it('stores and returns every field of a proposal', async () => {
      const { store } = await fixture();
      const p = makeProposal();
      await store.create(p);
      expect(await store.get(p.id)).toEqual(p);
      const minimal = makeProposal({ dryRun: null, lockKey: null, params: {}, risk: 'read', twoPerson: false });
      await store.create(minimal);
      expect(await store.get(minimal.id)).toEqual(minimal);
      expect(await store.get('no-such-proposal')).toBeNull();
    });

    it('refuses a second proposal with the same id', async () => {
      const { store } = await fixture();
      const p = makeProposal();
      await store.create(p);
      await expect(store.create({ ...p, requestText: 'other' })).rejects.toThrow();
      expect((await store.get(p.id))?.requestText).toBe(p.requestText);
    });

    it('returns copies: mutating a returned proposal does not change the store', async () => {
      const { store } = await fixture();
      const p = makeProposal();
      await store.create(p);
      const got = await store.get(p.id);
      got!.state = 'cancelled';
      got!.params['service'] = 'evil';
      expect(await store.get(p.id)).toEqual(p);
    });

    it('transition is conditional: the second transition from the same state returns null', async () => {
      const { store, second } = await fixture();
      const p = makeProposal({ state: 'awaiting' });
      await store.create(p);
      const first = await store.transition(p.id, ['awaiting'], 'approved', at(5), { decidedBy: 'U777' });
      expect(first).not.toBeNull();
      expect(first!.state).toBe('approved');
      expect(first!.decidedBy).toBe('U777');
      expect(first!.updatedAt).toEqual(at(5));
      const again = await second.transition(p.id, ['awaiting'], 'cancelled', at(6), { decidedBy: 'U888' });
      expect(again).toBeNull();
      const now = await store.get(p.id);
      expect(now!.state).toBe('approved');
      expect(now!.decidedBy).toBe('U777');
      expect(now!.updatedAt).toEqual(at(5));
    });

    it('transition accepts any of several source states and keeps fields the patch omits', async () => {
      const { store } = await fixture();
      const p = makeProposal({ state: 'proposed', decidedBy: null });
      await store.create(p);
      const shown = await store.transition(p.id, ['proposed'], 'awaiting', at(1), { messageRef: '1700000000.000100' });
      expect(shown!.messageRef).toBe('1700000000.000100');
      expect(shown!.decidedBy).toBeNull();
      const cancelled = await store.transition(p.id, ['proposed', 'awaiting', 'approved'], 'cancelled', at(2), { decidedBy: 'U5' });
      expect(cancelled).toMatchObject({ state: 'cancelled', decidedBy: 'U5', messageRef: '1700000000.000100' });
      expect(await store.transition('no-such-proposal', ['awaiting'], 'approved', at(3))).toBeNull();
      expect(await store.transition(p.id, [], 'approved', at(3))).toBeNull();
    });

    it('concurrent transitions of one proposal: exactly one wins', async () => {
      const { store, second } = await fixture();
      const p = makeProposal({ state: 'awaiting' });
      await store.create(p);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? second : store).transition(p.id, ['awaiting'], i % 3 ? 'approved' : 'cancelled', at(1), { decidedBy: `U${i}` }),
        ),
      );
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      expect(await store.get(p.id)).toMatchObject({ state: winners[0]!.state, decidedBy: winners[0]!.decidedBy });
    });

    it('list filters by state, returns newest first and honours limit', async () => {
      const { store } = await fixture();
      const a = makeProposal({ id: 'list-a', state: 'awaiting', createdAt: at(1) });
      const b = makeProposal({ id: 'list-b', state: 'approved', createdAt: at(2) });
      const c = makeProposal({ id: 'list-c', state: 'awaiting', createdAt: at(3) });
      const d = makeProposal({ id: 'list-d', state: 'awaiting', createdAt: at(3) });
      for (const p of [a, b, c, d]) await store.create(p);
      expect((await store.list()).map((p) => p.id)).toEqual(['list-d', 'list-c', 'list-b', 'list-a']);
      expect((await store.list({ states: ['awaiting'] })).map((p) => p.id)).toEqual(['list-d', 'list-c', 'list-a']);
      expect((await store.list({ states: ['awaiting', 'approved'], limit: 2 })).map((p) => p.id)).toEqual(['list-d', 'list-c']);
      expect(await store.list({ states: [] })).toEqual([]);
      expect(await store.list({ states: ['running'] })).toEqual([]);
      expect(await store.list({ limit: 0 })).toEqual([]);
    });

    it('expireDue expires open and approved-but-not-started proposals at or past their expiry, once', async () => {
      const { store } = await fixture();
      const due = makeProposal({ state: 'awaiting', expiresAt: at(10) });
      const dueProposed = makeProposal({ state: 'proposed', expiresAt: at(5) });
      const exactlyNow = makeProposal({ state: 'awaiting', expiresAt: at(20) });
      const notYet = makeProposal({ state: 'awaiting', expiresAt: at(21) });
      const approvedPast = makeProposal({ state: 'approved', expiresAt: at(1) });
      const cancelledPast = makeProposal({ state: 'cancelled', expiresAt: at(1) });
      for (const p of [due, dueProposed, exactlyNow, notYet, approvedPast, cancelledPast]) await store.create(p);

      const expired = await store.expireDue(at(20));
      expect(expired.map((p) => p.id).sort()).toEqual([due.id, dueProposed.id, exactlyNow.id, approvedPast.id].sort());
      for (const p of expired) {
        expect(p.state).toBe('expired');
        expect(p.updatedAt).toEqual(at(20));
      }
      expect((await store.get(notYet.id))!.state).toBe('awaiting');
      expect((await store.get(cancelledPast.id))!.state).toBe('cancelled');
      expect(await store.expireDue(at(20))).toEqual([]);
      // An expired proposal can no longer be approved.
      expect(await store.transition(due.id, ['proposed', 'awaiting'], 'approved', at(21))).toBeNull();
    });

    it('beginExecution starts an approved proposal and records its execution', async () => {
      const { store } = await fixture();
      const p = await approved(store);
      const r = await store.beginExecution({ proposalId: p.id, executionId: 'exec-1', lockKey: p.lockKey, owner: 'replica-a', at: at(30) });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.execution).toEqual({
        id: 'exec-1',
        proposalId: p.id,
        state: 'running',
        owner: 'replica-a',
        startedAt: at(30),
        heartbeatAt: at(30),
        finishedAt: null,
        results: [],
        error: null,
      });
      expect(await store.getExecution(p.id)).toEqual(r.execution);
      expect(await store.get(p.id)).toMatchObject({ state: 'running', updatedAt: at(30) });
      expect(await store.getExecution('no-such-proposal')).toBeNull();
    });

    it('beginExecution refuses proposals that are not approved', async () => {
      const { store } = await fixture();
      const p = makeProposal({ state: 'awaiting' });
      await store.create(p);
      expect(await store.beginExecution({ proposalId: p.id, executionId: 'e-a', lockKey: null, owner: 'r', at: at(1) })).toEqual({
        ok: false,
        reason: 'state',
        state: 'awaiting',
      });
      expect(await store.beginExecution({ proposalId: 'nope', executionId: 'e-b', lockKey: null, owner: 'r', at: at(1) })).toEqual({
        ok: false,
        reason: 'state',
        state: null,
      });
      expect(await store.getExecution(p.id)).toBeNull();
      expect((await store.get(p.id))!.state).toBe('awaiting');
    });

    it('50 concurrent beginExecution calls for one proposal (two pools): exactly one runs', async () => {
      const { store, second } = await fixture();
      const p = await approved(store);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          (i % 2 ? second : store).beginExecution({
            proposalId: p.id,
            executionId: `race-${i}`,
            lockKey: p.lockKey,
            owner: `replica-${i % 2}`,
            at: at(40),
          }),
        ),
      );
      const winners = results.filter((r): r is Extract<BeginExecutionResult, { ok: true }> => r.ok);
      expect(winners).toHaveLength(1);
      for (const r of results) if (!r.ok) expect(r).toEqual({ ok: false, reason: 'state', state: 'running' });
      expect((await store.getExecution(p.id))!.id).toBe(winners[0]!.execution.id);
      expect((await store.get(p.id))!.state).toBe('running');
    });

    it('a lock key admits one running proposal; the next gets it after finish', async () => {
      const { store, second } = await fixture();
      const first = await approved(store, { lockKey: 'payments/prod' });
      const next = await approved(store, { lockKey: 'payments/prod' });
      const other = await approved(store, { lockKey: 'payments/staging' });

      const a = await store.beginExecution({ proposalId: first.id, executionId: 'lock-a', lockKey: 'payments/prod', owner: 'r1', at: at(1) });
      expect(a.ok).toBe(true);
      const b = await second.beginExecution({ proposalId: next.id, executionId: 'lock-b', lockKey: 'payments/prod', owner: 'r2', at: at(2) });
      expect(b).toEqual({ ok: false, reason: 'locked', heldBy: first.id, lockKey: 'payments/prod' });
      // Refused atomically: still approved, no execution row, so it can be started later.
      expect((await store.get(next.id))!.state).toBe('approved');
      expect(await store.getExecution(next.id)).toBeNull();
      // A different key is independent.
      expect((await store.beginExecution({ proposalId: other.id, executionId: 'lock-c', lockKey: 'payments/staging', owner: 'r1', at: at(2) })).ok).toBe(true);

      const done = await store.finishExecution({ executionId: 'lock-a', state: 'succeeded', results: [okResult('restart')], error: null, at: at(3) });
      expect(done).toMatchObject({ id: 'lock-a', state: 'succeeded', finishedAt: at(3), error: null, results: [okResult('restart')] });
      expect((await store.get(first.id))!.state).toBe('succeeded');

      const b2 = await second.beginExecution({ proposalId: next.id, executionId: 'lock-b', lockKey: 'payments/prod', owner: 'r2', at: at(4) });
      expect(b2.ok).toBe(true);
    });

    it('concurrent proposals on one lock key (two pools): exactly one runs, the rest are told who holds it', async () => {
      const { store, second } = await fixture();
      const ps: Proposal[] = [];
      for (let i = 0; i < 12; i++) ps.push(await approved(store, { lockKey: 'search/prod' }));
      const results = await Promise.all(
        ps.map((p, i) =>
          (i % 2 ? second : store).beginExecution({ proposalId: p.id, executionId: `k-${i}`, lockKey: 'search/prod', owner: 'r', at: at(1) }),
        ),
      );
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      const winnerId = winners[0]!.ok ? winners[0]!.execution.proposalId : '';
      for (const r of results) if (!r.ok) expect(r).toEqual({ ok: false, reason: 'locked', heldBy: winnerId, lockKey: 'search/prod' });
      const states = await Promise.all(ps.map(async (p) => (await store.get(p.id))!.state));
      expect(states.filter((s) => s === 'running')).toHaveLength(1);
      expect(states.filter((s) => s === 'approved')).toHaveLength(11);
    });

    it('proposals without a lock key run side by side', async () => {
      const { store } = await fixture();
      const a = await approved(store, { lockKey: null });
      const b = await approved(store, { lockKey: null });
      expect((await store.beginExecution({ proposalId: a.id, executionId: 'nl-a', lockKey: null, owner: 'r', at: at(1) })).ok).toBe(true);
      expect((await store.beginExecution({ proposalId: b.id, executionId: 'nl-b', lockKey: null, owner: 'r', at: at(1) })).ok).toBe(true);
    });

    it('finishExecution records the outcome once', async () => {
      const { store, second } = await fixture();
      const p = await approved(store);
      await store.beginExecution({ proposalId: p.id, executionId: 'fin-1', lockKey: p.lockKey, owner: 'r', at: at(1) });
      const results: StepResult[] = [
        okResult('restart'),
        { name: 'notify', exitCode: null, signal: 'SIGKILL', timedOut: true, durationMs: 10_000, output: 'x'.repeat(100), truncated: true },
      ];
      const failed = await store.finishExecution({ executionId: 'fin-1', state: 'failed', results, error: 'step notify timed out', at: at(9) });
      expect(failed).toEqual({
        id: 'fin-1',
        proposalId: p.id,
        state: 'failed',
        owner: 'r',
        startedAt: at(1),
        heartbeatAt: at(1),
        finishedAt: at(9),
        results,
        error: 'step notify timed out',
      });
      expect(await store.getExecution(p.id)).toEqual(failed);
      expect(await store.get(p.id)).toMatchObject({ state: 'failed', updatedAt: at(9) });
      expect(await second.finishExecution({ executionId: 'fin-1', state: 'succeeded', results: [], error: null, at: at(10) })).toBeNull();
      expect((await store.getExecution(p.id))!.state).toBe('failed');
      expect(await store.finishExecution({ executionId: 'no-such-exec', state: 'succeeded', results: [], error: null, at: at(10) })).toBeNull();
    });

    it('recoverInterrupted takes stale executions only, and frees their locks', async () => {
      const { store, second } = await fixture();
      const stale = await approved(store, { lockKey: 'billing/prod' });
      const fresh = await approved(store, { lockKey: 'billing/staging' });
      const waiting = await approved(store, { lockKey: 'billing/prod' });
      await store.beginExecution({ proposalId: stale.id, executionId: 'stale-1', lockKey: 'billing/prod', owner: 'dead', at: at(0) });
      await store.beginExecution({ proposalId: fresh.id, executionId: 'fresh-1', lockKey: 'billing/staging', owner: 'alive', at: at(0) });
      await store.heartbeat('stale-1', at(10));
      await store.heartbeat('fresh-1', at(100));

      expect(await store.recoverInterrupted(at(10), at(120))).toEqual([]); // heartbeat exactly at the cut-off is not stale
      const recovered = await store.recoverInterrupted(at(60), at(120));
      expect(recovered).toHaveLength(1);
      expect(recovered[0]).toMatchObject({ id: 'stale-1', proposalId: stale.id, state: 'interrupted', heartbeatAt: at(10), finishedAt: at(120) });
      expect(recovered[0]!.error).toMatch(/interrupted/);
      expect((await store.get(stale.id))!.state).toBe('interrupted');
      expect((await store.getExecution(fresh.id))!.state).toBe('running');
      expect((await store.get(fresh.id))!.state).toBe('running');
      expect(await second.recoverInterrupted(at(60), at(121))).toEqual([]);

      // The lock is free again, and the dead process can no longer record an outcome.
      expect((await store.beginExecution({ proposalId: waiting.id, executionId: 'after-1', lockKey: 'billing/prod', owner: 'r', at: at(130) })).ok).toBe(true);
      expect(await store.finishExecution({ executionId: 'stale-1', state: 'succeeded', results: [], error: null, at: at(131) })).toBeNull();
      expect((await store.get(stale.id))!.state).toBe('interrupted');
    });

    it('heartbeat does not revive a finished execution', async () => {
      const { store } = await fixture();
      const p = await approved(store, { lockKey: null });
      await store.beginExecution({ proposalId: p.id, executionId: 'hb-1', lockKey: null, owner: 'r', at: at(0) });
      await store.finishExecution({ executionId: 'hb-1', state: 'succeeded', results: [], error: null, at: at(5) });
      await store.heartbeat('hb-1', at(50));
      await store.heartbeat('no-such-exec', at(50));
      expect((await store.getExecution(p.id))!.heartbeatAt).toEqual(at(0));
      expect(await store.recoverInterrupted(at(100), at(100))).toEqual([]);
    });

    it('concurrent recoveries from two pools claim each stale execution once', async () => {
      const { store, second } = await fixture();
      for (let i = 0; i < 5; i++) {
        const p = await approved(store, { lockKey: `svc-${i}/prod` });
        await store.beginExecution({ proposalId: p.id, executionId: `rec-${i}`, lockKey: p.lockKey, owner: 'dead', at: at(0) });
      }
      const [a, b] = await Promise.all([store.recoverInterrupted(at(60), at(61)), second.recoverInterrupted(at(60), at(61))]);
      expect([...a, ...b].map((e) => e.id).sort()).toEqual(['rec-0', 'rec-1', 'rec-2', 'rec-3', 'rec-4']);
    });
  });
}
