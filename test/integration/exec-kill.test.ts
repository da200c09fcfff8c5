import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProcessRunner } from '../../src/adapters/exec/index.js';
import { argvStep, isAlive, opts, readPid, waitGone } from '../fixtures/exec/helpers.js';

const runner = createProcessRunner({ killGraceMs: 500 });
const pidFiles: string[] = [];
const pidFile = (): string => {
  const f = join('/tmp', `opsgate-exec-${randomUUID()}.pid`);
  pidFiles.push(f);
  return f;
};

afterEach(() => {
  // If a test failed, do not leave its helper behind.
  for (const f of pidFiles.splice(0)) {
    try {
      const pid = readPid(f);
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    } catch {
      // no pid written
    }
    rmSync(f, { force: true });
  }
});

describe('argv steps: timeout and cancel kill the whole process group', () => {
  it('kills the child and its grandchild on timeout', async () => {
    const file = pidFile();
    const t0 = performance.now();
    const r = await runner.run(argvStep(['node', 'grandchild.mjs', file], 1), opts());
    expect(performance.now() - t0).toBeLessThan(10_000); // the helper would live 30 s
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBeNull();
    expect(r.signal).toBe('SIGTERM');
    expect(r.output).toContain('helper');
    expect(r.output).toContain('timed out after 1s');
    const grandchild = readPid(file);
    expect(await waitGone(grandchild)).toBe(true);
    expect(() => process.kill(grandchild, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });

  it('kills a background `sleep` started by the step', async () => {
    const file = pidFile();
    const r = await runner.run(argvStep(['node', 'grandchild.mjs', file, 'sleep', 'quiet'], 1), opts());
    expect(r.timedOut).toBe(true);
    const sleeper = readPid(file);
    expect(await waitGone(sleeper)).toBe(true);
  });

  it('escalates to SIGKILL when the processes ignore SIGTERM', async () => {
    const file = pidFile();
    const t0 = performance.now();
    const r = await runner.run(argvStep(['node', 'grandchild.mjs', file, 'stubborn'], 1), opts());
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGKILL');
    expect(r.output).toContain('leader ignoring SIGTERM');
    expect(await waitGone(readPid(file))).toBe(true);
  });

  it('honours an AbortSignal the same way, without calling it a timeout', async () => {
    const file = pidFile();
    const ac = new AbortController();
    const running = runner.run(argvStep(['node', 'grandchild.mjs', file], 60), opts({ signal: ac.signal }));
    setTimeout(() => ac.abort(), 500);
    const t0 = performance.now();
    const r = await running;
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBeNull();
    expect(r.output).toContain('step cancelled');
    expect(await waitGone(readPid(file))).toBe(true);
  });

  it('finishes when the step exits, terminating what it left running (even holding the pipes)', async () => {
    const file = pidFile();
    const t0 = performance.now();
    const r = await runner.run(argvStep(['node', 'grandchild.mjs', file, 'exit'], 60), opts());
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.exitCode).toBe(0);
    expect(r.timedOut).toBe(false);
    expect(r.output).toContain('left processes running');
    expect(await waitGone(readPid(file))).toBe(true);
  });
});
