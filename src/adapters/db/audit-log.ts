/**
 * AuditLog on PostgreSQL / PGlite. append() takes a transaction-scoped advisory lock keyed by the
 * audit_log table, reads the last row and inserts the next one, so appends from any number of
 * replicas form one contiguous chain. The chain itself (hashing, verification) is core/audit/chain.
 */
import { nextAuditRecord } from '../../core/audit/chain.js';
import type { AuditEntry, AuditLog, AuditRecord } from '../../core/ports.js';
import type { Db } from './db.js';
import { LOCK_NAMESPACE } from './migrate.js';
import { AuditRow, parseRows } from './rows.js';

export class PgAuditLog implements AuditLog {
  constructor(private readonly db: Db) {}

  async append(entry: AuditEntry): Promise<AuditRecord> {
    return this.db.tx(async (q) => {
      // Keyed by the table's oid: installations in different schemas of one database do not contend.
      await q.query(`SELECT pg_advisory_xact_lock($1, 'audit_log'::regclass::oid::int)`, [LOCK_NAMESPACE]);
      const last = await q.query<{ seq: string | number; hash: string }>(
        'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
      );
      const prev = last.rows[0] ? { seq: Number(last.rows[0].seq), hash: last.rows[0].hash } : null;
      const r = nextAuditRecord(prev, entry);
      await q.query(
        `INSERT INTO audit_log (seq, at, actor, action, proposal_id, data, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
        [r.seq, r.at, r.actor, r.action, r.proposalId, JSON.stringify(r.data), r.prevHash, r.hash],
      );
      return r;
    });
  }

  async list(opts: { proposalId?: string; afterSeq?: number; limit?: number } = {}): Promise<AuditRecord[]> {
    const r = await this.db.query(
      `SELECT * FROM audit_log
        WHERE ($1::text IS NULL OR proposal_id = $1) AND ($2::bigint IS NULL OR seq > $2)
        ORDER BY seq
        LIMIT $3`,
      [opts.proposalId ?? null, opts.afterSeq ?? null, opts.limit === undefined ? null : Math.max(0, opts.limit)],
    );
    return parseRows(AuditRow, r.rows);
  }
}
