import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { redactStream } from '../../src/app/redact-stream.js';
import { createRedactor } from '../../src/core/redaction/index.js';

const redactor = createRedactor();
const GHP = 'ghp_FAKE0000aB3dE5gH7jaB3dE5gH7jaB3dE5gH';

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** Emits `text` in small byte chunks, splitting lines and multi-byte characters across chunks. */
function chunked(text: string, size = 7): Readable {
  const buf = Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

describe('redactStream, line mode', () => {
  it('redacts each line and keeps everything else byte for byte', async () => {
    const input = `ok line — ünïcode\nexport GITHUB_TOKEN=${GHP}\r\nDATABASE_URL=postgres://app:Xk9FAKE-pw2024@db/orders\nno newline at end`;
    const out = sink();
    const stats = await redactStream(chunked(input), out.stream, redactor);
    expect(out.text()).toBe('ok line — ünïcode\nexport GITHUB_TOKEN=[REDACTED:github-pat]\r\n' +
      'DATABASE_URL=postgres://app:[REDACTED:password]@db/orders\nno newline at end');
    expect(stats).toEqual({ lines: 4, findings: 2, errors: 0 });
  });

  it('redacts a PEM key whose lines arrive separately', async () => {
    const input = 'before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAFAKE0000FAKE0000abcdefghijklmnop\nqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUV\n-----END RSA PRIVATE KEY-----\nafter\n';
    const out = sink();
    await redactStream(chunked(input, 5), out.stream, redactor);
    expect(out.text()).toBe('before\n-----BEGIN RSA PRIVATE KEY-----\n[REDACTED:private-key]\n-----END RSA PRIVATE KEY-----\nafter\n');
  });

  it('sees context spanning lines (k8s env name/value pair)', async () => {
    const out = sink();
    await redactStream(Readable.from(['env:\n- name: DB_PASSWORD\n  value: "Zq8FAKE-pw-77x"\n- name: LOG_LEVEL\n  value: info\n']), out.stream, redactor);
    expect(out.text()).toBe('env:\n- name: DB_PASSWORD\n  value: "[REDACTED:password]"\n- name: LOG_LEVEL\n  value: info\n');
  });

  it('redacts a truncated PEM key at the end of input', async () => {
    const out = sink();
    await redactStream(Readable.from(['-----BEGIN PRIVATE KEY-----\nMIIEvFAKE0000abcdefghijklmnopqrstuvwxyz0123456789\n']), out.stream, redactor);
    expect(out.text()).toBe('-----BEGIN PRIVATE KEY-----\n[REDACTED:private-key]\n');
  });

  it('handles a very long line', async () => {
    const long = 'x'.repeat(2_000_000) + ` token=${GHP}\n`;
    const out = sink();
    await redactStream(chunked(long, 65536), out.stream, redactor);
    expect(out.text().endsWith(' token=[REDACTED:github-pat]\n')).toBe(true);
    expect(out.text().length).toBe(2_000_000 + ' token=[REDACTED:github-pat]\n'.length);
  });

  it('waits for a slow consumer (backpressure)', async () => {
    const pass = new PassThrough({ highWaterMark: 16 });
    const input = Array.from({ length: 200 }, (_, i) => `line ${i} password=Winter42!FAKE${i}\n`).join('');
    const collected: string[] = [];
    const done = (async () => {
      for await (const c of pass) collected.push(String(c));
    })();
    await redactStream(chunked(input, 64), pass, redactor);
    pass.end();
    await done;
    expect(collected.join('')).not.toContain('Winter42!FAKE');
    expect(collected.join('').split('\n')).toHaveLength(201);
  });
});

describe('redactStream, --jsonl mode', () => {
  it('maps {id, text} to {id, redacted, findings}', async () => {
    const input = [JSON.stringify({ id: 'a1', text: `GITHUB_TOKEN=${GHP}` }), '', JSON.stringify({ id: 7, text: 'nothing here' })].join('\n') + '\n';
    const out = sink();
    const stats = await redactStream(chunked(input), out.stream, redactor, { jsonl: true });
    const lines = out.text().trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([
      { id: 'a1', redacted: 'GITHUB_TOKEN=[REDACTED:github-pat]', findings: [{ kind: 'github-pat', rule: 'github-pat', start: 13, end: 13 + GHP.length }] },
      { id: 7, redacted: 'nothing here', findings: [] },
    ]);
    expect(stats).toEqual({ lines: 2, findings: 1, errors: 0 });
  });

  it('reports malformed lines without echoing them', async () => {
    const out = sink();
    const stats = await redactStream(Readable.from([`not json ${GHP}\n{"id":1}\n`]), out.stream, redactor, { jsonl: true });
    expect(out.text()).not.toContain(GHP);
    expect(out.text().trim().split('\n').map((l) => (JSON.parse(l) as { line: number }).line)).toEqual([1, 2]);
    expect(stats.errors).toBe(2);
  });
});
