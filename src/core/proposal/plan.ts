import { canonicalJson, sha256Hex } from '../hash.js';
import type { Playbook } from '../catalog/schema.js';
import type { Proposal } from './types.js';

/** Version of a playbook: hash of its parsed content, so formatting-only edits do not make proposals stale. */
export function playbookVersion(pb: Playbook): string {
  return sha256Hex(canonicalJson(pb)).slice(0, 16);
}

/** The parts of a proposal that say what will run. */
export type PlanFields = Pick<Proposal, 'playbookId' | 'playbookVersion' | 'params' | 'steps' | 'dryRun' | 'lockKey'>;

/**
 * Binds everything that will run: a click carries only the proposal id and this hash. Takes a whole
 * proposal too; only the plan fields are hashed.
 */
export function planHash(p: PlanFields): string {
  const { playbookId, playbookVersion, params, steps, dryRun, lockKey } = p;
  return sha256Hex(canonicalJson({ playbookId, playbookVersion, params, steps, dryRun, lockKey }));
}
