/**
 * The audit log's hash chain, as pure functions shared by every AuditLog implementation and by
 * `opsgate audit verify`:
 *
 *   hash(n) = sha256_hex( prevHash(n) + canonicalJson({ seq, at: ISO-8601, actor, action, proposalId, data }) )
 *   prevHash(n) = hash(n-1), and GENESIS_HASH (64 zeros) for seq 1.
 *
 * Seqs are contiguous from 1 (implementations compute seq = last + 1 under a lock, never from a
 * sequence that can skip), so a gap means a deleted row. Deleting rows at the tail cannot be seen
 * from the rows alone: anchor the head hash somewhere else (e.g. keep `audit export` output).
 */
import { canonicalJson, sha256Hex } from '../hash.js';
import type { AuditEntry, AuditRecord, AuditVerifyResult } from '../ports.js';

export const GENESIS_HASH = '0'.repeat(64);
export { canonicalJson };

/** The fields of a record that its hash covers. */
export interface HashedFields {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  proposalId: string | null;
  data: Record<string, unknown>;
}

export function auditHash(prevHash: string, r: HashedFields): string {
  const body = canonicalJson({
    seq: r.seq,
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    proposalId: r.proposalId,
    data: r.data,
  });
  return sha256Hex(prevHash + body);
}

// Lone UTF-16 surrogates and NUL cannot be stored in PostgreSQL text/jsonb.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function storableString(s: string): string {
  return s.replace(UNSTORABLE, '\ufffd');
}

function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return storableString(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[storableString(k)] = storableJson(v);
    return out;
  }
  return value;
}

/**
 * The entry exactly as it will be stored and hashed: data goes through a JSON round trip (Dates
 * become ISO strings, undefined members vanish) and characters PostgreSQL cannot store become
 * U+FFFD. Every implementation appends the normalised entry, so the hash computed at append time
 * is the one a verifier recomputes from the stored row.
 */
export function normalizeAuditEntry(entry: AuditEntry): AuditEntry {
  const json = JSON.stringify(entry.data ?? {});
  const data = storableJson(JSON.parse(json === undefined ? '{}' : json)) as Record<string, unknown>;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new TypeError('audit entry data must be a JSON object');
  }
  if (Number.isNaN(entry.at.getTime())) throw new TypeError('audit entry has an invalid date');
  return {
    at: new Date(entry.at.getTime()),
    actor: storableString(entry.actor),
    action: storableString(entry.action),
    proposalId: entry.proposalId === null ? null : storableString(entry.proposalId),
    data,
  };
}

/** Builds the next record of the chain after `prev` (null: the log is empty). */
export function nextAuditRecord(prev: { seq: number; hash: string } | null, entry: AuditEntry): AuditRecord {
  const e = normalizeAuditEntry(entry);
  const seq = prev ? prev.seq + 1 : 1;
  const prevHash = prev ? prev.hash : GENESIS_HASH;
  return { seq, ...e, prevHash, hash: auditHash(prevHash, { seq, ...e }) };
}

/**
 * Incremental verifier: feed records in the order they are listed (ascending seq), then read
 * result(). Reports, per seq:
 *  - edited rows (stored hash differs from the recomputed one),
 *  - broken links (prev_hash differs from the previous row's hash: an edited-and-rehashed or
 *    removed row before it),
 *  - missing rows (seq gaps, or a log that does not start at seq 1),
 *  - reordered or duplicated rows (seq not increasing in list order).
 */
export class ChainVerifier {
  private prev: { seq: number; hash: string } | null = null;
  private checked = 0;
  private readonly problems: Array<{ seq: number; problem: string }> = [];

  push(r: AuditRecord): void {
    this.checked++;
    const expectedSeq = this.prev ? this.prev.seq + 1 : 1;
    let linkKnown = true;
    if (this.prev && r.seq <= this.prev.seq) {
      this.problems.push({
        seq: r.seq,
        problem: `out of order: seq ${r.seq} listed after seq ${this.prev.seq} (rows reordered or duplicated)`,
      });
      linkKnown = false;
    } else if (r.seq !== expectedSeq) {
      const missing = r.seq - 1 === expectedSeq ? `seq ${expectedSeq}` : `seqs ${expectedSeq}..${r.seq - 1}`;
      this.problems.push({ seq: expectedSeq, problem: `missing rows: ${missing} (deleted?)` });
      linkKnown = false;
    }
    const expectedPrev = this.prev ? this.prev.hash : GENESIS_HASH;
    if (linkKnown && r.prevHash !== expectedPrev) {
      this.problems.push({
        seq: r.seq,
        problem: this.prev
          ? `broken link: prev_hash does not match the hash of seq ${this.prev.seq} (a row before it was changed or removed)`
          : 'broken link: the first row does not start from the genesis hash',
      });
    }
    let recomputed: string | null;
    try {
      recomputed = auditHash(r.prevHash, r);
    } catch {
      recomputed = null;
    }
    if (recomputed !== r.hash) {
      this.problems.push({ seq: r.seq, problem: 'hash mismatch: the row was changed after it was written' });
    }
    // Continue from the row as stored, so one edit is reported once and not at every later row.
    if (!this.prev || r.seq > this.prev.seq) this.prev = { seq: r.seq, hash: r.hash };
  }

  /** Seq and hash of the last row seen: record it elsewhere to detect later truncation. */
  head(): { seq: number; hash: string } | null {
    return this.prev ? { ...this.prev } : null;
  }

  result(): AuditVerifyResult {
    return { ok: this.problems.length === 0, checked: this.checked, problems: [...this.problems] };
  }
}

export function verifyChain(records: Iterable<AuditRecord>): AuditVerifyResult {
  const v = new ChainVerifier();
  for (const r of records) v.push(r);
  return v.result();
}
