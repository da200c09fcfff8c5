import { rolesOf, mayConfirm } from '../core/policy/authorize.js';
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
export async function confirmProposal(
  deps: AppDeps,
  args: { proposalId: string; user: string; planHash?: string },
): Promise<ConfirmOutcome> {
  const { user } = args;
  let p = await deps.proposals.get(args.proposalId);
  if (!p) return { kind: 'not-found', message: `no proposal ${args.proposalId}; check the id or ask again` };
  const now = deps.clock.now();

  if (args.planHash !== undefined && args.planHash !== p.planHash) {
    await record(deps, user, 'confirm.refused', p.id, { reason: 'plan-hash-mismatch' });
    return { kind: 'stale', proposal: p, message: 'this button does not match the stored plan; ask again for a fresh proposal' };
  }
  if ((p.state === 'awaiting' || p.state === 'proposed') && p.expiresAt.getTime() <= now.getTime()) {
    const moved = await deps.proposals.transition(p.id, ['awaiting', 'proposed'], 'expired', now);
    if (moved) await record(deps, 'opsgate', 'proposal.expired', p.id, { clickedBy: user });
    await record(deps, user, 'confirm.refused', p.id, { reason: 'expired' });
    return { kind: 'expired', proposal: moved ?? p, message: `proposal ${p.id} expired at ${p.expiresAt.toISOString()}; ask again for a fresh one` };
  }
  const already = DECIDED[p.state];
  if (already) {
    await record(deps, user, 'confirm.refused', p.id, { reason: 'already-decided', state: p.state });
    return { kind: 'already', proposal: p, message: `proposal ${p.id} ${already}${p.decidedBy ? ` (decided by ${p.decidedBy})` : ''}` };
  }
  const pb = deps.catalog.playbooks.find((x) => x.id === p!.playbookId);
  if (!pb || pb.version !== p.playbookVersion) {
    const moved = await deps.proposals.transition(p.id, ['awaiting', 'proposed', 'approved'], 'rejected', now);
    await record(deps, user, 'confirm.refused', p.id, { reason: 'stale-playbook', now: pb?.version ?? null, planned: p.playbookVersion });
    return {
      kind: 'stale',
      proposal: moved ?? p,
      message: `playbook ${p.playbookId} changed since this was proposed (or was removed); nothing ran. Ask again to get a proposal for the current version.`,
    };
  }
  const allowed = mayConfirm(deps.catalog.policy, { id: pb.id, confirmRoles: pb.confirm.roles, twoPerson: p.twoPerson }, user, p.requestedBy);
  if (!allowed.ok) {
    await record(deps, user, 'confirm.refused', p.id, { reason: allowed.code, roles: rolesOf(deps.catalog.policy, user) });
    return { kind: 'unauthorized', proposal: p, code: allowed.code, message: allowed.message };
  }
  if (p.state !== 'approved') {
    const approved = await deps.proposals.transition(p.id, ['awaiting', 'proposed'], 'approved', now, { decidedBy: user });
    if (!approved) {
      const cur = (await deps.proposals.get(p.id)) ?? p;
      await record(deps, user, 'confirm.refused', p.id, { reason: 'lost-race', state: cur.state });
      return { kind: 'already', proposal: cur, message: `proposal ${p.id} ${DECIDED[cur.state] ?? `is ${cur.state}`}${cur.decidedBy ? ` (decided by ${cur.decidedBy})` : ''}` };
    }
    p = approved;
    await record(deps, user, 'proposal.approved', p.id, { planHash: p.planHash });
  }
  return execute(deps, p, user);
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
        message: `${began.lockKey} is busy with proposal ${began.heldBy}; this one is approved and waiting. Confirm again once that run finishes.`,
      };
    }
    const cur = (await deps.proposals.get(p.id)) ?? p;
    return { kind: 'already', proposal: cur, message: `proposal ${p.id} ${DECIDED[cur.state] ?? `is ${cur.state}`}` };
  }
  const execution = began.execution;
  await record(deps, user, 'execution.started', p.id, { executionId: execution.id, lockKey: p.lockKey, steps: p.steps.length });
  const pb = deps.catalog.playbooks.find((x) => x.id === p.playbookId);
  const env: Record<string, string> = { ...exec.baseEnv };
  const missingSecrets: string[] = [];
  for (const name of pb?.secrets ?? []) {
    const v = exec.secret(name);
    if (v === undefined) missingSecrets.push(name);
    else env[name] = v;
  }
  const results: StepResult[] = [];
  let error: string | null = null;
  const beat = setInterval(() => {
    deps.proposals.heartbeat(execution.id, deps.clock.now()).catch((e: unknown) => deps.log.warn({ err: String(e) }, 'heartbeat failed'));
  }, exec.heartbeatMs);
  beat.unref?.();
  try {
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
    error = `runner error: ${deps.egress.text(String(e))}`;
  } finally {
    clearInterval(beat);
  }
  const finished = await deps.proposals.finishExecution({
    executionId: execution.id,
    state: error ? 'failed' : 'succeeded',
    results,
    error,
    at: deps.clock.now(),
  });
  await record(deps, 'opsgate', error ? 'execution.failed' : 'execution.succeeded', p.id, {
    executionId: execution.id,
    error,
    steps: results.map((r) => ({ name: r.name, exitCode: r.exitCode, timedOut: r.timedOut, ms: Math.round(r.durationMs) })),
  });
  const final = (await deps.proposals.get(p.id)) ?? p;
  return { kind: 'executed', proposal: final, execution: finished ?? { ...execution, results, error, state: error ? 'failed' : 'succeeded' } };
}

/** Read-only playbooks run without a click when the policy says so; the audit names the policy as approver. */
export async function autoRunProposal(deps: AppDeps, proposal: Proposal): Promise<ConfirmOutcome> {
  if (proposal.risk !== 'read' || !deps.catalog.policy.autoRunRead) {
    return { kind: 'unauthorized', proposal, code: 'not-authorized', message: 'only read-only playbooks run without confirmation' };
  }
  const approved = await deps.proposals.transition(proposal.id, ['awaiting', 'proposed'], 'approved', deps.clock.now(), {
    decidedBy: 'policy:autoRunRead',
  });
  if (!approved) return { kind: 'already', proposal, message: `proposal ${proposal.id} is no longer waiting` };
  await record(deps, proposal.requestedBy, 'proposal.approved', proposal.id, { by: 'policy:autoRunRead' });
  return execute(deps, approved, proposal.requestedBy);
}
