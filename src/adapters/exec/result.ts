import type { RunOptions } from '../../core/ports.js';
import type { StepResult } from '../../core/proposal/types.js';
import { cutToBytes } from './output.js';

/** opsgate's own remarks in a step's output, marked so nobody mistakes them for the program's. */
export function note(text: string): string {
  return `[opsgate] ${text}`;
}

/** A step that produced no process result (not started, not found, no HTTP response). */
export function failedResult(
  name: string,
  started: number,
  output: string,
  opts: Pick<RunOptions, 'mask' | 'outputCap'>,
): StepResult {
  const text = opts.mask(output);
  return {
    name,
    exitCode: null,
    signal: null,
    timedOut: false,
    durationMs: Math.round(performance.now() - started),
    output: cutToBytes(text, opts.outputCap),
    truncated: Buffer.byteLength(text, 'utf8') > opts.outputCap,
  };
}
