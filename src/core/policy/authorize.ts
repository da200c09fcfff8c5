import type { Playbook, Policy } from '../catalog/schema.js';

export interface Actor {
  /** Immutable chat user id (Slack U…/W…, console user id). Never a display name. */
  id: string;
}

export function rolesOf(policy: Policy, userId: string): string[] {
  const groups = policy.users.find((u) => u.id === userId)?.groups ?? [];
  return Object.entries(policy.roles)
    .filter(([, r]) => r.users.includes(userId) || r.groups.some((g) => groups.includes(g)))
    .map(([name]) => name);
}

export function needsTwoPeople(pb: Pick<Playbook, 'risk' | 'confirm'>): boolean {
  return pb.risk === 'high' || pb.confirm.twoPerson === true;
}

export type ConfirmDecision =
  | { ok: true }
  | { ok: false; code: 'not-authorized' | 'two-person'; message: string };

/** Who may confirm: a holder of one of the playbook's roles, and not the requester when two people are needed. */
export function mayConfirm(
  policy: Policy,
  pb: { id: string; confirmRoles: readonly string[]; twoPerson: boolean },
  confirmer: string,
  requester: string,
): ConfirmDecision {
  const held = rolesOf(policy, confirmer);
  if (!pb.confirmRoles.some((r) => held.includes(r))) {
    return {
      ok: false,
      code: 'not-authorized',
      message: `${displayName(policy, confirmer)} may not confirm ${pb.id}: it needs one of the roles ${pb.confirmRoles.join(', ')}` +
        (held.length ? ` (you have ${held.join(', ')})` : ' (you have none)') + '. Ask someone who holds one to confirm.',
    };
  }
  if (pb.twoPerson && confirmer === requester) {
    return {
      ok: false,
      code: 'two-person',
      message: `${pb.id} needs a second person: the requester cannot confirm it. Ask another ${pb.confirmRoles.join(' or ')} to confirm.`,
    };
  }
  return { ok: true };
}

export function mayRequest(policy: Policy, userId: string): boolean {
  if (policy.requesters.length === 0) return true;
  const held = rolesOf(policy, userId);
  return policy.requesters.some((r) => held.includes(r));
}

export function displayName(policy: Policy, userId: string): string {
  return policy.users.find((u) => u.id === userId)?.name ?? userId;
}

/** Console users switch identity by name or id; resolves either to the immutable id. */
export function resolveUser(policy: Policy, nameOrId: string): string | null {
  const k = nameOrId.trim().replace(/^@/, '');
  const u = policy.users.find((x) => x.id === k || x.name.toLowerCase() === k.toLowerCase());
  return u ? u.id : null;
}
