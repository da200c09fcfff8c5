/**
 * ProposalStore on PostgreSQL / PGlite. Every guarantee that must hold across replicas lives in
 * SQL: a state change is one conditional UPDATE, and beginExecution is one transaction whose
 * conditional UPDATE serialises racing callers on the proposal's row lock.
 */
import type { BeginExecutionResult, ProposalStore } from '../../core/ports.js';
import type { Execution, ExecutionState, Proposal, ProposalState, StepResult } from '../../core/proposal/types.js';
import type { Db, Queryable } from './db.js';
import { ExecutionRow, PROPOSAL_COLUMNS, ProposalRow, parseRows, proposalParams } from './rows.js';
import { sourcesOf } from '../../core/proposal/state.js';

/** From the state table: every state with an `expire` transition. */
const EXPIRABLE: readonly ProposalState[] = sourcesOf('expire');
/** Same text as MemoryProposalStore writes. */
const INTERRUPTED_ERROR = 'interrupted: the process running it stopped sending heartbeats';
const INSERT_PROPOSAL = `INSERT INTO proposals (${PROPOSAL_COLUMNS.join(', ')})
  VALUES (${PROPOSAL_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;

/** Thrown inside a transaction to roll it back while still returning a value. */
class Rollback<T> {
  constructor(readonly value: T) {}
}

export class PgProposalStore implements ProposalStore {
  constructor(private readonly db: Db) {}

  async create(p: Proposal): Promise<void> {
    await this.db.query(INSERT_PROPOSAL, proposalParams(p));
  }

  async get(id: string): Promise<Proposal | null> {
    const r = await this.db.query('SELECT * FROM proposals WHERE id = $1', [id]);
    return r.rows[0] ? ProposalRow.parse(r.rows[0]) : null;
  }

  async transition(
    id: string,
    from: readonly ProposalState[],
    to: ProposalState,
    at: Date,
    patch?: { decidedBy?: string; messageRef?: string },
  ): Promise<Proposal | null> {
    const r = await this.db.query(
      `UPDATE proposals
          SET state = $3, updated_at = $4,
              decided_by = COALESCE($5, decided_by), message_ref = COALESCE($6, message_ref)
        WHERE id = $1 AND state = ANY($2::text[])
        RETURNING *`,
      [id, [...from], to, at, patch?.decidedBy ?? null, patch?.messageRef ?? null],
    );
    return r.rows[0] ? ProposalRow.parse(r.rows[0]) : null;
  }

  async expireDue(now: Date): Promise<Proposal[]> {
    const r = await this.db.query(
      `UPDATE proposals SET state = 'expired', updated_at = $1
        WHERE state = ANY($2::text[]) AND expires_at <= $1
        RETURNING *`,
      [now, [...EXPIRABLE]],
    );
    return sortNewestFirst(parseRows(ProposalRow, r.rows));
  }

  async list(opts: { states?: readonly ProposalState[]; limit?: number } = {}): Promise<Proposal[]> {
    const r = await this.db.query(
      `SELECT * FROM proposals
        WHERE ($1::text[] IS NULL OR state = ANY($1::text[]))
        ORDER BY created_at DESC, id COLLATE "C" DESC
        LIMIT $2`,
      [opts.states ? [...opts.states] : null, opts.limit === undefined ? null : Math.max(0, opts.limit)],
    );
    return parseRows(ProposalRow, r.rows);
  }

  async beginExecution(args: {
    proposalId: string;
    executionId: string;
    lockKey: string | null;
    owner: string;
    at: Date;
  }): Promise<BeginExecutionResult> {
    try {
      return await this.db.tx(async (q): Promise<BeginExecutionResult> => {
        // Racing callers queue on this row's lock; after the winner commits, the others re-check
        // `state = 'approved'`, find 'running' and update nothing.
        const started = await q.query(
          `UPDATE proposals SET state = 'running', updated_at = $2 WHERE id = $1 AND state = 'approved' RETURNING id`,
          [args.proposalId, args.at],
        );
        if (started.rowCount === 0) {
          const cur = await q.query<{ state: ProposalState }>('SELECT state FROM proposals WHERE id = $1', [args.proposalId]);
          return { ok: false, reason: 'state', state: cur.rows[0]?.state ?? null };
        }
        if (args.lockKey !== null) {
          const heldBy = await takeLock(q, args.lockKey, args.executionId, args.proposalId, args.at);
          if (heldBy !== null) throw new Rollback<BeginExecutionResult>({ ok: false, reason: 'locked', heldBy, lockKey: args.lockKey });
        }
        const ins = await q.query(
          `INSERT INTO executions (id, proposal_id, state, owner, started_at, heartbeat_at, results)
           VALUES ($1, $2, 'running', $3, $4, $4, '[]'::jsonb) RETURNING *`,
          [args.executionId, args.proposalId, args.owner, args.at],
        );
        return { ok: true, execution: ExecutionRow.parse(ins.rows[0]) };
      });
    } catch (e) {
      if (e instanceof Rollback) return e.value as BeginExecutionResult;
      throw e;
    }
  }

  async heartbeat(executionId: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE executions SET heartbeat_at = $2 WHERE id = $1 AND state = 'running'`, [executionId, at]);
  }

  async finishExecution(args: {
    executionId: string;
    state: Exclude<ExecutionState, 'running'>;
    results: StepResult[];
    error: string | null;
    at: Date;
  }): Promise<Execution | null> {
    return this.db.tx(async (q) => {
      const r = await q.query(
        `UPDATE executions SET state = $2, results = $3::jsonb, error = $4, finished_at = $5
          WHERE id = $1 AND state = 'running'
          RETURNING *`,
        [args.executionId, args.state, JSON.stringify(args.results), args.error, args.at],
      );
      if (!r.rows[0]) return null;
      const execution = ExecutionRow.parse(r.rows[0]);
      await q.query(`UPDATE proposals SET state = $2, updated_at = $3 WHERE id = $1 AND state = 'running'`, [
        execution.proposalId,
        args.state,
        args.at,
      ]);
      await q.query('DELETE FROM locks WHERE execution_id = $1', [execution.id]);
      return execution;
    });
  }

  async getExecution(proposalId: string): Promise<Execution | null> {
    const r = await this.db.query('SELECT * FROM executions WHERE proposal_id = $1', [proposalId]);
    return r.rows[0] ? ExecutionRow.parse(r.rows[0]) : null;
  }

  async recoverInterrupted(staleBefore: Date, at: Date): Promise<Execution[]> {
    return this.db.tx(async (q) => {
      // Row locks make concurrent recoveries (and a late finishExecution) claim each execution once.
      const r = await q.query(
        `UPDATE executions SET state = 'interrupted', finished_at = $2, error = COALESCE(error, $3)
          WHERE state = 'running' AND heartbeat_at < $1
          RETURNING *`,
        [staleBefore, at, INTERRUPTED_ERROR],
      );
      const executions = parseRows(ExecutionRow, r.rows);
      if (executions.length === 0) return [];
      const ids = executions.map((e) => e.id);
      await q.query(
        `UPDATE proposals SET state = 'interrupted', updated_at = $2 WHERE id = ANY($1::text[]) AND state = 'running'`,
        [executions.map((e) => e.proposalId), at],
      );
      await q.query('DELETE FROM locks WHERE execution_id = ANY($1::text[])', [ids]);
      return executions.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || cmp(a.id, b.id));
    });
  }
}

/**
 * Inserts the lock row; returns null when taken, or the id of the proposal holding it. A lock
 * released between our INSERT and SELECT is simply tried again.
 */
async function takeLock(q: Queryable, key: string, executionId: string, proposalId: string, at: Date): Promise<string | null> {
  for (;;) {
    const ins = await q.query(
      `INSERT INTO locks (key, execution_id, proposal_id, acquired_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO NOTHING RETURNING key`,
      [key, executionId, proposalId, at],
    );
    if (ins.rowCount > 0) return null;
    const held = await q.query<{ proposal_id: string }>('SELECT proposal_id FROM locks WHERE key = $1', [key]);
    if (held.rows[0]) return held.rows[0].proposal_id;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Newest first, ties by id descending: the ORDER BY of list(). */
function sortNewestFirst(ps: Proposal[]): Proposal[] {
  return ps.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || cmp(b.id, a.id));
}
