import { rolesOf, mayConfirm } from '../core/policy/authorize.js';
import { planHash } from '../core/proposal/plan.js';
import { sourcesOf } from '../core/proposal/state.js';
import type { Execution, Proposal, ProposalState, StepResult } from '../core/proposal/types.js';
import type { AppDeps } from './deps.js';
import { record } from './record.js';

export type ConfirmOutcome =
  | { kind: 'executed'; proposal: Proposal; execution: Execution }
  | { kind: 'not-found'; message: string }
  | { kind: 'expired'; proposal: Proposal; message: string }
  | { kind: 'stale'; proposal: Proposal; message: string }
  | { kind: 'unauthorized'; proposal: Proposal; code: 'not-authorized' | 'two-person'; message: string }
  | { kind: 'already'; proposal: Proposal; message: string }
  | { kind: 'locked'; proposal: Proposal; lockKey: string; heldBy: string; message: string };

const DECIDED: Partial<Record<ProposalState, string>> = {
  running: 'is already running',
  succeeded: 'already ran and succeeded',
  failed: 'already ran and failed',
  interrupted: 'was interrupted while running; ask for a new proposal after checking the target',
  cancelled: 'was cancelled',
  expired: 'expired',
  rejected: 'was rejected',
};

/**
 * Confirm click (Slack button, console, CLI). The click carries only the proposal id and its plan hash;
 * everything that runs is read back from the stored proposal, and the approve and start transitions are
 * conditional updates, so retries, double clicks and racing replicas execute once.
 */
const OPEN = sourcesOf('approve');

/** Recomputes the hash over what is stored: a row edited after the proposal no longer matches. */
function storedPlanIntact(p: Proposal): boolean {
  return planHash(p) === p.planHash;
}

function alreadyMessage(p: Proposal): string {
  return `proposal ${p.id} ${DECIDED[p.state] ?? `is ${p.state}`}${p.decidedBy ? ` (decided by ${p.decidedBy})` : ''}`;
}

export async function confirmProposal(
  deps: AppDeps,
  args: { proposalId: string; user: string; planHash?: string },
): Promise<ConfirmOutcome> {
  const { user } = args;
  let p = await deps.proposals.get(args.proposalId);
  if (!p) return { kind: 'not-found', message: `no proposal ${args.proposalId}; check the id or ask again` };
  const now = deps.clock.now();

  if ((args.planHash !== undefined && args.planHash !== p.planHash) || !storedPlanIntact(p)) {
    await record(deps, user, 'confirm.refused', p.id, { reason: 'plan-hash-mismatch' });
    return { kind: 'stale', proposal: p, message: 'this button does not match the stored plan; nothing ran. Ask again for a fresh proposal' };
  }
  const already = DECIDED[p.state];
  if (already) {
    await record(deps, user, 'confirm.refused', p.id, { reason: 'already-decided', state: p.state });
    return { kind: 'already', proposal: p, message: alreadyMessage(p) };
  }
  const pb = deps.catalog.playbooks.find((x) => x.id === p!.playbookId);
  // Who may confirm is decided before anything changes state: a click by someone without the role
  // must not expire, reject or start anything.
  const roles = pb?.confirm.roles ?? [];
  const allowed = mayConfirm(deps.catalog.policy, { id: p.playbookId, confirmRoles: roles, twoPerson: p.twoPerson }, user, p.requestedBy);
  if (pb && !allowed.ok) {
    await record(deps, user, 'confirm.refused', p.id, { reason: allowed.code, roles: rolesOf(deps.catalog.policy, user) });
    return { kind: 'unauthorized', proposal: p, code: allowed.code, message: allowed.message };
  }
  if (p.expiresAt.getTime() <= now.getTime()) {
    const moved = await deps.proposals.transition(p.id, sourcesOf('expire'), 'expired', now);
    if (moved) await record(deps, 'opsgate', 'proposal.expired', p.id, { clickedBy: user });
    await record(deps, user, 'confirm.refused', p.id, { reason: 'expired' });
    return { kind: 'expired', proposal: moved ?? p, message: `proposal ${p.id} expired at ${p.expiresAt.toISOString()}; nothing ran. Ask again for a fresh one` };
  }
  if (!pb || pb.version !== p.playbookVersion) {
    const moved = await deps.proposals.transition(p.id, sourcesOf('reject'), 'rejected', now);
    await record(deps, user, 'confirm.refused', p.id, { reason: 'stale-playbook', now: pb?.version ?? null, planned: p.playbookVersion });
    return {
      kind: 'stale',
      proposal: moved ?? p,
      message: `playbook ${p.playbookId} changed since this was proposed (or was removed); nothing ran. Ask again to get a proposal for the current version.`,
    };
  }
  if (p.state !== 'approved') {
    const approved = await deps.proposals.transition(p.id, OPEN, 'approved', now, { decidedBy: user });
    if (!approved) {
      const cur = (await deps.proposals.get(p.id)) ?? p;
      await record(deps, user, 'confirm.refused', p.id, { reason: 'lost-race', state: cur.state });
      return { kind: 'already', proposal: cur, message: alreadyMessage(cur) };
    }
    p = approved;
    await record(deps, user, 'proposal.approved', p.id, { planHash: p.planHash });
  }
  return execute(deps, p, user);
}

/** Retries a store write a few times: losing the outcome of a run that happened is worse than waiting. */
async function persist<T>(deps: AppDeps, what: string, fn: () => Promise<T>): Promise<T> {
  let last: unknown;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      return await fn();
    } catch (e) {
      last = e;
      deps.log.warn({ err: String(e), attempt }, `${what} failed; retrying`);
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }
  throw last;
}

async function execute(deps: AppDeps, p: Proposal, user: string): Promise<ConfirmOutcome> {
  const { exec } = deps;
  const began = await deps.proposals.beginExecution({
    proposalId: p.id,
    executionId: deps.ids.next('x'),
    lockKey: p.lockKey,
    owner: exec.owner,
    at: deps.clock.now(),
  });
  if (!began.ok) {
    if (began.reason === 'locked') {
      await record(deps, user, 'execution.locked', p.id, { lockKey: began.lockKey, heldBy: began.heldBy });
      return {
        kind: 'locked',
        proposal: p,
        lockKey: began.lockKey,
        heldBy: began.heldBy,
        message: `${began.lockKey} is busy with proposal ${began.heldBy}; this one is approved and waiting until ${p.expiresAt.toISOString()}. Confirm again once that run finishes.`,
      };
    }
    const cur = (await deps.proposals.get(p.id)) ?? p;
    await record(deps, user, 'confirm.refused', p.id, { reason: 'lost-race', state: cur.state });
    return { kind: 'already', proposal: cur, message: alreadyMessage(cur) };
  }
  const execution = began.execution;
  // From here on the lock is held: whatever fails, the outcome is written and the lock released.
  const beat = setInterval(() => {
    deps.proposals.heartbeat(execution.id, deps.clock.now()).catch((e: unknown) => deps.log.warn({ err: String(e), executionId: execution.id }, 'heartbeat failed'));
  }, exec.heartbeatMs);
  beat.unref?.();
  const results: StepResult[] = [];
  let error: string | null = null;
  try {
    await record(deps, user, 'execution.started', p.id, { executionId: execution.id, lockKey: p.lockKey, steps: p.steps.length });
    const pb = deps.catalog.playbooks.find((x) => x.id === p.playbookId);
    const env: Record<string, string> = { ...exec.baseEnv };
    const missingSecrets: string[] = [];
    for (const name of pb?.secrets ?? []) {
      const v = exec.secret(name);
      if (v === undefined) missingSecrets.push(name);
      else env[name] = v;
    }
    if (missingSecrets.length) {
      error = `secret env var(s) ${missingSecrets.join(', ')} not set; set them where opsgate runs (names only: values never go through chat)`;
    } else {
      for (const step of p.steps) {
        const r = await exec.runner.run(step, { env, cwd: exec.cwd, outputCap: exec.outputCap, mask: deps.egress.text });
        results.push(deps.egress.deep(r));
        if (r.timedOut) {
          error = `step "${step.name}" timed out after ${step.timeoutSeconds}s and was killed`;
          break;
        }
        if (r.exitCode !== 0) {
          error = `step "${step.name}" failed (${r.exitCode === null ? `signal ${r.signal ?? 'none'}` : `exit ${r.exitCode}`}); later steps did not run`;
          break;
        }
      }
    }
  } catch (e) {
    error = `${results.length ? `after ${results.length} step(s) ran: ` : ''}${deps.egress.text(String(e))}`;
  }
  let finished: Execution | null;
  try {
    finished = await persist(deps, 'recording the execution outcome', () =>
      deps.proposals.finishExecution({ executionId: execution.id, state: error ? 'failed' : 'succeeded', results, error, at: deps.clock.now() }),
    );
  } finally {
    clearInterval(beat);
  }
  if (!finished) {
    // Recovery marked it interrupted (heartbeats stopped reaching the database) while it ran: report
    // what really happened, not a success the database does not hold.
    await record(deps, 'opsgate', 'execution.outcome-after-interrupt', p.id, { executionId: execution.id, error, steps: results.length });
    const cur = (await deps.proposals.get(p.id)) ?? p;
    const interrupted: Execution = { ...execution, state: 'interrupted', results, error: error ?? 'finished after being marked interrupted', finishedAt: deps.clock.now() };
    return { kind: 'executed', proposal: cur, execution: interrupted };
  }
  await record(deps, 'opsgate', error ? 'execution.failed' : 'execution.succeeded', p.id, {
    executionId: execution.id,
    error,
    steps: results.map((r) => ({ name: r.name, exitCode: r.exitCode, timedOut: r.timedOut, ms: Math.round(r.durationMs) })),
  });
  const final = (await deps.proposals.get(p.id)) ?? p;
  return { kind: 'executed', proposal: final, execution: finished };
}

/**
 * Read-only playbooks run without a click when the policy says so, for requesters who hold one of the
 * playbook's confirm roles; the audit names the policy as approver.
 */
export async function autoRunProposal(deps: AppDeps, proposal: Proposal): Promise<ConfirmOutcome> {
  const p = (await deps.proposals.get(proposal.id)) ?? proposal;
  const pb = deps.catalog.playbooks.find((x) => x.id === p.playbookId);
  const held = rolesOf(deps.catalog.policy, p.requestedBy);
  if (p.risk !== 'read' || !deps.catalog.policy.autoRunRead || !pb || !pb.confirm.roles.some((r) => held.includes(r))) {
    return {
      kind: 'unauthorized',
      proposal: p,
      code: 'not-authorized',
      message: 'this proposal needs a confirm: only read-only playbooks run by themselves, and only for someone who could confirm them',
    };
  }
  if (!storedPlanIntact(p) || pb.version !== p.playbookVersion) {
    return { kind: 'stale', proposal: p, message: 'the stored plan no longer matches the playbook; ask again' };
  }
  const approved = await deps.proposals.transition(p.id, OPEN, 'approved', deps.clock.now(), { decidedBy: 'policy:autoRunRead' });
  if (!approved) return { kind: 'already', proposal: p, message: `proposal ${p.id} is no longer waiting` };
  await record(deps, p.requestedBy, 'proposal.approved', p.id, { by: 'policy:autoRunRead' });
  return execute(deps, approved, p.requestedBy);
}
