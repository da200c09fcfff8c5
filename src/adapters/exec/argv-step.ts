import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { RunOptions } from '../../core/ports.js';
import type { StepResult } from '../../core/proposal/types.js';
import { OutputCollector } from './output.js';
import { failedResult, note } from './result.js';
import { groupAlive, terminateGroup } from './process-group.js';

export type ArgvStep = { name: string; kind: 'argv'; argv: string[]; timeoutSeconds: number };

/** After the step's process group is gone, how long to wait for its pipes to close before giving up on them. */
const DRAIN_AFTER_EXIT_MS = 1_000;

function spawnFailure(err: NodeJS.ErrnoException, program: string, cwd: string): string {
  const shown = JSON.stringify(program);
  if (err.code === 'ENOENT') {
    if (!existsSync(cwd)) return note(`working directory ${cwd} does not exist; check the catalog folder in the configuration`);
    if (program.includes('/')) {
      const where = isAbsolute(program) ? program : resolve(cwd, program);
      return note(`program ${shown} not found at ${where}; relative paths are resolved against the catalog folder, fix the path in the playbook`);
    }
    return note(`program ${shown} not found on PATH; install it or use an absolute path in the playbook`);
  }
  if (err.code === 'EACCES') {
    return note(`program ${shown} is not executable (permission denied); chmod +x it or run it through its interpreter, e.g. ["node", "script.mjs"]`);
  }
  return note(`could not start program ${shown}: ${err.code ?? ''} ${err.message}`.replace(/\s+/g, ' ').trim());
}

/**
 * Runs one argv step without a shell, in its own process group, with a timeout, an output cap and
 * masking. Never throws for a failing step: spawn errors become a failed result.
 */
export async function runArgvStep(step: ArgvStep, opts: RunOptions, killGraceMs: number): Promise<StepResult> {
  const started = performance.now();
  const [program, ...args] = step.argv;
  if (program === undefined || program === '') {
    return failedResult(step.name, started, note('step has an empty argv; the playbook must name a program'), opts);
  }
  if (opts.signal?.aborted) {
    return failedResult(step.name, started, note('step not started: the run was cancelled'), opts);
  }
  // Catalogs say "node" and expect this Node, even where node is not on the step's PATH.
  const file = program === 'node' ? process.execPath : program;

  let child: ChildProcess;
  try {
    child = spawn(file, args, {
      shell: false,
      detached: true,
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
  } catch (e) {
    // Synchronous failures: e.g. a NUL byte in an argument.
    return failedResult(step.name, started, spawnFailure(e as NodeJS.ErrnoException, program, opts.cwd), opts);
  }

  const out = new OutputCollector(opts.outputCap, opts.mask, opts.onOutput);
  // Keep reading after the cap: the collector drops the bytes, the child never blocks on a full pipe.
  child.stdout?.on('data', (b: Buffer) => out.push('stdout', b));
  child.stderr?.on('data', (b: Buffer) => out.push('stderr', b));
  const closed = new Promise<void>((res) => child.once('close', () => res()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.once('exit', (code, signal) => res({ code, signal })),
  );

  const spawnError = await new Promise<NodeJS.ErrnoException | null>((res) => {
    child.once('spawn', () => res(null));
    child.once('error', (e) => res(e));
  });
  if (spawnError) {
    return failedResult(step.name, started, spawnFailure(spawnError, program, opts.cwd), opts);
  }
  // Errors after a successful spawn (a failed kill) are already handled by the group logic.
  child.on('error', () => {});

  const notes: string[] = [];
  let reason: 'timeout' | 'aborted' | null = null;
  let termination: Promise<void> | null = null;
  const stop = (why: 'timeout' | 'aborted'): void => {
    if (termination) return;
    reason = why;
    termination = terminateGroup(child, killGraceMs);
  };
  const timer = setTimeout(() => stop('timeout'), step.timeoutSeconds * 1000);
  const onAbort = (): void => stop('aborted');
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const { code, signal } = await exited;
  clearTimeout(timer);
  opts.signal?.removeEventListener('abort', onAbort);

  // The step is over when its main process exits; whatever it left running in its group goes too.
  if (!termination && child.pid !== undefined && groupAlive(child.pid)) {
    notes.push(note('the step left processes running after it exited; they were terminated'));
    termination = terminateGroup(child, killGraceMs);
  }
  if (termination) await termination;

  // A process that escaped the group (setsid) may still hold the pipes; stop reading rather than hang.
  let drainTimer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    closed.then(() => true),
    new Promise<boolean>((res) => {
      drainTimer = setTimeout(() => res(false), DRAIN_AFTER_EXIT_MS);
    }),
  ]);
  clearTimeout(drainTimer);
  if (!drained) {
    child.stdout?.destroy();
    child.stderr?.destroy();
    notes.push(note('output pipes were still held open by a process outside the step; stopped reading'));
  }

  if (reason === 'timeout') notes.push(note(`step timed out after ${step.timeoutSeconds}s; its process group was terminated`));
  if (reason === 'aborted') notes.push(note('step cancelled; its process group was terminated'));

  const { output, truncated } = out.finish(notes);
  return {
    name: step.name,
    exitCode: code,
    signal,
    timedOut: reason === 'timeout',
    durationMs: Math.round(performance.now() - started),
    output,
    truncated,
  };
}
