import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProcessRunner } from '../../src/adapters/exec/index.js';
import { argvStep, FIXTURES, opts } from '../fixtures/exec/helpers.js';

const runner = createProcessRunner();
const created: string[] = [];
afterEach(() => {
  for (const f of created.splice(0)) rmSync(f, { force: true });
});

describe('argv steps: no shell', () => {
  it('passes each param with shell syntax through as exactly one literal argument', async () => {
    const marker = join('/tmp', `pwned-${randomUUID()}`);
    created.push(marker);
    const params = [
      `$(touch ${marker}); echo hi`,
      'a b',
      '`id`',
      '*',
      "'quoted'",
      `; touch ${marker}`,
      `| touch ${marker}`,
      '"double" && echo x',
      '',
      'line1\nline2',
      '$HOME',
      '~',
      '--flag=a b',
    ];
    const r = await runner.run(argvStep(['node', 'argv.mjs', ...params]), opts());
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.output)).toEqual(params);
    expect(existsSync(marker)).toBe(false);
  });

  it('runs argv[0] "node" with this Node even when the step env has no PATH', async () => {
    const r = await runner.run(argvStep(['node', 'argv.mjs', 'x']), opts({ env: {} }));
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe('["x"]');
  });

  it('runs a program found on PATH with cwd set to the catalog folder', async () => {
    const r = await runner.run(argvStep(['pwd']), opts());
    expect(r.exitCode).toBe(0);
    expect(r.output.trim()).toBe(FIXTURES.replace(/\/$/, ''));
  });
});

describe('argv steps: results', () => {
  it('reports a non-zero exit code with both streams in the output', async () => {
    const r = await runner.run(argvStep(['node', 'exit-code.mjs', '3'], 20, 'fails'), opts());
    expect(r).toMatchObject({ name: 'fails', exitCode: 3, signal: null, timedOut: false, truncated: false });
    expect(r.output).toContain('about to fail');
    expect(r.output).toContain('something went wrong');
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reports exit code 0 on success', async () => {
    const r = await runner.run(argvStep(['node', 'exit-code.mjs', '0']), opts());
    expect(r.exitCode).toBe(0);
  });

  it('turns a missing program into a failed result with a hint, without throwing', async () => {
    const program = `opsgate-no-such-program-${randomUUID().slice(0, 8)}`;
    const r = await runner.run(argvStep([program, '--version']), opts());
    expect(r.exitCode).toBeNull();
    expect(r.timedOut).toBe(false);
    expect(r.output).toContain(`program "${program}" not found on PATH; install it or use an absolute path in the playbook`);
  });

  it('explains a relative program path that does not exist', async () => {
    const r = await runner.run(argvStep(['./missing.sh']), opts());
    expect(r.exitCode).toBeNull();
    expect(r.output).toContain(`not found at ${join(FIXTURES, 'missing.sh')}`);
  });

  it('turns a program without execute permission into a failed result (EACCES)', async () => {
    const r = await runner.run(argvStep(['./not-executable.sh']), opts());
    expect(r.exitCode).toBeNull();
    expect(r.output).toContain('is not executable (permission denied)');
  });

  it('explains a working directory that does not exist', async () => {
    const r = await runner.run(argvStep(['node', 'argv.mjs']), opts({ cwd: join('/tmp', `no-dir-${randomUUID()}`) }));
    expect(r.exitCode).toBeNull();
    expect(r.output).toContain('working directory');
  });

  it('rejects an empty argv and an argument with a NUL byte as failed results', async () => {
    const empty = await runner.run(argvStep([]), opts());
    expect(empty.exitCode).toBeNull();
    expect(empty.output).toContain('empty argv');
    const nul = await runner.run(argvStep(['node', 'argv.mjs', 'a\u0000b']), opts());
    expect(nul.exitCode).toBeNull();
    expect(nul.output).toContain('could not start program');
  });

  it('does not start a step whose run was already cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await runner.run(argvStep(['node', 'argv.mjs']), opts({ signal: ac.signal }));
    expect(r.exitCode).toBeNull();
    expect(r.output).toContain('not started');
  });
});

describe('argv steps: environment', () => {
  it('gives the child exactly the env it was given, nothing inherited from the parent', async () => {
    const leaked = `OPSGATE_TEST_PARENT_ONLY_${randomUUID().slice(0, 8).toUpperCase()}`;
    process.env[leaked] = 'from-parent';
    try {
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', STEP_VAR: 'from-step', LANG: 'C.UTF-8' };
      const r = await runner.run(argvStep(['node', 'env.mjs']), opts({ env }));
      expect(r.exitCode).toBe(0);
      expect(JSON.parse(r.output)).toEqual(env);
    } finally {
      delete process.env[leaked];
    }
  });
});
