import { describe, expect, it } from 'vitest';
import { cancelProposal } from '../../src/app/cancel-proposal.js';
import { autoRunProposal, confirmProposal } from '../../src/app/confirm-proposal.js';
import { handleRequest, type RequestOutcome } from '../../src/app/handle-request.js';
import { expireProposals, recoverInterrupted } from '../../src/app/maintenance.js';
import { previewProposal } from '../../src/app/preview-proposal.js';
import { createProcessRunner } from '../../src/adapters/exec/index.js';
import { PlaybookSchema } from '../../src/core/catalog/schema.js';
import { playbookVersion } from '../../src/core/proposal/plan.js';
import type { Proposal } from '../../src/core/proposal/types.js';
import type { Runner } from '../../src/core/ports.js';
import { MemoryProposalStore } from '../../src/adapters/memory/proposal-store.js';
import { makeApp, runsLogged, type TestApp } from '../helpers/app.js';

async function propose(app: TestApp, text: string, user = 'U2BOB'): Promise<Proposal> {
  const out = await handleRequest(app.deps, { text, user, channel: 'C1' });
  if (out.kind !== 'proposal') throw new Error(`expected a proposal, got ${JSON.stringify(out)}`);
  return out.proposal;
}

async function actions(app: TestApp): Promise<string[]> {
  return (await app.audit.list()).map((r) => r.action);
}

describe('proposals are bound to a plan', () => {
  it('stores the validated params, the exact argv and a plan hash, awaiting confirmation', async () => {
    const app = makeApp();
    const p = await propose(app, 'run restart service=CO environment=production');
    expect(p.params).toEqual({ service: 'checkout', environment: 'prod' });
    expect(p.state).toBe('awaiting');
    expect(p.lockKey).toBe('checkout/prod');
    expect(p.steps[0]).toMatchObject({ kind: 'argv' });
    expect(p.planHash).toMatch(/^[0-9a-f]{64}$/);
    expect(p.expiresAt.getTime() - p.createdAt.getTime()).toBe(15 * 60_000);
    expect((await app.proposals.get(p.id))?.planHash).toBe(p.planHash);
    expect(await actions(app)).toEqual(['proposal.created']);
  });

  it('asks for a missing environment instead of guessing, offering the inventory choices', async () => {
    const app = makeApp();
    const out = await handleRequest(app.deps, { text: 'run restart service=checkout', user: 'U2BOB', channel: 'C1' });
    expect(out.kind).toBe('clarify');
    const c = out as Extract<RequestOutcome, { kind: 'clarify' }>;
    expect(c.missing).toEqual(['environment']);
    expect(c.options?.environment).toEqual(['prod', 'staging']);
  });

  it('rejects a service value carrying shell syntax at validation; nothing is stored', async () => {
    const app = makeApp();
    const out = await handleRequest(app.deps, { text: 'run restart service="checkout; rm -rf /" environment=prod', user: 'U2BOB', channel: 'C1' });
    expect(out).toMatchObject({ kind: 'refuse', code: 'invalid' });
    expect(await app.proposals.list()).toHaveLength(0);
    expect(await actions(app)).toEqual(['request.refuse']);
  });

  it('refuses unknown playbooks and unknown params with the list of what exists', async () => {
    const app = makeApp();
    const unknown = await handleRequest(app.deps, { text: 'run drop-table', user: 'U2BOB', channel: 'C1' });
    expect(unknown).toMatchObject({ kind: 'refuse', code: 'out-of-catalog' });
    expect((unknown as { reason: string }).reason).toContain('restart');
    const badParam = await handleRequest(app.deps, { text: 'run restart service=checkout environment=prod replicas=3', user: 'U2BOB', channel: 'C1' });
    expect((badParam as { reason: string }).reason).toContain('no parameter "replicas"');
  });
});

describe('the confirmation gate', () => {
  it('runs once for an authorized confirm, and a second click is refused as already decided', async () => {
    const app = makeApp();
    const p = await propose(app, 'run restart service=checkout environment=staging');
    const first = await confirmProposal(app.deps, { proposalId: p.id, user: 'U1ALICE', planHash: p.planHash });
    expect(first.kind).toBe('executed');
    expect(first.kind === 'executed' && first.execution.state).toBe('succeeded');
    expect((await app.proposals.get(p.id))?.state).toBe('succeeded');
    const second = await confirmProposal(app.deps, { proposalId: p.id, user: 'U1ALICE' });
    expect(second.kind).toBe('already');
    expect(runsLogged(app.home)).toEqual(['restart checkout staging']);
  });

  it('50 concurrent confirms of one proposal execute it once', async () => {
    const app = makeApp();
    const p = await propose(app, 'run restart service=payments environment=prod');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => confirmProposal(app.deps, { proposalId: p.id, user: i % 2 ? 'U1ALICE' : 'U3CAROL' })),
    );
    expect(results.filter((r) => r.kind === 'executed')).toHaveLength(1);
    expect(runsLogged(app.home)).toHaveLength(1);
  });

  it('refuses an expired proposal, marks it expired and audits it', async () => {
    const app = makeApp();
    const p = await propose(app, 'run restart service=checkout environment=prod');
    app.clock.advance(15 * 60_000 + 1);
    const r = await confirmProposal(app.deps, { proposalId: p.id, user: 'U1ALICE' });
    expect(r.kind).toBe('expired');
    expect((await app.proposals.get(p.id))?.state).toBe('expired');
    expect(runsLogged(app.home)).toHaveLength(0);
    expect(await actions(app)).toContain('proposal.expired');
  });

  it('the expiry sweep moves overdue proposals and leaves fresh ones', async () => {
    const app = makeApp();
    const old = await propose(app, 'run restart service=checkout environment=prod');
    app.clock.advance(10 * 60_000);
    const fresh = await propose(app, 'run restart service=payments environment=prod');
    app.clock.advance(6 * 60_000);
    const expired = await expireProposals(app.deps);
    expect(expired.map((p) => p.id)).toEqual([old.id]);
    expect((await app.proposals.get(fresh.id))?.state).toBe('awaiting');
  });

  it('two-person rule: the requester cannot confirm a high-risk playbook; another sre can', async () => {
    const app = makeApp();
    const p = await propose(app, 'run failover environment=prod', 'U1ALICE');
    expect(p.twoPerson).toBe(true);
    const self = await confirmProposal(app.deps, { proposalId: p.id, user: 'U1ALICE' });
    expect(self).toMatchObject({ kind: 'unauthorized', code: 'two-person' });
    expect(runsLogged(app.home)).toHaveLength(0);
    const other = await confirmProposal(app.deps, { proposalId: p.id, user: 'U3CAROL' });
    expect(other.kind).toBe('executed');
    expect((await app.proposals.get(p.id))?.decidedBy).toBe('U3CAROL');
  });

  it('an unauthorized confirm is refused, audited, and leaves the proposal waiting', async () => {
    const app = makeApp();
    const p = await propose(app, 'run failover environment=prod', 'U1ALICE');
    const r = await confirmProposal(app.deps, { proposalId: p.id, user: 'U2BOB' });
    expect(r).toMatchObject({ kind: 'unauthorized', code: 'not-authorized' });
    expect((r as { message: string }).message).toContain('sre');
    expect((await app.proposals.get(p.id))?.state).toBe('awaiting');
    const refused = (await app.audit.list()).find((a) => a.action === 'confirm.refused');
    expect(refused).toMatchObject({ actor: 'U2BOB', proposalId: p.id, data: { reason: 'not-authorized' } });
  });

  it('refuses a stale plan when the playbook changed after the proposal; nothing runs', async () => {
    const app = makeApp();
    const p = await propose(app, 'run restart service=checkout environment=prod');
    const pbs = app.deps.catalog.playbooks.map((pb) => {
      if (pb.id !== 'restart') return pb;
      const { version: _old, ...rest } = pb;
      const changed = PlaybookSchema.parse({ ...rest, timeoutSeconds: 999 });
      return { ...changed, version: playbookVersion(changed) };
    });
    app.deps.catalog = { ...app.deps.catalog, playbooks: pbs };
    const r = await confirmProposal(app.deps, { proposalId: p.id, user: 'U1ALICE' });
    expect(r.kind).toBe('stale');
    expect((await app.proposals.get(p.id))?.state).toBe('rejected');
    expect(runsLogged(app.home)).toHaveLength(0);
    expect((await app.audit.list()).some((a) => a.data.reason === 'stale-playbook')).toBe(true);
  });

  it('refuses a click whose plan hash does not match the stored plan', async () => {
    const app = makeApp();
    const p = await propose(app, 'run restart service=checkout environment=prod');
    const r = await confirmProposal(app.deps, { proposalId: p.id, user: 'U1ALICE', planHash: 'f'.repeat(64) });
    expect(r.kind).toBe('stale');
    expect(runsLogged(app.home)).toHaveLength(0);
  });

  it('cancel by the requester stops it from ever running', async () => {
    const app = makeApp();
    const p = await propose(app, 'run restart service=checkout environment=prod');
    const byStranger = await cancelProposal(app.deps, { proposalId: p.id, user: 'U4ERIN' });
    expect(byStranger.kind).toBe('unauthorized');
    expect((await cancelProposal(app.deps, { proposalId: p.id, user: 'U2BOB' })).kind).toBe('cancelled');
    expect((await confirmProposal(app.deps, { proposalId: p.id, user: 'U1ALICE' })).kind).toBe('already');
    expect(runsLogged(app.home)).toHaveLength(0);
  });

  it('read-only playbooks run without a click when the policy allows it', async () => {
    const app = makeApp();
    const out = await handleRequest(app.deps, { text: 'run status service=checkout', user: 'U4ERIN', channel: 'C1' });
    expect(out.kind === 'proposal' && out.autoRun).toBe(true);
    const r = await autoRunProposal(app.deps, (out as { proposal: Proposal }).proposal);
    expect(r.kind === 'executed' && r.execution.results[0]?.output.trim()).toBe('ok checkout');
    const mutating = await propose(app, 'run restart service=checkout environment=prod');
    expect((await autoRunProposal(app.deps, mutating)).kind).toBe('unauthorized');
  });
});

describe('execution', () => {
  it('a free-text param with shell syntax reaches the process as one literal argument', async () => {
    const app = makeApp({ secrets: { FAKE_API_TOKEN: 'fake-value-EXAMPLE-0000' } });
    const note = `$(touch ${app.home}/pwned); echo "hi" && rm -rf / | cat \`id\` *`;
    const p = await propose(app, `run echo environment=prod note='${note}'`);
    const r = await confirmProposal(app.deps, { proposalId: p.id, user: 'U1ALICE' });
    if (r.kind !== 'executed') throw new Error(r.kind);
    const argv = JSON.parse(r.execution.results[0]!.output.split('\n')[0]!);
    expect(argv).toEqual([note]);
    expect(runsLogged(app.home)).toHaveLength(0);
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${app.home}/pwned`)).toBe(false);
  });

  it('secrets reach the step through the environment and are masked in its stored output', async () => {
    const secret = 'fake-token-0000-EXAMPLE-not-real-1234';
    const app = makeApp({ secrets: { FAKE_API_TOKEN: secret } });
    const p = await propose(app, 'run echo environment=prod note=hello');
    const r = await confirmProposal(app.deps, { proposalId: p.id, user: 'U1ALICE' });
    if (r.kind !== 'executed') throw new Error(r.kind);
    const out = r.execution.results[0]!.output;
    expect(out).toContain('token [REDACTED');
    expect(out).not.toContain(secret);
    const stored = await app.proposals.getExecution(p.id);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(JSON.stringify(await app.audit.list())).not.toContain(secret);
  });

  it('a missing secret fails the run with the variable name, without starting the step', async () => {
    const app = makeApp();
    const p = await propose(app, 'run echo environment=prod note=hello');
    const r = await confirmProposal(app.deps, { proposalId: p.id, user: 'U1ALICE' });
    expect(r.kind === 'executed' && r.execution.error).toContain('FAKE_API_TOKEN');
    expect(r.kind === 'executed' && r.execution.results).toEqual([]);
  });

  it('a step that outlives its timeout is killed and the run fails', async () => {
    const app = makeApp();
    const p = await propose(app, 'run slow environment=prod');
    const r = await confirmProposal(app.deps, { proposalId: p.id, user: 'U1ALICE' });
    if (r.kind !== 'executed') throw new Error(r.kind);
    expect(r.execution.state).toBe('failed');
    expect(r.execution.results[0]?.timedOut).toBe(true);
    expect(r.execution.error).toContain('timed out');
    expect((await app.proposals.get(p.id))?.state).toBe('failed');
  });

  it('one run per lock key: a second target-equal proposal waits approved, then runs on a later confirm', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const real = createProcessRunner({ killGraceMs: 200 });
    let calls = 0;
    const runner: Runner = {
      async run(step, opts) {
        if (calls++ === 0) await gate;
        return real.run(step, opts);
      },
    };
    const app = makeApp({ runner });
    const a = await propose(app, 'run restart service=checkout environment=prod');
    const b = await propose(app, 'run restart service=co environment=production reason=again');
    const runningA = confirmProposal(app.deps, { proposalId: a.id, user: 'U1ALICE' });
    await new Promise((r) => setTimeout(r, 50));
    const lockedB = await confirmProposal(app.deps, { proposalId: b.id, user: 'U1ALICE' });
    expect(lockedB).toMatchObject({ kind: 'locked', lockKey: 'checkout/prod', heldBy: a.id });
    expect((await app.proposals.get(b.id))?.state).toBe('approved');
    release();
    expect((await runningA).kind).toBe('executed');
    const retried = await confirmProposal(app.deps, { proposalId: b.id, user: 'U3CAROL' });
    expect(retried.kind).toBe('executed');
    expect(runsLogged(app.home)).toHaveLength(2);
  });

  it('executions left running by a crash become interrupted on recovery and are audited', async () => {
    const app = makeApp();
    const p = await propose(app, 'run restart service=checkout environment=prod');
    await app.proposals.transition(p.id, ['awaiting'], 'approved', app.clock.now(), { decidedBy: 'U1ALICE' });
    const began = await app.proposals.beginExecution({ proposalId: p.id, executionId: 'x_crashed', lockKey: p.lockKey, owner: 'dead-host:1', at: app.clock.now() });
    expect(began.ok).toBe(true);
    expect(await recoverInterrupted(app.deps, 30_000)).toHaveLength(0);
    app.clock.advance(31_000);
    const found = await recoverInterrupted(app.deps, 30_000);
    expect(found.map((x) => x.id)).toEqual(['x_crashed']);
    expect((await app.proposals.get(p.id))?.state).toBe('interrupted');
    expect(await actions(app)).toContain('execution.interrupted');
    // The lock is free again for a new proposal on the same target.
    const again = await propose(app, 'run restart service=checkout environment=prod');
    expect((await confirmProposal(app.deps, { proposalId: again.id, user: 'U1ALICE' })).kind).toBe('executed');
  });
});

describe('dry run', () => {
  it('runs only the dry-run steps, changes no state, and is audited', async () => {
    const app = makeApp();
    const p = await propose(app, 'run restart service=checkout environment=prod');
    const r = await previewProposal(app.deps, { proposalId: p.id, user: 'U2BOB' });
    expect(r.kind === 'previewed' && r.results[0]?.output.trim()).toBe('would restart checkout in prod');
    expect(runsLogged(app.home)).toHaveLength(0);
    expect((await app.proposals.get(p.id))?.state).toBe('awaiting');
    expect(await actions(app)).toContain('proposal.previewed');
    await confirmProposal(app.deps, { proposalId: p.id, user: 'U1ALICE' });
    expect((await previewProposal(app.deps, { proposalId: p.id, user: 'U2BOB' })).kind).toBe('unavailable');
  });
});

describe('keywords resolved when proposing', () => {
  it('"previous" becomes the concrete release in the params, the argv and the hash', async () => {
    const app = makeApp();
    const out = await handleRequest(app.deps, { text: 'run rollback service=checkout environment=prod version=previous', user: 'U1ALICE', channel: 'C1' });
    if (out.kind !== 'proposal') throw new Error(JSON.stringify(out));
    expect(out.proposal.params.version).toBe('v1.4.2');
    expect(out.resolved).toEqual({ version: { from: 'previous', to: 'v1.4.2' } });
    expect(out.proposal.steps[0]).toMatchObject({ argv: expect.arrayContaining(['rollback checkout prod v1.4.2']) });
    expect((await app.audit.list())[0]?.data.resolved).toEqual({ version: { from: 'previous', to: 'v1.4.2' } });
    expect((await confirmProposal(app.deps, { proposalId: out.proposal.id, user: 'U3CAROL' })).kind).toBe('executed');
    expect(runsLogged(app.home)).toEqual(['rollback checkout prod v1.4.2']);
  });

  it('a failed lookup refuses with its message; an explicit version needs no lookup', async () => {
    const app = makeApp();
    const bad = await handleRequest(app.deps, { text: 'run rollback service=payments environment=prod version=previous', user: 'U1ALICE', channel: 'C1' });
    expect(bad).toMatchObject({ kind: 'refuse', code: 'invalid' });
    expect((bad as { reason: string }).reason).toContain('no earlier release of payments');
    const explicit = await handleRequest(app.deps, { text: 'run rollback service=payments environment=prod version=2.0.1', user: 'U1ALICE', channel: 'C1' });
    expect(explicit.kind === 'proposal' && explicit.proposal.params.version).toBe('v2.0.1');
    expect(explicit.kind === 'proposal' && explicit.resolved).toBeUndefined();
  });
});

describe('gate edge cases', () => {
  it('an approved proposal waiting on a busy lock still expires, and a later confirm runs nothing', async () => {
    const app = makeApp();
    const a = await propose(app, 'run restart service=checkout environment=prod');
    await app.proposals.transition(a.id, ['awaiting'], 'approved', app.clock.now(), { decidedBy: 'U1ALICE' });
    expect((await app.proposals.beginExecution({ proposalId: a.id, executionId: 'x_hold', lockKey: a.lockKey, owner: 'o', at: app.clock.now() })).ok).toBe(true);
    const b = await propose(app, 'run restart service=checkout environment=prod reason=again');
    expect((await confirmProposal(app.deps, { proposalId: b.id, user: 'U1ALICE' })).kind).toBe('locked');
    await app.proposals.finishExecution({ executionId: 'x_hold', state: 'succeeded', results: [], error: null, at: app.clock.now() });
    app.clock.advance(16 * 60_000);
    expect((await confirmProposal(app.deps, { proposalId: b.id, user: 'U3CAROL' })).kind).toBe('expired');
    expect((await app.proposals.get(b.id))?.state).toBe('expired');
    expect(runsLogged(app.home)).toHaveLength(0);
  });

  it('an unauthorized click on an approved proposal is refused and starts nothing', async () => {
    const app = makeApp();
    const p = await propose(app, 'run restart service=checkout environment=prod');
    await app.proposals.transition(p.id, ['awaiting'], 'approved', app.clock.now(), { decidedBy: 'U1ALICE' });
    const r = await confirmProposal(app.deps, { proposalId: p.id, user: 'U4ERIN' });
    expect(r).toMatchObject({ kind: 'unauthorized', code: 'not-authorized' });
    expect((await app.proposals.get(p.id))?.state).toBe('approved');
    expect(runsLogged(app.home)).toHaveLength(0);
  });

  it('a click without the role on a stale proposal changes nothing', async () => {
    const app = makeApp();
    const p = await propose(app, 'run restart service=checkout environment=prod');
    app.deps.catalog = { ...app.deps.catalog, playbooks: app.deps.catalog.playbooks.map((pb) => (pb.id === 'restart' ? { ...pb, version: 'changed' } : pb)) };
    expect((await confirmProposal(app.deps, { proposalId: p.id, user: 'U4ERIN' })).kind).toBe('unauthorized');
    expect((await app.proposals.get(p.id))?.state).toBe('awaiting');
  });

  it('a stored plan edited after it was proposed is refused: the hash is recomputed at confirm', async () => {
    const app = makeApp();
    const p = await propose(app, 'run restart service=checkout environment=prod');
    const tampered = { ...p, id: 'p_tampered', state: 'awaiting' as const, steps: [{ ...p.steps[0]!, argv: ['node', '-e', 'process.exit(0)', 'evil'] }] };
    await app.proposals.create(tampered as Proposal);
    const r = await confirmProposal(app.deps, { proposalId: 'p_tampered', user: 'U1ALICE', planHash: p.planHash });
    expect(r.kind).toBe('stale');
    expect((await app.proposals.get('p_tampered'))?.state).toBe('awaiting');
  });

  it('what is stored and run is exactly what was shown and hashed', async () => {
    const app = makeApp({ secrets: { FAKE_API_TOKEN: 'fake-EXAMPLE-0000' } });
    const p = await propose(app, 'run echo environment=prod note=Zx8Qw3Lp9Rt2Vb7NaK4m');
    const stored = await app.proposals.get(p.id);
    expect(stored?.steps).toEqual(p.steps);
    expect(stored?.params).toEqual(p.params);
  });

  it('a failing write of the outcome is retried; the lock is released and the result kept', async () => {
    const inner = new MemoryProposalStore();
    let failures = 2;
    const flaky = Object.assign(Object.create(inner) as MemoryProposalStore, {
      finishExecution: (args: Parameters<MemoryProposalStore['finishExecution']>[0]) => {
        if (failures-- > 0) return Promise.reject(new Error('connection reset'));
        return inner.finishExecution(args);
      },
    });
    const app = makeApp({ proposals: flaky });
    const p = await propose(app, 'run restart service=checkout environment=prod');
    const r = await confirmProposal(app.deps, { proposalId: p.id, user: 'U1ALICE' });
    expect(r.kind === 'executed' && r.execution.state).toBe('succeeded');
    expect((await app.proposals.get(p.id))?.state).toBe('succeeded');
    const next = await propose(app, 'run restart service=checkout environment=prod reason=again');
    expect((await confirmProposal(app.deps, { proposalId: next.id, user: 'U1ALICE' })).kind).toBe('executed');
  });

  it('a run marked interrupted while it ran is reported as interrupted, not as a success', async () => {
    const inner = new MemoryProposalStore();
    const store = Object.assign(Object.create(inner) as MemoryProposalStore, {
      finishExecution: async (args: Parameters<MemoryProposalStore['finishExecution']>[0]) => {
        await inner.recoverInterrupted(new Date(args.at.getTime() + 1), args.at);
        return inner.finishExecution(args);
      },
    });
    const app = makeApp({ proposals: store });
    const p = await propose(app, 'run restart service=checkout environment=prod');
    const r = await confirmProposal(app.deps, { proposalId: p.id, user: 'U1ALICE' });
    expect(r.kind === 'executed' && r.execution.state).toBe('interrupted');
    expect((await app.audit.list()).map((a) => a.action)).toContain('execution.outcome-after-interrupt');
  });

  it('auto-run needs read risk, the policy switch, and a requester who could confirm', async () => {
    const app = makeApp();
    const stranger = await handleRequest(app.deps, { text: 'run status service=checkout', user: 'U9NOBODY', channel: 'C1' });
    expect((await autoRunProposal(app.deps, (stranger as { proposal: Proposal }).proposal)).kind).toBe('unauthorized');
    app.deps.catalog = { ...app.deps.catalog, policy: { ...app.deps.catalog.policy, autoRunRead: false } };
    const viewer = await handleRequest(app.deps, { text: 'run status service=checkout', user: 'U4ERIN', channel: 'C1' });
    expect(viewer.kind === 'proposal' && viewer.autoRun).toBe(false);
    expect((await autoRunProposal(app.deps, (viewer as { proposal: Proposal }).proposal)).kind).toBe('unauthorized');
  });
});
