import type { Runner, RunOptions } from '../../core/ports.js';
import type { RenderedStep, StepResult } from '../../core/proposal/types.js';
import { runArgvStep } from './argv-step.js';
import { runHttpStep } from './http-step.js';

export interface ProcessRunnerOptions {
  /** Time between SIGTERM and SIGKILL to a step's process group on timeout or cancel. Default 2000. */
  killGraceMs?: number;
}

export const DEFAULT_KILL_GRACE_MS = 2_000;

/** The Runner for real steps: argv through child_process (no shell), http through fetch. */
export function createProcessRunner(options: ProcessRunnerOptions = {}): Runner {
  const killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  return {
    run(step: RenderedStep, opts: RunOptions): Promise<StepResult> {
      return step.kind === 'argv' ? runArgvStep(step, opts, killGraceMs) : runHttpStep(step, opts);
    },
  };
}
