import type { ProposalState } from './types.js';

export type ProposalEvent = 'present' | 'approve' | 'start' | 'succeed' | 'fail' | 'interrupt' | 'cancel' | 'expire' | 'reject';

/** The confirmation state machine as a table: state → event → next state. Anything absent is illegal. */
export const TRANSITIONS: Readonly<Record<ProposalState, Partial<Record<ProposalEvent, ProposalState>>>> = {
  proposed: { present: 'awaiting', approve: 'approved', cancel: 'cancelled', expire: 'expired', reject: 'rejected' },
  awaiting: { approve: 'approved', cancel: 'cancelled', expire: 'expired', reject: 'rejected' },
  // An approved proposal waiting for a busy lock still expires: the world it was planned for moved on.
  approved: { start: 'running', cancel: 'cancelled', expire: 'expired', reject: 'rejected' },
  running: { succeed: 'succeeded', fail: 'failed', interrupt: 'interrupted' },
  succeeded: {},
  failed: {},
  interrupted: {},
  cancelled: {},
  expired: {},
  rejected: {},
};

export type TransitionResult = { ok: true; to: ProposalState } | { ok: false; from: ProposalState; event: ProposalEvent };

export function transition(from: ProposalState, event: ProposalEvent): TransitionResult {
  const to = TRANSITIONS[from][event];
  return to ? { ok: true, to } : { ok: false, from, event };
}

/** States from which `event` is legal: the `WHERE state = ANY(...)` of the conditional update. */
export function sourcesOf(event: ProposalEvent): ProposalState[] {
  return (Object.keys(TRANSITIONS) as ProposalState[]).filter((s) => TRANSITIONS[s][event] !== undefined);
}

export function targetOf(event: ProposalEvent): ProposalState {
  for (const row of Object.values(TRANSITIONS)) {
    const to = row[event];
    if (to) return to;
  }
  throw new Error(`no transition for ${event}`);
}

export const TERMINAL: ReadonlySet<ProposalState> = new Set(
  (Object.keys(TRANSITIONS) as ProposalState[]).filter((s) => Object.keys(TRANSITIONS[s]).length === 0),
);
