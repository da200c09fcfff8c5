import { canonicalJson, sha256Hex } from '../hash.js';
import type { Playbook } from '../catalog/schema.js';
import type { Params, RenderedStep } from './types.js';

/** Version of a playbook: hash of its parsed content, so formatting-only edits do not make proposals stale. */
export function playbookVersion(pb: Playbook): string {
  return sha256Hex(canonicalJson(pb)).slice(0, 16);
}

/** Binds everything that will run: a click carries only the proposal id and this hash. */
export function planHash(args: {
  playbookId: string;
  playbookVersion: string;
  params: Params;
  steps: RenderedStep[];
  dryRun: RenderedStep[] | null;
  lockKey: string | null;
}): string {
  return sha256Hex(canonicalJson(args));
}
