/**
 * Ports: small role-named interfaces. Every one has an in-memory implementation in
 * src/adapters/memory and a contract suite in test/contract run against every implementation.
 */
import type { Execution, ExecutionState, Proposal, ProposalState, RenderedStep, StepResult } from './proposal/types.js';

export interface Clock {
  now(): Date;
}

export interface IdSource {
  /** A new unique, URL-safe id (e.g. a UUID or ULID). */
  next(prefix?: string): string;
}

export type BeginExecutionResult =
  | { ok: true; execution: Execution }
  | { ok: false; reason: 'locked'; heldBy: string; lockKey: string }
  | { ok: false; reason: 'state'; state: ProposalState | null };

export interface ProposalStore {
  create(p: Proposal): Promise<void>;
  get(id: string): Promise<Proposal | null>;
  /**
   * Conditional transition: changes state only if the current state is one of `from`.
   * Returns the updated proposal, or null when another caller already moved it (or it does not exist).
   * Implementations must make this atomic across processes (one conditional UPDATE).
   */
  transition(
    id: string,
    from: readonly ProposalState[],
    to: ProposalState,
    at: Date,
    patch?: { decidedBy?: string; messageRef?: string },
  ): Promise<Proposal | null>;
  /** Proposals in `awaiting`/`proposed` whose expiry is at or before `now`, moved to `expired`. */
  expireDue(now: Date): Promise<Proposal[]>;
  list(opts?: { states?: readonly ProposalState[]; limit?: number }): Promise<Proposal[]>;

  /**
   * Atomically: take the lock (if any), move the proposal approved → running and insert its single
   * execution row. Exactly one caller can succeed per proposal; one running execution per lock key.
   */
  beginExecution(args: {
    proposalId: string;
    executionId: string;
    lockKey: string | null;
    owner: string;
    at: Date;
  }): Promise<BeginExecutionResult>;
  heartbeat(executionId: string, at: Date): Promise<void>;
  /** Records the outcome, moves the proposal running → state, releases the lock. */
  finishExecution(args: {
    executionId: string;
    state: Exclude<ExecutionState, 'running'>;
    results: StepResult[];
    error: string | null;
    at: Date;
  }): Promise<Execution | null>;
  getExecution(proposalId: string): Promise<Execution | null>;
  /**
   * Executions still `running` whose heartbeat is older than `staleBefore` (their process died):
   * mark them and their proposals `interrupted` and release their locks.
   */
  recoverInterrupted(staleBefore: Date, at: Date): Promise<Execution[]>;
}

export interface AuditEntry {
  at: Date;
  actor: string;
  action: string;
  proposalId: string | null;
  data: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
  seq: number;
  prevHash: string;
  hash: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  problems: Array<{ seq: number; problem: string }>;
}

export interface AuditLog {
  /** Appends one hash-chained row. Serialised across processes. */
  append(entry: AuditEntry): Promise<AuditRecord>;
  list(opts?: { proposalId?: string; afterSeq?: number; limit?: number }): Promise<AuditRecord[]>;
}

export interface RunOptions {
  /** The complete environment of the step: nothing is inherited implicitly. */
  env: Record<string, string>;
  /** Working directory; the catalog folder, so steps can name scripts relative to it. */
  cwd: string;
  /** Max bytes of combined stdout+stderr kept. */
  outputCap: number;
  /** Strings masked in the output (values of secrets the step received). */
  mask: (text: string) => string;
  signal?: AbortSignal;
  onOutput?: (chunk: string) => void;
}

export interface Runner {
  run(step: RenderedStep, opts: RunOptions): Promise<StepResult>;
}

/** Structured logger; adapters pass everything through redaction before writing. */
export interface Logger {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}
