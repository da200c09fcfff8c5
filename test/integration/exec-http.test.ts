import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessRunner, maskerFor } from '../../src/adapters/exec/index.js';
import type { RenderedStep } from '../../src/core/proposal/types.js';
import { opts } from '../fixtures/exec/helpers.js';

const runner = createProcessRunner();
const TOKEN = 'tok-9f8e7d6c5b4a';
let server: Server;
let base = '';

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (req.url === '/ok') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization ?? null, type: req.headers['content-type'] ?? null, body }));
      } else if (req.url === '/fail') {
        res.writeHead(500, 'Internal Server Error');
        res.end('boom');
      } else if (req.url === '/moved') {
        res.writeHead(302, { location: '/ok' });
        res.end();
      } else if (req.url === '/big') {
        res.writeHead(200);
        res.end('y'.repeat(200_000));
      } else if (req.url === '/hang') {
        // Never answers; the step's timeout must end the request.
      } else {
        res.writeHead(404);
        res.end('not found');
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

function http(path: string, over: Partial<Extract<RenderedStep, { kind: 'http' }>> = {}): RenderedStep {
  return { name: 'call', kind: 'http', method: 'GET', url: `${base}${path}`, headers: {}, timeoutSeconds: 5, ...over };
}

describe('http steps', () => {
  it('reports a 2xx as exit 0 with status line and body; sends an object body as JSON', async () => {
    const r = await runner.run(http('/ok', { method: 'POST', body: { replicas: 3 } }), opts());
    expect(r).toMatchObject({ name: 'call', exitCode: 0, signal: null, timedOut: false, truncated: false });
    expect(r.output.split('\n')[0]).toBe('HTTP 200 OK');
    const echoed = JSON.parse(r.output.split('\n').slice(1).join('\n'));
    expect(echoed).toEqual({ method: 'POST', auth: null, type: 'application/json', body: '{"replicas":3}' });
  });

  it('reports a 500 as exit 1 with the body', async () => {
    const r = await runner.run(http('/fail'), opts());
    expect(r.exitCode).toBe(1);
    expect(r.output).toBe('HTTP 500 Internal Server Error\nboom');
  });

  it('does not follow redirects: 3xx is exit 1 and shows the Location', async () => {
    const r = await runner.run(http('/moved'), opts());
    expect(r.exitCode).toBe(1);
    expect(r.output).toContain('HTTP 302');
    expect(r.output).toContain('Location: /ok');
  });

  it('times out a request that never answers', async () => {
    const t0 = performance.now();
    const r = await runner.run(http('/hang', { timeoutSeconds: 1 }), opts());
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBeNull();
    expect(r.output).toContain('timed out');
  });

  it('turns a refused connection into a failed result with a clear message', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await runner.run(http('/x', { url: `http://127.0.0.1:${port}/x` }), opts());
    expect(r.exitCode).toBeNull();
    expect(r.timedOut).toBe(false);
    expect(r.output).toContain('ECONNREFUSED');
  });

  it('fills ${env:NAME} in headers from the step env and masks the value in the output', async () => {
    const mask = maskerFor([{ name: 'DEPLOY_TOKEN', value: TOKEN }]);
    const step = http('/ok', { headers: { authorization: 'Bearer ${env:DEPLOY_TOKEN}' } });
    const r = await runner.run(step, opts({ env: { DEPLOY_TOKEN: TOKEN }, mask }));
    expect(r.exitCode).toBe(0);
    expect(r.output).not.toContain(TOKEN);
    expect(r.output).toContain('"auth":"Bearer [REDACTED:secret:DEPLOY_TOKEN]"');
  });

  it('refuses a header that names an env var the step does not have', async () => {
    const r = await runner.run(http('/ok', { headers: { authorization: 'Bearer ${env:NOPE_TOKEN}' } }), opts({ env: {} }));
    expect(r.exitCode).toBeNull();
    expect(r.output).toContain('NOPE_TOKEN');
  });

  it('caps the body', async () => {
    const r = await runner.run(http('/big'), opts({ outputCap: 1000 }));
    expect(r.exitCode).toBe(0);
    expect(r.truncated).toBe(true);
    expect(Buffer.byteLength(r.output)).toBeLessThanOrEqual(1000);
    expect(r.output.startsWith('HTTP 200 OK\nyyy')).toBe(true);
  });

  it('stops on cancel', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const r = await runner.run(http('/hang', { timeoutSeconds: 30 }), opts({ signal: ac.signal }));
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBeNull();
    expect(r.output).toContain('cancelled');
  });
});
