/**
 * No secret leaves the process. Secrets are seeded into a user request, a playbook's output and an
 * error message from a dependency; then every exit is read back and searched for them.
 *
 * Exits are registered in `sinks` below: a new surface (Slack, postmortem drafts, …) joins this test
 * by adding a reader of everything it sent.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChat } from '../../src/adapters/console/chat.js';
import { loadConfig } from '../../src/config.js';
import { createRuntime, type Runtime } from '../../src/main.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

// Obviously fake values in real formats.
const IN_REQUEST = 'ghp_FAKEfakeFAKEfake0000EXAMPLE0000abcd1';
const IN_OUTPUT = 'pgr-fake-EXAMPLE-0000-token-do-not-use';
const IN_ERROR = 'xoxb-000000000000-000000000000-FAKEfakeFAKEfake0000ab';
const LLM_KEY = 'sk-fake-EXAMPLE-openai-key-000000000000';
const SECRETS = { IN_REQUEST, IN_OUTPUT, IN_ERROR, LLM_KEY };

let server: Server;
const llmRequests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      llmRequests.push(`${JSON.stringify(req.headers)}\n${raw}`);
      // The dependency fails with a secret in its error text; the planner must fall back and the
      // error must be redacted wherever it is reported.
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `upstream misconfigured: bot token ${IN_ERROR} rejected`, type: 'server_error' } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('egress: every exit is redacted', () => {
  let rt: Runtime;
  let consoleOut = '';
  const logLines: string[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'opsgate-egress-'));
    cpSync(path.join(ROOT, 'playbooks'), path.join(dir, 'playbooks'), { recursive: true });
    writeFileSync(path.join(dir, 'opsgate.yaml'), 'planner: llm\nllm: { model: fake-model, timeoutMs: 5000 }\n');
    const port = (server.address() as AddressInfo).port;
    const config = loadConfig({
      cwd: dir,
      env: {
        OPENAI_API_KEY: LLM_KEY,
        OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
        PAGER_API_TOKEN: IN_OUTPUT,
        OPSGATE_LOG_LEVEL: 'info',
      },
    });
    rt = await createRuntime(config, { logWrite: (l) => void logLines.push(l) });
    const input = new PassThrough();
    const output = new PassThrough();
    output.on('data', (c: Buffer) => (consoleOut += c.toString('utf8')));
    const done = runChat({ deps: rt.deps, input, output, user: 'U02BOB' });
    input.end(
      [
        `page the payments on-call about checkout failing in prod, the leaked token was ${IN_REQUEST}`,
        '/as carol',
        '/confirm',
        `run fetch-logs service=checkout environment=prod`,
        '/quit',
      ].join('\n') + '\n',
    );
    await done;
    if (process.env.OPSGATE_DEBUG_E2E) process.stderr.write(consoleOut);
  });
  afterAll(() => rt?.close());

  /** Every way text leaves the process. Register new surfaces here. */
  const sinks: Record<string, () => Promise<string>> = {
    console: async () => consoleOut,
    llm: async () => llmRequests.join('\n'),
    log: async () => logLines.join(''),
    database: async () => {
      const tables = await rt.db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
      );
      const dumps: string[] = [];
      for (const t of tables.rows) dumps.push(JSON.stringify((await rt.db.query(`SELECT * FROM "${t.table_name}"`)).rows));
      return dumps.join('\n');
    },
  };

  it('the scenario really exercised each exit', async () => {
    expect(llmRequests.length).toBeGreaterThan(0);
    expect(consoleOut).toContain('Proposal');
    expect(consoleOut).toMatch(/succeeded/);
    // The step received the token and printed it; what came back is masked.
    expect(consoleOut).toMatch(/Token token=\[REDACTED/);
    expect(await sinks.database!()).toContain('execution.succeeded');
    expect(logLines.join('')).toMatch(/fall|LLM|planner/i);
    expect(rt.egress.sinks.get('console')?.writes).toBeGreaterThan(0);
  });

  for (const name of Object.keys(sinks)) {
    it(`no seeded secret reaches the ${name}`, async () => {
      const text = await sinks[name]!();
      expect(text.length).toBeGreaterThan(0);
      for (const [label, secret] of Object.entries(SECRETS)) {
        // The LLM endpoint is the one place its own API key must go (as the auth header).
        if (name === 'llm' && label === 'LLM_KEY') continue;
        expect(text, `${label} leaked to ${name}`).not.toContain(secret);
      }
    });
  }
});
