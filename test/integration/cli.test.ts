import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDb } from '../../src/adapters/db/db.js';
import { beforeAll, describe, expect, it, vi } from 'vitest';

// Each CLI call is a fresh process that opens the embedded database; the first creates it.
vi.setConfig({ testTimeout: 180_000 });

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/opsgate.js');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `opsgate` binary as a child process. */
async function opsgate(args: string[], env: Record<string, string> = {}, input?: string): Promise<Result> {
  const base: NodeJS.ProcessEnv = { ...process.env, OPSGATE_LOG_LEVEL: 'warn', ...env };
  delete base.DATABASE_URL;
  if (env.DATABASE_URL) base.DATABASE_URL = env.DATABASE_URL;
  try {
    const p = run(process.execPath, [BIN, ...args], { env: base, cwd: ROOT, timeout: 60_000 });
    if (input !== undefined) {
      p.child.stdin?.end(input);
    }
    const { stdout, stderr } = await p;
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

/** A config in a temp folder with a copy of the demo catalog and its own data dir. */
function workspace(): { dir: string; config: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'opsgate-cli-'));
  cpSync(path.join(ROOT, 'playbooks'), path.join(dir, 'playbooks'), { recursive: true });
  const config = path.join(dir, 'opsgate.yaml');
  writeFileSync(config, 'playbooks: ./playbooks\ninventory: ./playbooks/inventory.yaml\npolicy: ./playbooks/policy.yaml\ndataDir: ./.opsgate\n');
  return { dir, config };
}

describe('opsgate CLI', () => {
  let ws: { dir: string; config: string };
  beforeAll(() => {
    ws = workspace();
  });

  it('every command has --help', async () => {
    for (const cmd of [[], ['ask'], ['confirm'], ['cancel'], ['chat'], ['serve'], ['dryrun'], ['eval'], ['redact'], ['catalog', 'check'], ['audit', 'verify'], ['audit', 'export'], ['proposals']]) {
      const r = await opsgate([...cmd, '--help']);
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.stdout).toContain('Usage: opsgate');
    }
  });

  it('catalog check passes on the demo catalog', async () => {
    const r = await opsgate(['catalog', 'check', '--config', ws.config]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/catalog ok: \d+ playbooks/);
  });

  it('catalog check reports malformed YAML and schema errors with file:line and what to write', async () => {
    const bad = workspace();
    const restart = path.join(bad.dir, 'playbooks/restart-service.yaml');
    const src = readFileSync(restart, 'utf8');
    writeFileSync(restart, src.replace('risk: low', 'risk: medium'));
    writeFileSync(path.join(bad.dir, 'playbooks/broken.yaml'), 'id: broken\ntitle: [unclosed\n');
    const r = await opsgate(['catalog', 'check', '--config', bad.config]);
    expect(r.code).toBe(1);
    const riskLine = src.split('\n').findIndex((l) => l.startsWith('risk:')) + 1;
    expect(r.stderr).toContain(`restart-service.yaml:${riskLine}: risk: write one of: read, low, high`);
    expect(r.stderr).toMatch(/broken\.yaml:\d+: YAML syntax/);
  });

  it('ask proposes, confirm runs once, a second confirm is refused, audit verifies', async () => {
    const ask = await opsgate(['ask', 'run restart-service service=checkout environment=staging', '--as', 'bob', '--json', '--config', ws.config]);
    expect(ask.code).toBe(0);
    const line = JSON.parse(ask.stdout.trim());
    expect(line).toMatchObject({ kind: 'proposal', playbook: 'restart-service', params: { service: 'checkout', environment: 'staging' } });
    const c1 = await opsgate(['confirm', line.proposalId, '--as', 'alice', '--json', '--config', ws.config]);
    expect(JSON.parse(c1.stdout.trim())).toMatchObject({ kind: 'executed', state: 'succeeded' });
    const c2 = await opsgate(['confirm', line.proposalId, '--as', 'alice', '--json', '--config', ws.config]);
    expect(c2.code).toBe(1);
    expect(JSON.parse(c2.stdout.trim())).toMatchObject({ kind: 'already' });
    const v = await opsgate(['audit', 'verify', '--config', ws.config]);
    expect(v.stdout).toMatch(/audit log ok: \d+ rows/);
    const head = /head (\d+:[0-9a-f]{64})/.exec(v.stdout)![1]!;
    const exp = await opsgate(['audit', 'export', '--config', ws.config]);
    const rows = exp.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['proposal.created', 'proposal.approved', 'execution.succeeded', 'confirm.refused']));
    // Delete the newest row the way a table owner could; the chain alone cannot see it, the head can.
    const db = await openDb({ dataDir: path.join(ws.dir, '.opsgate/pgdata') });
    await db.exec('ALTER TABLE audit_log DISABLE TRIGGER USER; DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log); ALTER TABLE audit_log ENABLE TRIGGER USER');
    await db.close();
    const cut = await opsgate(['audit', 'verify', '--head', head, '--config', ws.config]);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain('rows were deleted from the end');
  });

  it('ask --batch answers one JSON line per input, in order, and survives bad lines', async () => {
    const file = path.join(ws.dir, 'batch.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'a', text: 'run scale-service service=web environment=prod replicas=4', as: 'bob' }),
        'not json',
        JSON.stringify({ id: 'b', text: 'run restart-service service=checkout' }),
        JSON.stringify({ id: 'c', text: 'run no-such-playbook' }),
      ].join('\n'),
    );
    const r = await opsgate(['ask', '--batch', file, '--json', '--config', ws.config]);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.kind)).toEqual(['proposal', 'refuse', 'clarify', 'refuse']);
    expect(lines[2].missing).toEqual(['environment']);
  });

  it('bad input gets a message that says what to do, never a stack trace', async () => {
    const unknown = await opsgate(['ask', 'run drop-database', '--config', ws.config]);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain('Known playbooks:');
    const badParams = await opsgate(['ask', 'run scale-service service=web environment=prod replicas=100000', '--config', ws.config]);
    expect(badParams.stdout).toMatch(/outside the allowed range/);
    const missingCfg = await opsgate(['catalog', 'check', '--config', path.join(ws.dir, 'nope.yaml')]);
    expect(missingCfg.code).toBe(2);
    expect(missingCfg.stderr).toContain('does not exist');
    const notFound = await opsgate(['confirm', 'p_doesnotexist', '--as', 'alice', '--config', ws.config]);
    expect(notFound.stdout).toContain('no proposal p_doesnotexist');
    const noBatch = await opsgate(['ask', '--batch', path.join(ws.dir, 'missing.jsonl'), '--config', ws.config]);
    expect(noBatch.code).toBe(2);
    expect(noBatch.stderr).toContain('cannot read --batch file');
    const badOut = await opsgate(['audit', 'export', '--out', path.join(ws.dir, 'no/such/dir/x.jsonl'), '--config', ws.config]);
    expect(badOut.code).toBe(2);
    expect(badOut.stderr).toContain('cannot write');
    const pasted = await opsgate(['ghp_FAKEfakeFAKEfake0000EXAMPLE0000abcd1']);
    expect(pasted.stderr).toContain('unknown command');
    expect(pasted.stderr).not.toContain('ghp_FAKEfakeFAKEfake0000EXAMPLE0000abcd1');
    for (const r of [unknown, badParams, missingCfg, notFound, noBatch, badOut, pasted]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a dangling link in the catalog folder and a data folder under a file are explained, not crashes', async () => {
    const w = workspace();
    symlinkSync(path.join(w.dir, 'nowhere.yaml'), path.join(w.dir, 'playbooks/dangling.yaml'));
    const check = await opsgate(['catalog', 'check', '--config', w.config]);
    expect(check.stdout).toMatch(/catalog ok/);
    writeFileSync(path.join(w.dir, 'afile'), 'x');
    writeFileSync(w.config, 'dataDir: ./afile/data\n');
    const r = await opsgate(['proposals', '--config', w.config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot create the data folder');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unreachable database is reported with the host, without the password, and what to do', async () => {
    const r = await opsgate(['proposals', '--config', ws.config], { DATABASE_URL: 'postgres://app:hunter2-fake-pw@127.0.0.1:1/opsgate' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DB_UNAVAILABLE');
    expect(r.stderr).toContain('127.0.0.1:1');
    expect(r.stderr).not.toContain('hunter2-fake-pw');
    expect(r.stderr).toMatch(/DATABASE_URL/);
  });

  it('the console chat survives garbage and walks a two-person confirmation', async () => {
    const script = [
      '/as nobody',
      '/confirm',
      'run failover-database database=orders-db environment=staging',
      '/confirm',
      '/as carol',
      '/confirm',
      '\u0000\u0001 run',
      '/quit',
    ].join('\n');
    const r = await opsgate(['chat', '--as', 'alice', '--config', ws.config], {}, `${script}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('unknown user "nobody"');
    expect(r.stdout).toMatch(/needs a second person|may not confirm/);
    // carol is the second person: her confirm ran the failover.
    const afterCarol = r.stdout.slice(r.stdout.indexOf('Now acting as carol'));
    expect(afterCarol).toMatch(/✅ succeeded/);
    expect(r.stdout).toMatch(/unknown command|Not proposing|❓/);
  });
});
