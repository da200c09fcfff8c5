import type { Execution, Proposal } from '../core/proposal/types.js';
import type { AppDeps } from './deps.js';
import { record } from './record.js';

/** Moves overdue proposals to expired and audits each. Safe to run on every replica. */
export async function expireProposals(deps: AppDeps): Promise<Proposal[]> {
  const expired = await deps.proposals.expireDue(deps.clock.now());
  for (const p of expired) await record(deps, 'opsgate', 'proposal.expired', p.id, { expiresAt: p.expiresAt.toISOString() });
  return expired;
}

/**
 * Executions whose heartbeat stopped (their process crashed) become interrupted, their locks are freed,
 * and each is audited so the operator knows to check the target by hand.
 */
export async function recoverInterrupted(deps: AppDeps, staleAfterMs: number): Promise<Execution[]> {
  const now = deps.clock.now();
  const found = await deps.proposals.recoverInterrupted(new Date(now.getTime() - staleAfterMs), now);
  for (const x of found) {
    await record(deps, 'opsgate', 'execution.interrupted', x.proposalId, {
      executionId: x.id,
      owner: x.owner,
      lastHeartbeat: x.heartbeatAt.toISOString(),
    });
    deps.log.warn({ proposalId: x.proposalId, executionId: x.id, owner: x.owner }, 'execution was interrupted by a crash; check the target');
  }
  return found;
}
