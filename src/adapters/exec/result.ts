import type { StepResult } from '../../core/proposal/types.js';

/** opsgate's own remarks in a step's output, marked so nobody mistakes them for the program's. */
export function note(text: string): string {
  return `[opsgate] ${text}`;
}

/** A step that produced no process result (not started, not found, no HTTP response). */
export function failedResult(name: string, started: number, output: string, mask: (t: string) => string): StepResult {
  return {
    name,
    exitCode: null,
    signal: null,
    timedOut: false,
    durationMs: Math.round(performance.now() - started),
    output: mask(output),
    truncated: false,
  };
}
