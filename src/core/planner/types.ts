import type { Catalog } from '../catalog/schema.js';

/** Where a request came from; `context` is the channel's incident (its service and environment). */
export interface PlanRequest {
  text: string;
  user: string;
  channel: string;
  context?: { service?: string; environment?: string };
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

export type PlanResult =
  | {
      kind: 'proposal';
      playbookId: string;
      params: RawParams;
      confidence: number;
      runnerUp?: Candidate;
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
    }
  | { kind: 'refuse'; code: RefuseCode; reason: string }
  | { kind: 'answer'; text: string };

export interface Planner {
  readonly name: string;
  plan(req: PlanRequest, catalog: Catalog): Promise<PlanResult>;
}
