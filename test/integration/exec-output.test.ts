import { describe, expect, it } from 'vitest';
import { createProcessRunner, maskerFor } from '../../src/adapters/exec/index.js';
import { argvStep, opts } from '../fixtures/exec/helpers.js';

const runner = createProcessRunner();
const SECRET = 's3cr3t-t0ken-VALUE-42';
const mask = maskerFor([{ name: 'API_TOKEN', value: SECRET }]);
const MARKER = '[REDACTED:secret:API_TOKEN]';

describe('argv steps: output cap', () => {
  it('keeps the first part of a 5 MB output, marks it truncated and does not deadlock', async () => {
    const cap = 64 * 1024;
    const r = await runner.run(argvStep(['node', 'flood.mjs', '5'], 25), opts({ outputCap: cap }));
    // exit 0 (not a timeout kill) proves the pipes were drained past the cap.
    expect(r.exitCode).toBe(0);
    expect(r.timedOut).toBe(false);
    expect(r.truncated).toBe(true);
    expect(Buffer.byteLength(r.output, 'utf8')).toBeLessThanOrEqual(cap);
    expect(Buffer.byteLength(r.output, 'utf8')).toBeGreaterThan(cap / 2);
    expect(r.output.startsWith('flood starting\n') || r.output.startsWith('x')).toBe(true);
  });

  it('streams no more than the cap to onOutput either', async () => {
    const cap = 10_000;
    const chunks: string[] = [];
    const r = await runner.run(
      argvStep(['node', 'flood.mjs', '1'], 25),
      opts({ outputCap: cap, onOutput: (c) => chunks.push(c) }),
    );
    expect(r.truncated).toBe(true);
    expect(Buffer.byteLength(chunks.join(''), 'utf8')).toBeLessThanOrEqual(cap);
    expect(chunks.length).toBeGreaterThan(0);
  });

  it('does not leave the start of a secret at the cut when the secret straddles the cap', async () => {
    const cap = 100;
    const code = `process.stdout.write('a'.repeat(95) + process.env.API_TOKEN + '\\n' + 'b'.repeat(50))`;
    const r = await runner.run(
      argvStep(['node', '-e', code]),
      opts({ outputCap: cap, mask, env: { API_TOKEN: SECRET } }),
    );
    expect(r.exitCode).toBe(0);
    expect(r.truncated).toBe(true);
    expect(Buffer.byteLength(r.output, 'utf8')).toBeLessThanOrEqual(cap);
    expect(r.output).not.toContain(SECRET.slice(0, 4));
    expect(r.output.startsWith('a'.repeat(95))).toBe(true);
  });

  it('does not mark short output as truncated', async () => {
    const r = await runner.run(argvStep(['node', '-e', "console.log('ok')"]), opts({ outputCap: 100 }));
    expect(r).toMatchObject({ exitCode: 0, truncated: false, output: 'ok\n' });
  });
});

describe('argv steps: masking and decoding', () => {
  it('masks a secret printed byte by byte, in the result and in every onOutput chunk', async () => {
    const chunks: string[] = [];
    const r = await runner.run(
      argvStep(['node', 'slow-print.mjs', 'API_TOKEN', 'twice']),
      opts({ env: { API_TOKEN: SECRET }, mask, onOutput: (c) => chunks.push(c) }),
    );
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe(`token=${MARKER} and again ${MARKER} done é✓\n`);
    expect(chunks.join('')).toBe(r.output);
    for (const c of chunks) expect(c).not.toContain(SECRET.slice(0, 6));
  });

  it('decodes multi-byte UTF-8 split across chunks without replacement characters', async () => {
    const r = await runner.run(argvStep(['node', 'slow-print.mjs', 'NONE']), opts());
    expect(r.output).toBe('token= done é✓\n');
    expect(r.output).not.toContain('\uFFFD');
  });

  it('masks secrets on stderr too', async () => {
    const r = await runner.run(
      argvStep(['node', '-e', 'console.error("err:", process.env.API_TOKEN); process.exitCode = 2']),
      opts({ env: { API_TOKEN: SECRET }, mask }),
    );
    expect(r.exitCode).toBe(2);
    expect(r.output).toBe(`err: ${MARKER}\n`);
  });

  it('keeps stdout and stderr in arrival order', async () => {
    const code = `
      const w = (s, t) => new Promise((r) => s.write(t, r));
      (async () => { await w(process.stdout, 'one\\n'); await new Promise((r) => setTimeout(r, 50));
        await w(process.stderr, 'two\\n'); await new Promise((r) => setTimeout(r, 50));
        await w(process.stdout, 'three\\n'); })();`;
    const r = await runner.run(argvStep(['node', '-e', code]), opts());
    expect(r.output).toBe('one\ntwo\nthree\n');
  });
});
