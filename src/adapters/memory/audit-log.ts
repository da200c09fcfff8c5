/**
 * In-memory AuditLog with the same chain and semantics as PgAuditLog (test/contract checks both).
 * append() does not await between reading the last row and pushing the next one, so appends are
 * serialised by JavaScript's single thread.
 */
import { nextAuditRecord } from '../../core/audit/chain.js';
import type { AuditEntry, AuditLog, AuditRecord } from '../../core/ports.js';

export class MemoryAuditLog implements AuditLog {
  private readonly records: AuditRecord[] = [];

  async append(entry: AuditEntry): Promise<AuditRecord> {
    const last = this.records[this.records.length - 1] ?? null;
    const record = nextAuditRecord(last, entry);
    this.records.push(record);
    return structuredClone(record);
  }

  async list(opts: { proposalId?: string; afterSeq?: number; limit?: number } = {}): Promise<AuditRecord[]> {
    const out: AuditRecord[] = [];
    const limit = opts.limit ?? Infinity;
    for (const r of [...this.records].sort((a, b) => a.seq - b.seq)) {
      if (out.length >= limit) break;
      if (opts.afterSeq !== undefined && r.seq <= opts.afterSeq) continue;
      if (opts.proposalId !== undefined && r.proposalId !== opts.proposalId) continue;
      out.push(structuredClone(r));
    }
    return out;
  }

  /**
   * The live rows, for tests that simulate tampering (edit, delete, reorder) to check that
   * verification catches it. Not for application code.
   */
  unsafeRows(): AuditRecord[] {
    return this.records;
  }
}
