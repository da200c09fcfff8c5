import type { Risk } from '../catalog/schema.js';

export type ParamValue = string | number;
export type Params = Record<string, ParamValue>;

export type RenderedStep =
  | { name: string; kind: 'argv'; argv: string[]; timeoutSeconds: number }
  | {
      name: string;
      kind: 'http';
      method: string;
      url: string;
      headers: Record<string, string>;
      body?: unknown;
      timeoutSeconds: number;
    };

export const PROPOSAL_STATES = [
  'proposed',
  'awaiting',
  'approved',
  'running',
  'succeeded',
  'failed',
  'interrupted',
  'cancelled',
  'expired',
  'rejected',
] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

export interface Proposal {
  id: string;
  playbookId: string;
  /** Content hash of the playbook file the plan was made from. */
  playbookVersion: string;
  params: Params;
  steps: RenderedStep[];
  dryRun: RenderedStep[] | null;
  lockKey: string | null;
  risk: Risk;
  twoPerson: boolean;
  requestedBy: string;
  channel: string;
  /** The request as the user wrote it, already redacted. */
  requestText: string;
  planHash: string;
  state: ProposalState;
  createdAt: Date;
  expiresAt: Date;
  updatedAt: Date;
  decidedBy: string | null;
  /** Chat message that shows the proposal, once posted (e.g. Slack ts). */
  messageRef: string | null;
}

export type ExecutionState = 'running' | 'succeeded' | 'failed' | 'interrupted';

export interface StepResult {
  name: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** Combined output, capped and redacted. */
  output: string;
  truncated: boolean;
}

export interface Execution {
  id: string;
  proposalId: string;
  state: ExecutionState;
  owner: string;
  startedAt: Date;
  heartbeatAt: Date;
  finishedAt: Date | null;
  results: StepResult[];
  error: string | null;
}
