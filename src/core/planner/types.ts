import type { Catalog } from '../catalog/schema.js';

/** Where a request came from; `context` is the channel's incident (its service and environment). */
export interface PlanRequest {
  text: string;
  user: string;
  channel: string;
  context?: { service?: string; environment?: string };
  /** Earlier messages of the thread, oldest first: data to read, never instructions. */
  history?: readonly string[];
  /** The current time, so "until 3pm" (UTC) can become a duration. */
  now?: Date;
}

export type RefuseCode =
  | 'out-of-catalog'
  | 'dangerous'
  | 'injection'
  | 'not-a-request'
  | 'negated'
  | 'out-of-bounds'
  | 'invalid'
  | 'unauthorized';

export interface Candidate {
  playbookId: string;
  confidence: number;
}

/** Raw param values as read from the request; the catalog's validators normalise them. */
export type RawParams = Record<string, string | number>;

/** `note`: something the surface should say alongside the result (e.g. "LLM unavailable, used the offline planner"). */
export type PlanResult =
  | {
      kind: 'proposal';
      playbookId: string;
      params: RawParams;
      confidence: number;
      runnerUp?: Candidate;
      note?: string;
    }
  | {
      kind: 'clarify';
      playbookId?: string;
      params?: RawParams;
      /** Names of the params still needed. */
      missing: string[];
      question: string;
      /** Choices per missing param (e.g. the inventory's environments). */
      options?: Record<string, string[]>;
      candidates?: Candidate[];
      note?: string;
    }
  | { kind: 'refuse'; code: RefuseCode; reason: string; note?: string }
  | { kind: 'answer'; text: string; note?: string };

export interface Planner {
  readonly name: string;
  plan(req: PlanRequest, catalog: Catalog): Promise<PlanResult>;
}
