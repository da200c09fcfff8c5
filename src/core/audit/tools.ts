/**
 * `opsgate audit verify` and `audit export`, written once over the AuditLog port so they work on
 * every implementation (PostgreSQL, PGlite, memory). They read the log in pages of ascending seq,
 * so memory use does not grow with the log.
 */
import { z } from 'zod';
import type { AuditLog, AuditRecord, AuditVerifyResult } from '../ports.js';
import { ChainVerifier } from './chain.js';

const DEFAULT_PAGE = 500;

/** Every record in seq order, fetched `pageSize` at a time. */
export async function* auditPages(log: AuditLog, opts: { pageSize?: number } = {}): AsyncGenerator<AuditRecord[]> {
  const limit = opts.pageSize ?? DEFAULT_PAGE;
  // afterSeq 0 is below the first seq; each page continues after the last seq seen.
  let afterSeq = 0;
  for (;;) {
    const page = await log.list({ afterSeq, limit });
    if (page.length === 0) return;
    yield page;
    const last = page[page.length - 1];
    if (!last || page.length < limit) return;
    if (last.seq <= afterSeq) throw new Error(`audit log list did not advance past seq ${afterSeq}`);
    afterSeq = last.seq;
  }
}

export interface AuditVerifyReport extends AuditVerifyResult {
  /** Last row checked; compare with a head recorded earlier to detect a truncated tail. */
  head: { seq: number; hash: string } | null;
}

export async function verifyAuditLog(log: AuditLog, opts: { pageSize?: number } = {}): Promise<AuditVerifyReport> {
  const v = new ChainVerifier();
  for await (const page of auditPages(log, opts)) for (const r of page) v.push(r);
  return { ...v.result(), head: v.head() };
}

/** One export line: the record as JSON, dates as ISO-8601, keys in a stable order. */
export function auditRecordToLine(r: AuditRecord): string {
  return JSON.stringify({
    seq: r.seq,
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    proposalId: r.proposalId,
    data: r.data,
    prevHash: r.prevHash,
    hash: r.hash,
  });
}

const Hash = z.string().regex(/^[0-9a-f]{64}$/);
const AuditLine = z.object({
  seq: z.number().int().positive(),
  at: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  actor: z.string(),
  action: z.string(),
  proposalId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  prevHash: Hash,
  hash: Hash,
});

/** Parses an export line back into a record (to verify an exported file with verifyChain). */
export function parseAuditLine(line: string): AuditRecord {
  return AuditLine.parse(JSON.parse(line));
}

/** Writes the log as JSON lines through `write`; returns the number of rows written. */
export async function exportAuditLog(
  log: AuditLog,
  write: (line: string) => void | Promise<void>,
  opts: { pageSize?: number } = {},
): Promise<number> {
  let n = 0;
  for await (const page of auditPages(log, opts)) {
    for (const r of page) {
      await write(`${auditRecordToLine(r)}\n`);
      n++;
    }
  }
  return n;
}
