// The sandbox estate script run as a real child process, the way the runtime runs playbook steps:
// the Node binary, argv only, cwd = the catalog folder, and an environment of OPSGATE_HOME + PATH.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PlaybookSchema, type ParamSpec, type Playbook } from '../../src/core/catalog/schema.js';

const CATALOG = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'playbooks');
const SCRIPT = 'sandbox/estate.mjs';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runArgv(argv: readonly string[], home: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  const [program, ...args] = argv;
  const bin = program === 'node' ? process.execPath : program!;
  const env = { OPSGATE_HOME: home, PATH: process.env.PATH ?? '', ...extraEnv };
  return new Promise((done) => {
    execFile(bin, args, { cwd: CATALOG, env, timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

const estate = (home: string, ...args: string[]) => runArgv(['node', SCRIPT, ...args], home);

async function ok(home: string, ...args: string[]): Promise<string> {
  const r = await estate(home, ...args);
  expect(r.stderr, `estate ${args.join(' ')}`).toBe('');
  expect(r.code, `estate ${args.join(' ')}`).toBe(0);
  return r.stdout;
}

interface Status {
  version: string;
  sha: string;
  replicas: number;
  health: string;
  restarts: number;
  flags: Record<string, boolean>;
  cacheEntries: number;
  alerts: Array<{ name: string; silenced: boolean }>;
}
const status = async (home: string, service: string, env: string) => JSON.parse(await ok(home, '--json', 'status', service, env)) as Status;
const field = (text: string, name: string) => new RegExp(`^\\s*${name}:\\s+(.*)$`, 'm').exec(text)?.[1];

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'opsgate-estate-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

describe('sandbox estate', () => {
  it('seeds itself on first use under OPSGATE_HOME and reports status', async () => {
    const out = await ok(home, 'status', 'checkout', 'prod');
    expect(existsSync(join(home, 'estate', 'estate.json'))).toBe(true);
    expect(out).toMatch(/^checkout in prod \(team storefront\)$/m);
    expect(field(out, 'version')).toMatch(/^v2\.14\.0 \(sha [0-9a-f]{7}, deployed .* by \w+\)$/);
    expect(field(out, 'replicas')).toBe('6/6 ready');
    expect(field(out, 'health')).toMatch(/^degraded/);
    expect(field(out, 'flags')).toContain('express-checkout=on');
    expect(field(out, 'alerts')).toContain('CheckoutHighErrorRate');
  });

  it('restart bumps the restart counter, heals the service and resolves its alerts', async () => {
    const out = await ok(home, 'restart', 'checkout', 'prod');
    expect(out.match(/replacement ready/g)).toHaveLength(6);
    const after = await ok(home, 'status', 'checkout', 'prod');
    expect(field(after, 'health')).toBe('ok');
    expect(field(after, 'restarts')).toMatch(/^1 \(last /);
    expect(field(after, 'alerts')).toBe('none firing');
    await ok(home, 'restart', 'checkout', 'prod');
    expect((await status(home, 'checkout', 'prod')).restarts).toBe(2);
  });

  it('scale changes the replicas status reports, and refuses out-of-range counts', async () => {
    expect(await ok(home, 'scale', 'payments', 'prod', '9')).toMatch(/4 -> 9 replicas/);
    expect(field(await ok(home, 'status', 'payments', 'prod'), 'replicas')).toBe('9/9 ready');
    for (const bad of ['0', '101', '-3', 'ten', '2.5']) {
      const r = await estate(home, 'scale', 'payments', 'prod', bad);
      expect(r.code, bad).not.toBe(0);
      expect(r.stderr, bad).toMatch(/replicas/);
    }
    expect((await status(home, 'payments', 'prod')).replicas).toBe(9);
  });

  it('rollback previous picks the release before the current one, and does not ping-pong', async () => {
    const history = JSON.parse(await ok(home, '--json', 'deploys', 'checkout', 'prod')) as Array<{ version: string }>;
    expect(history[0]!.version).toBe('v2.14.0');
    const prior = history[1]!.version;
    expect(prior).not.toBe('v2.14.0');

    // resolve-version names the release "previous" means, before anything changes.
    expect((await ok(home, 'resolve-version', 'checkout', 'prod', 'previous')).trim()).toBe(prior);
    expect(await ok(home, 'rollback', 'checkout', 'prod', 'previous')).toContain(`v2.14.0 -> ${prior}`);
    const s = await status(home, 'checkout', 'prod');
    expect(s.version).toBe(prior);
    expect(s.health).toBe('ok');
    const deploys = await ok(home, 'deploys', 'checkout', 'prod', '3');
    expect(deploys.split('\n')[1]).toMatch(new RegExp(`${prior.replace(/\./g, '\\.')} .*rollback from v2\\.14\\.0, current`));

    // A second "previous" keeps going back instead of returning to the release just rolled back.
    expect((await ok(home, 'resolve-version', 'checkout', 'prod', 'previous')).trim()).toBe(history[2]!.version);
    await ok(home, 'rollback', 'checkout', 'prod', 'previous');
    const again = (await status(home, 'checkout', 'prod')).version;
    expect(again).toBe(history[2]!.version);
  });

  it('rollback to an explicit version or SHA must name a release from the history', async () => {
    await ok(home, 'rollback', 'payments', 'prod', '5.6.0');
    expect((await status(home, 'payments', 'prod')).version).toBe('v5.6.0');
    const history = JSON.parse(await ok(home, '--json', 'deploys', 'payments', 'prod')) as Array<{ version: string; sha: string }>;
    const target = history.find((d) => d.version === 'v5.7.1')!;
    await ok(home, 'rollback', 'payments', 'prod', target.sha);
    expect((await status(home, 'payments', 'prod')).version).toBe('v5.7.1');

    const unknown = await estate(home, 'rollback', 'payments', 'prod', 'v9.9.9');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/v9\.9\.9 was never deployed to payments in prod; releases in its history: v5\.4\.0/);
    const same = await estate(home, 'rollback', 'payments', 'prod', 'v5.7.1');
    expect(same.code).toBe(1);
    expect(same.stderr).toMatch(/already running v5\.7\.1/);
    const junk = await estate(home, 'rollback', 'payments', 'prod', 'latest; rm -rf /');
    expect(junk.code).toBe(2);
    expect((await status(home, 'payments', 'prod')).version).toBe('v5.7.1');
  });

  it('rejects unknown services, environments, commands and options with a message and a non-zero exit', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['status', 'chekout', 'prod'], /unknown service "chekout"; known services: checkout, payments/],
      [['restart', 'checkout', 'qa'], /checkout does not run in environment "qa"; it runs in: prod, staging, dev/],
      [['status', 'notifications', 'dev'], /notifications does not run in environment "dev"/],
      [['status', 'checkout'], /expected <service> <env>/],
      [['status', 'checkout', 'prod', 'extra'], /too many arguments/],
      [['restart', '--help', 'prod'], /"--help" is not a valid name/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['--force', 'restart', 'checkout', 'prod'], /unknown option --force/],
      [['--dry-run', 'status', 'checkout', 'prod'], /--dry-run does not apply to "status"/],
      [['flag', 'checkout', 'prod', 'no-such-flag', 'on'], /checkout has no feature flag "no-such-flag" in prod; its flags: express-checkout/],
      [['flag', 'checkout', 'prod', 'express-checkout', 'maybe'], /state must be "on" or "off"/],
      [['silence', 'CheckoutHighErrorRate', 'prod', 'forever', 'x'], /ISO-8601 duration/],
      [['silence', 'CheckoutHighErrorRate', 'prod', 'PT1H'], /reason must not be empty/],
      [['page', 'nobody', 'prod', 'high', 'hello'], /unknown team or service "nobody"/],
      [['drain', 'prod-node-9', 'prod'], /no node "prod-node-9" in prod; nodes: prod-node-1/],
      [['failover', 'orders-db', 'qa'], /orders-db has no cluster in "qa"/],
      [['logs', 'checkout', 'prod', '10', 'PT15M', 'debug'], /level must be one of/],
    ];
    for (const [args, message] of cases) {
      const r = await estate(home, ...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout, args.join(' ')).toBe('');
    }
  });

  it('dry runs describe the change and leave the estate untouched', async () => {
    await ok(home, 'status', 'checkout', 'prod');
    const file = join(home, 'estate', 'estate.json');
    const before = readFileSync(file, 'utf8');
    const previews: string[][] = [
      ['restart', 'checkout', 'prod'],
      ['rollback', 'checkout', 'prod', 'previous'],
      ['scale', 'checkout', 'prod', '12'],
      ['flag', 'checkout', 'prod', 'express-checkout', 'off'],
      ['flush-cache', 'checkout', 'prod', 'price:'],
      ['silence', 'CheckoutHighErrorRate', 'prod', 'PT30M', 'rollback under way'],
      ['page', 'storefront', 'prod', 'high', 'checkout 5xx'],
      ['drain', 'prod-node-3', 'prod'],
      ['failover', 'orders-db', 'prod'],
    ];
    for (const args of previews) {
      const out = await ok(home, '--dry-run', ...args);
      expect(out, args.join(' ')).toMatch(/^would /);
      expect(out, args.join(' ')).toContain('dry run: nothing was changed');
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('flags, cache flushes, silences, pages, drains and failovers persist', async () => {
    await ok(home, 'flag', 'checkout', 'prod', 'express-checkout', 'off');
    expect((await status(home, 'checkout', 'prod')).flags['express-checkout']).toBe(false);

    expect(await ok(home, 'flush-cache', 'checkout', 'prod', 'price:')).toMatch(/flushed 4 entries starting with "price:" .* 8 left/);
    expect(await ok(home, 'flush-cache', 'checkout', 'prod')).toMatch(/flushed all 8 entries/);
    expect((await status(home, 'checkout', 'prod')).cacheEntries).toBe(0);

    await ok(home, 'silence', 'CheckoutHighErrorRate', 'prod', 'PT2H', 'rollback', 'in', 'progress');
    expect((await status(home, 'checkout', 'prod')).alerts).toEqual([expect.objectContaining({ name: 'CheckoutHighErrorRate', silenced: true })]);

    expect(await ok(home, 'page', 'checkout', 'prod', 'low', 'cart errors')).toMatch(/paged storefront on-call dave \(page-1, prod, urgency low\): cart errors/);

    await ok(home, 'drain', 'prod-node-3', 'prod');
    const drained = await estate(home, 'drain', 'dev-node-1', 'dev');
    expect(drained.code).toBe(1);
    expect(drained.stderr).toMatch(/last schedulable node in dev/);
    expect(await ok(home, 'drain', 'prod-node-3', 'prod')).toMatch(/already cordoned and empty/);
    expect(await ok(home, 'uncordon', 'prod-node-3', 'prod')).toMatch(/uncordoned prod-node-3/);

    expect(await ok(home, 'failover', 'orders-db', 'prod')).toMatch(/primary is now orders-db-prod-b/);
    expect(await ok(home, 'failover', 'orders-db', 'prod')).toMatch(/primary is now orders-db-prod-c/);

    const saved = JSON.parse(readFileSync(join(home, 'estate', 'estate.json'), 'utf8')) as {
      silences: unknown[];
      pages: unknown[];
      nodes: Record<string, Array<{ name: string; cordoned: boolean; pods: number }>>;
    };
    expect(saved.silences).toHaveLength(1);
    expect(saved.pages).toHaveLength(1);
    expect(saved.nodes.prod!.find((n) => n.name === 'prod-node-3')).toEqual({ name: 'prod-node-3', cordoned: false, pods: 0 });
    expect(saved.nodes.prod!.reduce((n, x) => n + x.pods, 0)).toBe(40);
  });

  it('synthesises deterministic logs that include a fake credential for redaction to catch', async () => {
    const strip = (s: string) => s.replace(/^\S+Z /gm, '');
    const a = await ok(home, 'logs', 'checkout', 'prod', '60', 'PT30M');
    const b = await ok(home, 'logs', 'checkout', 'prod', '60', 'PT30M');
    expect(strip(a)).toBe(strip(b));
    const lines = a.trimEnd().split('\n');
    expect(lines).toHaveLength(61);
    expect(a).toMatch(/DB_PASSWORD=fake-\S+/);
    expect(lines.slice(1).every((l) => /^\d{4}-\d\d-\d\dT\S+Z (INFO|WARN|ERROR) /.test(l))).toBe(true);
    const errors = await ok(home, 'logs', 'checkout', 'prod', '60', 'PT30M', 'error');
    expect(errors.trimEnd().split('\n').slice(1).every((l) => / ERROR /.test(l))).toBe(true);
    // Different state, different logs: after a restart the degraded errors mostly go away.
    await ok(home, 'restart', 'checkout', 'prod');
    const healed = await ok(home, 'logs', 'checkout', 'prod', '60', 'PT30M', 'error');
    expect(healed.split('\n').length).toBeLessThan(errors.split('\n').length);
  });

  it('passes free text through as one literal argument', async () => {
    const text = 'checkout 5xx; $(rm -rf /) `id` && echo "pwned" --dry-run';
    expect(await ok(home, 'page', 'storefront', 'prod', 'high', text)).toContain(`: ${text}\n`);
    expect(await ok(home, 'silence', 'CheckoutHighErrorRate', 'prod', 'PT1H', text)).toContain(`: ${text}\n`);
  });

  it('uses the pager token only when the environment provides it', async () => {
    const token = 'pgr-FAKE-0123456789abcdef';
    const withToken = await runArgv(['node', SCRIPT, 'page', 'payments', 'prod', 'high', 'latency'], home, { PAGER_API_TOKEN: token });
    expect(withToken.code).toBe(0);
    expect(withToken.stdout).toContain(token);
    const without = await ok(home, 'page', 'payments', 'prod', 'high', 'latency');
    expect(without).toContain('PAGER_API_TOKEN is not set');
    expect(without).not.toContain(token);
  });

  it('keeps every change when many processes write different targets at once', async () => {
    const targets: Array<[string, string]> = [
      ['checkout', 'prod'], ['checkout', 'staging'], ['payments', 'prod'], ['payments', 'staging'],
      ['web', 'prod'], ['web', 'dev'], ['api-gateway', 'prod'], ['search', 'staging'],
      ['auth', 'prod'], ['orders', 'prod'], ['notifications', 'prod'], ['notifications', 'staging'],
    ];
    // No estate yet: the first-use seeding races too.
    const runs = await Promise.all([
      ...targets.map(([s, e], i) => estate(home, 'scale', s, e, String(10 + i))),
      estate(home, 'flag', 'web', 'prod', 'dark-mode', 'off'),
      estate(home, 'restart', 'payments', 'prod'),
    ]);
    for (const r of runs) expect(r.stderr).toBe('');
    for (const r of runs) expect(r.code).toBe(0);
    for (const [i, [s, e]] of targets.entries()) expect((await status(home, s, e)).replicas, `${s}/${e}`).toBe(10 + i);
    expect((await status(home, 'web', 'prod')).flags['dark-mode']).toBe(false);
    expect((await status(home, 'payments', 'prod')).restarts).toBe(1);
    expect(readdirSync(join(home, 'estate')).sort()).toEqual(['estate.json']);
  });

  it('recovers from a lock left by a dead process', async () => {
    await ok(home, 'status', 'checkout', 'prod');
    writeFileSync(join(home, 'estate', 'estate.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, at: new Date().toISOString() }));
    const started = Date.now();
    await ok(home, 'scale', 'checkout', 'prod', '7');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await status(home, 'checkout', 'prod')).replicas).toBe(7);
  });

  it('explains a corrupt estate file and can be reset', async () => {
    await ok(home, 'scale', 'checkout', 'prod', '7');
    writeFileSync(join(home, 'estate', 'estate.json'), '{ not json');
    const r = await estate(home, 'status', 'checkout', 'prod');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read .*estate\.json.*run "reset"/);
    await ok(home, 'reset');
    expect((await status(home, 'checkout', 'prod')).replicas).toBe(6);
  });

  it('has sleep and noop commands for runtime tests and benchmarks', async () => {
    const started = Date.now();
    expect(await ok(home, 'sleep', '0.3')).toBe('sleeping 0.3s\nslept 0.3s\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(await ok(home, 'noop')).toBe('noop\n');
    expect(existsSync(join(home, 'estate'))).toBe(false);
  });
});

describe('demo playbooks against the sandbox', () => {
  const files = readdirSync(CATALOG).filter((f) => f.endsWith('.yaml') && f !== 'inventory.yaml' && f !== 'policy.yaml');
  const playbooks = files.map((f) => PlaybookSchema.parse(parse(readFileSync(join(CATALOG, f), 'utf8'))));
  const FREE_TEXT = 'investigating; $(rm -rf /) && echo "pwned" --dry-run';

  /** A valid value for each param, the way a proposal would carry it after validation. */
  function sample(p: ParamSpec): string {
    switch (p.type) {
      case 'service':
        return 'checkout';
      case 'environment':
        return 'prod';
      case 'integer':
        return String(p.default ?? Math.min(p.max, Math.max(p.min, 3)));
      case 'version':
        return p.keywords[0] ?? 'v2.13.1';
      case 'duration':
        return p.default ?? p.min;
      case 'enum':
        return p.name === 'state' ? 'off' : (p.default ?? p.values[0]!);
      case 'string':
        return p.default ?? p.example!;
      case 'text':
        return FREE_TEXT;
    }
  }

  function render(pb: Playbook, which: 'steps' | 'dryRun'): string[][] {
    const values = Object.fromEntries(pb.params.map((p) => [p.name, sample(p)]));
    return (pb[which] ?? []).map((s) => {
      if (!('run' in s)) throw new Error(`${pb.id}/${s.name} is not an argv step`);
      return s.run.map((a) => a.replace(/\{([a-zA-Z_]+)\}/g, (_w, n: string) => values[n]!));
    });
  }

  it.each(playbooks.map((pb) => [pb.id, pb] as const))('%s runs its steps, and its dry run changes nothing', async (_id, pb) => {
    const secrets = Object.fromEntries(pb.secrets.map((name) => [name, `${name.toLowerCase()}-FAKE-value`]));
    await ok(home, 'status', 'checkout', 'prod');
    // Undo playbooks need something to undo.
    if (pb.id === 'uncordon-node') await ok(home, 'drain', 'prod-node-3', 'prod');
    const file = join(home, 'estate', 'estate.json');

    const before = readFileSync(file, 'utf8');
    for (const argv of render(pb, 'dryRun')) {
      const r = await runArgv(argv, home, secrets);
      expect(r.stderr, argv.join(' ')).toBe('');
      expect(r.code, argv.join(' ')).toBe(0);
    }
    expect(readFileSync(file, 'utf8'), `${pb.id} dry run`).toBe(before);

    let output = '';
    for (const argv of render(pb, 'steps')) {
      const r = await runArgv(argv, home, secrets);
      expect(r.stderr, argv.join(' ')).toBe('');
      expect(r.code, argv.join(' ')).toBe(0);
      output += r.stdout;
    }
    if (pb.risk === 'read') expect(readFileSync(file, 'utf8'), `${pb.id} is read-only`).toBe(before);
    else expect(readFileSync(file, 'utf8'), `${pb.id} changes the estate`).not.toBe(before);
    if (pb.params.some((p) => p.type === 'text')) expect(output).toContain(FREE_TEXT);
    for (const value of Object.values(secrets)) expect(output, 'the step used its secret').toContain(value);
  });
});
