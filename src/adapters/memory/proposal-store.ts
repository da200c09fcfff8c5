/**
 * In-memory ProposalStore with the same semantics as PgProposalStore (test/contract checks both).
 * Every method runs to completion without awaiting in between, so JavaScript's single thread makes
 * each one atomic. Objects are cloned in and out: callers never share state with the store.
 */
import type { BeginExecutionResult, ProposalStore } from '../../core/ports.js';
import type { Execution, ExecutionState, Proposal, ProposalState, StepResult } from '../../core/proposal/types.js';
import { sourcesOf } from '../../core/proposal/state.js';

/** From the state table: every state with an `expire` transition. */
const EXPIRABLE: readonly ProposalState[] = sourcesOf('expire');
/** Same text as PgProposalStore writes. */
const INTERRUPTED_ERROR = 'interrupted: the process running it stopped sending heartbeats';

interface LockRow {
  executionId: string;
  proposalId: string;
  acquiredAt: Date;
}

export class MemoryProposalStore implements ProposalStore {
  private readonly proposals = new Map<string, Proposal>();
  private readonly executions = new Map<string, Execution>();
  private readonly locks = new Map<string, LockRow>();

  async create(p: Proposal): Promise<void> {
    if (this.proposals.has(p.id)) throw new Error(`proposal ${p.id} already exists`);
    this.proposals.set(p.id, structuredClone(p));
  }

  async get(id: string): Promise<Proposal | null> {
    const p = this.proposals.get(id);
    return p ? structuredClone(p) : null;
  }

  async transition(
    id: string,
    from: readonly ProposalState[],
    to: ProposalState,
    at: Date,
    patch?: { decidedBy?: string; messageRef?: string },
  ): Promise<Proposal | null> {
    const p = this.proposals.get(id);
    if (!p || !from.includes(p.state)) return null;
    p.state = to;
    p.updatedAt = new Date(at.getTime());
    if (patch?.decidedBy !== undefined) p.decidedBy = patch.decidedBy;
    if (patch?.messageRef !== undefined) p.messageRef = patch.messageRef;
    return structuredClone(p);
  }

  async expireDue(now: Date): Promise<Proposal[]> {
    const out: Proposal[] = [];
    for (const p of this.proposals.values()) {
      if (EXPIRABLE.includes(p.state) && p.expiresAt.getTime() <= now.getTime()) {
        p.state = 'expired';
        p.updatedAt = new Date(now.getTime());
        out.push(structuredClone(p));
      }
    }
    return sortNewestFirst(out);
  }

  async list(opts: { states?: readonly ProposalState[]; limit?: number } = {}): Promise<Proposal[]> {
    const states = opts.states;
    const all = [...this.proposals.values()].filter((p) => !states || states.includes(p.state));
    const sorted = sortNewestFirst(all);
    return (opts.limit === undefined ? sorted : sorted.slice(0, Math.max(0, opts.limit))).map((p) => structuredClone(p));
  }

  async beginExecution(args: {
    proposalId: string;
    executionId: string;
    lockKey: string | null;
    owner: string;
    at: Date;
  }): Promise<BeginExecutionResult> {
    const p = this.proposals.get(args.proposalId);
    if (!p || p.state !== 'approved') return { ok: false, reason: 'state', state: p ? p.state : null };
    if (args.lockKey !== null) {
      const held = this.locks.get(args.lockKey);
      if (held) return { ok: false, reason: 'locked', heldBy: held.proposalId, lockKey: args.lockKey };
    }
    if (this.executions.has(args.executionId)) throw new Error(`execution ${args.executionId} already exists`);
    for (const e of this.executions.values()) {
      if (e.proposalId === args.proposalId) throw new Error(`proposal ${args.proposalId} already has an execution`);
    }
    const at = new Date(args.at.getTime());
    if (args.lockKey !== null) {
      this.locks.set(args.lockKey, { executionId: args.executionId, proposalId: args.proposalId, acquiredAt: at });
    }
    p.state = 'running';
    p.updatedAt = at;
    const execution: Execution = {
      id: args.executionId,
      proposalId: args.proposalId,
      state: 'running',
      owner: args.owner,
      startedAt: at,
      heartbeatAt: at,
      finishedAt: null,
      results: [],
      error: null,
    };
    this.executions.set(execution.id, execution);
    return { ok: true, execution: structuredClone(execution) };
  }

  async heartbeat(executionId: string, at: Date): Promise<void> {
    const e = this.executions.get(executionId);
    if (e && e.state === 'running') e.heartbeatAt = new Date(at.getTime());
  }

  async finishExecution(args: {
    executionId: string;
    state: Exclude<ExecutionState, 'running'>;
    results: StepResult[];
    error: string | null;
    at: Date;
  }): Promise<Execution | null> {
    const e = this.executions.get(args.executionId);
    if (!e || e.state !== 'running') return null;
    const at = new Date(args.at.getTime());
    e.state = args.state;
    e.results = structuredClone(args.results);
    e.error = args.error;
    e.finishedAt = at;
    const p = this.proposals.get(e.proposalId);
    if (p && p.state === 'running') {
      p.state = args.state;
      p.updatedAt = at;
    }
    this.releaseLocksOf(e.id);
    return structuredClone(e);
  }

  async getExecution(proposalId: string): Promise<Execution | null> {
    for (const e of this.executions.values()) if (e.proposalId === proposalId) return structuredClone(e);
    return null;
  }

  async recoverInterrupted(staleBefore: Date, at: Date): Promise<Execution[]> {
    const out: Execution[] = [];
    for (const e of this.executions.values()) {
      if (e.state !== 'running' || e.heartbeatAt.getTime() >= staleBefore.getTime()) continue;
      e.state = 'interrupted';
      e.finishedAt = new Date(at.getTime());
      e.error = e.error ?? INTERRUPTED_ERROR;
      const p = this.proposals.get(e.proposalId);
      if (p && p.state === 'running') {
        p.state = 'interrupted';
        p.updatedAt = new Date(at.getTime());
      }
      this.releaseLocksOf(e.id);
      out.push(structuredClone(e));
    }
    return out.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || cmp(a.id, b.id));
  }

  private releaseLocksOf(executionId: string): void {
    for (const [key, lock] of this.locks) if (lock.executionId === executionId) this.locks.delete(key);
  }
}


function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Newest first, ties broken by id descending: the order of PgProposalStore.list. */
function sortNewestFirst(ps: Proposal[]): Proposal[] {
  return ps.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || cmp(b.id, a.id));
}
