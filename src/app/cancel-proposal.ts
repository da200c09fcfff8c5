import { rolesOf } from '../core/policy/authorize.js';
import { sourcesOf } from '../core/proposal/state.js';
import type { Proposal } from '../core/proposal/types.js';
import type { AppDeps } from './deps.js';
import { record } from './record.js';

export type CancelOutcome =
  | { kind: 'cancelled'; proposal: Proposal }
  | { kind: 'not-found'; message: string }
  | { kind: 'unauthorized'; proposal: Proposal; message: string }
  | { kind: 'already'; proposal: Proposal; message: string };

/** The requester, or anyone who could confirm, may cancel a proposal that has not started. */
export async function cancelProposal(deps: AppDeps, args: { proposalId: string; user: string }): Promise<CancelOutcome> {
  const p = await deps.proposals.get(args.proposalId);
  if (!p) return { kind: 'not-found', message: `no proposal ${args.proposalId}; check the id` };
  const pb = deps.catalog.playbooks.find((x) => x.id === p.playbookId);
  const held = rolesOf(deps.catalog.policy, args.user);
  const canConfirm = pb ? pb.confirm.roles.some((r) => held.includes(r)) : false;
  if (args.user !== p.requestedBy && !canConfirm) {
    await record(deps, args.user, 'cancel.refused', p.id, { reason: 'not-authorized' });
    return { kind: 'unauthorized', proposal: p, message: `only the requester or a ${pb?.confirm.roles.join('/') ?? 'confirmer'} may cancel ${p.id}` };
  }
  const moved = await deps.proposals.transition(p.id, sourcesOf('cancel'), 'cancelled', deps.clock.now(), {
    decidedBy: args.user,
  });
  if (!moved) {
    const cur = (await deps.proposals.get(p.id)) ?? p;
    return { kind: 'already', proposal: cur, message: `proposal ${p.id} is ${cur.state}; it can no longer be cancelled` };
  }
  await record(deps, args.user, 'proposal.cancelled', p.id);
  return { kind: 'cancelled', proposal: moved };
}
