/**
 * Row schemas: the boundary between SQL rows and domain objects. Timestamps arrive as Date from
 * both drivers; int8 arrives as a string from pg and as a number from PGlite, so it is coerced.
 * Step and result objects are kept loose (unknown keys preserved): dropping a field would change
 * what planHash covers.
 */
import { z } from 'zod';
import { Risk } from '../../core/catalog/schema.js';
import type { AuditRecord } from '../../core/ports.js';
import { PROPOSAL_STATES, type Execution, type Proposal, type RenderedStep, type StepResult } from '../../core/proposal/types.js';

const Timestamp = z.date();

const RenderedStepRow = z.discriminatedUnion('kind', [
  z.looseObject({
    name: z.string(),
    kind: z.literal('argv'),
    argv: z.array(z.string()),
    timeoutSeconds: z.number(),
  }),
  z.looseObject({
    name: z.string(),
    kind: z.literal('http'),
    method: z.string(),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    body: z.unknown().optional(),
    timeoutSeconds: z.number(),
  }),
]);

const StepResultRow = z.looseObject({
  name: z.string(),
  exitCode: z.number().nullable(),
  signal: z.string().nullable(),
  timedOut: z.boolean(),
  durationMs: z.number(),
  output: z.string(),
  truncated: z.boolean(),
});

export const ProposalRow = z
  .object({
    id: z.string(),
    playbook_id: z.string(),
    playbook_version: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
    steps: z.array(RenderedStepRow),
    dry_run: z.array(RenderedStepRow).nullable(),
    lock_key: z.string().nullable(),
    risk: Risk,
    two_person: z.boolean(),
    requested_by: z.string(),
    channel: z.string(),
    request_text: z.string(),
    plan_hash: z.string(),
    state: z.enum(PROPOSAL_STATES),
    created_at: Timestamp,
    expires_at: Timestamp,
    updated_at: Timestamp,
    decided_by: z.string().nullable(),
    message_ref: z.string().nullable(),
  })
  .transform(
    (r): Proposal => ({
      id: r.id,
      playbookId: r.playbook_id,
      playbookVersion: r.playbook_version,
      params: r.params,
      steps: r.steps as RenderedStep[],
      dryRun: r.dry_run as RenderedStep[] | null,
      lockKey: r.lock_key,
      risk: r.risk,
      twoPerson: r.two_person,
      requestedBy: r.requested_by,
      channel: r.channel,
      requestText: r.request_text,
      planHash: r.plan_hash,
      state: r.state,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      updatedAt: r.updated_at,
      decidedBy: r.decided_by,
      messageRef: r.message_ref,
    }),
  );

export const PROPOSAL_COLUMNS = [
  'id',
  'playbook_id',
  'playbook_version',
  'params',
  'steps',
  'dry_run',
  'lock_key',
  'risk',
  'two_person',
  'requested_by',
  'channel',
  'request_text',
  'plan_hash',
  'state',
  'created_at',
  'expires_at',
  'updated_at',
  'decided_by',
  'message_ref',
] as const;

/** Parameters for INSERT INTO proposals (PROPOSAL_COLUMNS) in that order. */
export function proposalParams(p: Proposal): unknown[] {
  return [
    p.id,
    p.playbookId,
    p.playbookVersion,
    JSON.stringify(p.params),
    JSON.stringify(p.steps),
    p.dryRun === null ? null : JSON.stringify(p.dryRun),
    p.lockKey,
    p.risk,
    p.twoPerson,
    p.requestedBy,
    p.channel,
    p.requestText,
    p.planHash,
    p.state,
    p.createdAt,
    p.expiresAt,
    p.updatedAt,
    p.decidedBy,
    p.messageRef,
  ];
}

export const ExecutionRow = z
  .object({
    id: z.string(),
    proposal_id: z.string(),
    state: z.enum(['running', 'succeeded', 'failed', 'interrupted']),
    owner: z.string(),
    started_at: Timestamp,
    heartbeat_at: Timestamp,
    finished_at: Timestamp.nullable(),
    results: z.array(StepResultRow),
    error: z.string().nullable(),
  })
  .transform(
    (r): Execution => ({
      id: r.id,
      proposalId: r.proposal_id,
      state: r.state,
      owner: r.owner,
      startedAt: r.started_at,
      heartbeatAt: r.heartbeat_at,
      finishedAt: r.finished_at,
      results: r.results as StepResult[],
      error: r.error,
    }),
  );

export const AuditRow = z
  .object({
    seq: z.coerce.number().int().positive(),
    at: Timestamp,
    actor: z.string(),
    action: z.string(),
    proposal_id: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    prev_hash: z.string(),
    hash: z.string(),
  })
  .transform(
    (r): AuditRecord => ({
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      action: r.action,
      proposalId: r.proposal_id,
      data: r.data,
      prevHash: r.prev_hash,
      hash: r.hash,
    }),
  );

export function parseRows<S extends z.ZodType>(schema: S, rows: unknown[]): Array<z.output<S>> {
  return rows.map((r) => schema.parse(r));
}
