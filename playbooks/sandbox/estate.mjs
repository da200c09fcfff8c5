#!/usr/bin/env node
// The sandbox estate: a pretend production estate kept in $OPSGATE_HOME/estate/estate.json so the demo
// catalog does real, visible work on a fresh machine. Dependency-free on purpose: the runtime runs it
// with the bare Node binary, no shell and an environment holding only OPSGATE_HOME, PATH, HOME, LANG, TZ
// and the secrets a playbook declares.
//
//   node sandbox/estate.mjs [--dry-run] [--json] <command> <args...>
//
// Options go before the command; everything after it is positional and taken verbatim, so free text
// such as "--dry-run" or "; rm -rf /" in a reason or message is just text.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SEED_FILE = path.join(HERE, 'seed.json');

const USAGE = `usage: node sandbox/estate.mjs [--dry-run] [--json] <command> <args...>

read
  status <service> <env>                      version, replicas, health, flags, alerts
  deploys <service> <env> [limit]              deploy history, newest first (default 10)
  logs <service> <env> [lines] [since] [level] synthesised logs (default 100, PT15M, all)
  overview [env]                               every service at a glance
change (add --dry-run to see what would change)
  restart <service> <env>                      rolling restart; health back to ok
  rollback <service> <env> <version|previous>  redeploy an earlier release from the history
  resolve-version <service> <env> previous  print the release "previous" means now (read-only)
  scale <service> <env> <replicas>             set the replica count (1-100)
  flag <service> <env> <flag> <on|off>         toggle a feature flag
  flush-cache <service> <env> [prefix]         drop cache entries (prefix "*" = all, the default)
  silence <alert> <env> <duration> <reason...> silence an alert for an ISO-8601 duration (max P7D)
  page <team|service> <env> <high|low> <message...>
                                               page the on-call of a team (or of a service's owner)
  drain <node> <env>                           cordon a node and move its pods elsewhere
  uncordon <node> <env>                        make a node schedulable again
  failover <database> <env>                    promote a replica to primary
  reset                                        throw the estate away and re-seed it
testing
  sleep <seconds>                              wait, then exit 0 (for timeout tests)
  noop                                         do nothing, touch nothing (for benchmarks)`;

class UsageError extends Error {
  exitCode = 2;
}
class EstateError extends Error {
  exitCode = 1;
}

// ---------------------------------------------------------------- storage

function homeDir() {
  const h = process.env.OPSGATE_HOME;
  return h && h.trim() ? path.resolve(h) : path.resolve(HERE, '..', '..', '.opsgate');
}
const estateDir = () => path.join(homeDir(), 'estate');
const estateFile = () => path.join(estateDir(), 'estate.json');
const lockFile = () => path.join(estateDir(), 'estate.lock');

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * Removes the lock when its holder died or it is far older than any estate write takes. A holder that
 * just finished also looks dead, and by then the file may be a new holder's lock: so the file judged
 * stale is moved aside and checked to be the same file (inode) before it is deleted.
 */
function breakStaleLock(file) {
  let st;
  let holder = null;
  let fd;
  try {
    fd = fs.openSync(file, 'r');
    st = fs.fstatSync(fd);
    holder = JSON.parse(fs.readFileSync(fd, 'utf8'));
  } catch {
    // Being written right now, or already gone: judge by age alone.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  if (!st) return;
  const age = Date.now() - st.mtimeMs;
  const dead = holder && Number.isInteger(holder.pid) && !pidAlive(holder.pid);
  if (!(dead || age > 30_000 || (!holder && age > 5_000))) return;
  const aside = `${file}.stale.${process.pid}.${Date.now()}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return; // someone else broke or released it first
  }
  if (fs.statSync(aside).ino !== st.ino) {
    // That was a live lock taken after the check: put it back.
    try {
      fs.linkSync(aside, file);
    } catch {
      // Yet another process locked in between; nothing safe is left to do but retry later.
    }
  }
  fs.rmSync(aside, { force: true });
}

/** One writer at a time: O_EXCL lock file, retried with jitter, broken when its holder is gone. */
function withLock(fn) {
  fs.mkdirSync(estateDir(), { recursive: true });
  const file = lockFile();
  const deadline = Date.now() + 20_000;
  let fd;
  for (;;) {
    try {
      fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      breakStaleLock(file);
      if (Date.now() > deadline) throw new EstateError(`the estate is locked by another process (${file}); try again`);
      sleepSync(5 + Math.floor(Math.random() * 25));
    }
  }
  try {
    return fn();
  } finally {
    // Remove only our own lock file, never one that replaced it.
    const mine = fs.fstatSync(fd).ino;
    fs.closeSync(fd);
    try {
      if (fs.statSync(file).ino === mine) fs.rmSync(file, { force: true });
    } catch {
      // already gone
    }
  }
}

/** Atomic replace: readers see the old file or the new one, never half of either. */
function save(estate) {
  const file = estateFile();
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, JSON.stringify(estate, null, 2) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/** Builds a fresh estate from the seed; seed times are "minutes ago" so history always looks recent. */
function seedEstate(now) {
  let seed;
  try {
    seed = JSON.parse(fs.readFileSync(SEED_FILE, 'utf8'));
  } catch (e) {
    throw new EstateError(`cannot read the sandbox seed ${SEED_FILE}: ${e.message}`);
  }
  const at = (mins) => new Date(now.getTime() - mins * 60_000).toISOString();
  const services = {};
  for (const [id, svc] of Object.entries(seed.services)) {
    const environments = {};
    for (const [env, e] of Object.entries(svc.environments)) {
      environments[env] = {
        replicas: e.replicas,
        health: e.health,
        note: e.note ?? '',
        restarts: 0,
        lastRestartAt: null,
        flags: { ...e.flags },
        cache: [...e.cache],
        deploys: e.deploys.map((d) => ({ version: d.version, sha: d.sha, at: at(d.agoMinutes), by: d.by, kind: d.kind })),
      };
    }
    services[id] = { team: svc.team, environments };
  }
  return {
    schemaVersion: seed.schemaVersion,
    seededAt: now.toISOString(),
    teams: seed.teams,
    services,
    alerts: seed.alerts.map((a) => ({ ...a, firing: true, since: at(30) })),
    silences: [],
    pages: [],
    nodes: seed.nodes,
    databases: Object.fromEntries(
      Object.entries(seed.databases).map(([db, envs]) => [
        db,
        Object.fromEntries(Object.entries(envs).map(([env, d]) => [env, { ...d, failovers: 0, lastFailoverAt: null }])),
      ]),
    ),
    counters: { silence: 0, page: 0 },
  };
}

function readEstate() {
  try {
    return JSON.parse(fs.readFileSync(estateFile(), 'utf8'));
  } catch (e) {
    if (e.code === 'ENOENT') return null;
    throw new EstateError(`cannot read ${estateFile()}: ${e.message}; run "reset" to start over`);
  }
}

/** The current estate, seeding it on first use (under the lock, so two first runs agree). */
function loadEstate() {
  const found = readEstate();
  if (found) return found;
  return withLock(() => {
    const again = readEstate();
    if (again) return again;
    const fresh = seedEstate(new Date());
    save(fresh);
    return fresh;
  });
}

/** Read-modify-write under the lock; a dry run works on a copy and saves nothing. */
function mutate(dryRun, fn) {
  if (dryRun) return fn(loadEstate());
  loadEstate();
  return withLock(() => {
    const estate = readEstate();
    const out = fn(estate);
    save(estate);
    return out;
  });
}

// ---------------------------------------------------------------- validation

function serviceEnv(estate, service, env) {
  if (service === undefined || env === undefined) throw new UsageError('expected <service> <env>');
  const svc = estate.services[service];
  if (!svc) {
    throw new UsageError(`unknown service "${service}"; known services: ${Object.keys(estate.services).join(', ')}`);
  }
  const e = svc.environments[env];
  if (!e) {
    const envs = Object.keys(svc.environments);
    throw new UsageError(`${service} does not run in environment "${env}"; it runs in: ${envs.join(', ')}`);
  }
  return e;
}

function knownEnv(estate, env) {
  const envs = new Set(Object.keys(estate.nodes));
  for (const svc of Object.values(estate.services)) for (const e of Object.keys(svc.environments)) envs.add(e);
  if (!envs.has(env)) throw new UsageError(`unknown environment "${env}"; known environments: ${[...envs].join(', ')}`);
}

function integer(raw, name, min, max, fallback) {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new UsageError(`${name} must be a whole number between ${min} and ${max}, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** Seconds in an ISO-8601 duration (PnDTnHnMnS), or in a short form like 15m / 2h. */
function durationSeconds(raw, name, maxSeconds) {
  const s = String(raw ?? '').trim().toUpperCase();
  let secs = null;
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(s);
  if (iso && s !== 'P' && !s.endsWith('T')) {
    secs = Number(iso[1] ?? 0) * 86400 + Number(iso[2] ?? 0) * 3600 + Number(iso[3] ?? 0) * 60 + Number(iso[4] ?? 0);
  }
  const short = /^(\d+)([SMHD])$/.exec(s);
  if (short) secs = Number(short[1]) * { S: 1, M: 60, H: 3600, D: 86400 }[short[2]];
  if (secs === null || secs <= 0) throw new UsageError(`${name} must be an ISO-8601 duration like PT30M or P1D, got "${raw}"`);
  if (secs > maxSeconds) throw new UsageError(`${name} ${raw} is longer than the allowed ${maxSeconds / 3600}h`);
  return secs;
}

function restText(args, from, name) {
  const text = args.slice(from).join(' ').trim();
  if (!text) throw new UsageError(`${name} must not be empty`);
  if (text.length > 2000) throw new UsageError(`${name} is longer than 2000 characters`);
  return text;
}

function noExtra(args, max, usage) {
  if (args.length > max) throw new UsageError(`too many arguments; usage: ${usage}`);
}

// ---------------------------------------------------------------- helpers

const iso = (d) => new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');

function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: tiny seeded PRNG so synthesised logs and pod names are the same on every run. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function podNames(service, env, version, count) {
  const tpl = (hash32(`${service}/${env}/${version}`) % 0xfffff).toString(16).padStart(5, '0');
  return Array.from({ length: count }, (_, i) => `${service}-${tpl}-${(hash32(`${tpl}${i}`) % 0xfffff).toString(36)}`);
}

const current = (e) => e.deploys[e.deploys.length - 1];

function resolveAlerts(estate, service, env, lines) {
  for (const a of estate.alerts) {
    if (a.firing && a.service === service && a.environment === env) {
      a.firing = false;
      a.resolvedAt = new Date().toISOString();
      lines.push(`alert ${a.name} resolved`);
    }
  }
}

function activeSilences(estate, now = Date.now()) {
  return estate.silences.filter((s) => Date.parse(s.endsAt) > now);
}

function print(lines) {
  process.stdout.write(lines.join('\n') + '\n');
}

// ---------------------------------------------------------------- read commands

function statusOf(estate, service, env) {
  const e = serviceEnv(estate, service, env);
  const d = current(e);
  const silenced = new Set(activeSilences(estate).filter((s) => s.environment === env).map((s) => s.alert));
  const alerts = estate.alerts
    .filter((a) => a.firing && a.service === service && a.environment === env)
    .map((a) => ({ name: a.name, severity: a.severity, silenced: silenced.has(a.name) }));
  return {
    service,
    environment: env,
    team: estate.services[service].team,
    version: d.version,
    sha: d.sha,
    deployedAt: d.at,
    deployedBy: d.by,
    replicas: e.replicas,
    health: e.health,
    note: e.note,
    restarts: e.restarts,
    lastRestartAt: e.lastRestartAt,
    flags: e.flags,
    cacheEntries: e.cache.length,
    alerts,
  };
}

function cmdStatus(args, opts) {
  noExtra(args, 2, 'status <service> <env>');
  const s = statusOf(loadEstate(), args[0], args[1]);
  if (opts.json) return print([JSON.stringify(s)]);
  const flags = Object.entries(s.flags).map(([k, v]) => `${k}=${v ? 'on' : 'off'}`);
  const alerts = s.alerts.map((a) => `${a.name} (${a.severity}${a.silenced ? ', silenced' : ''})`);
  print([
    `${s.service} in ${s.environment} (team ${s.team})`,
    `  version:  ${s.version} (sha ${s.sha}, deployed ${iso(s.deployedAt)} by ${s.deployedBy})`,
    `  replicas: ${s.replicas}/${s.replicas} ready`,
    `  health:   ${s.health}${s.note ? ` (${s.note})` : ''}`,
    `  restarts: ${s.restarts}${s.lastRestartAt ? ` (last ${iso(s.lastRestartAt)})` : ''}`,
    `  flags:    ${flags.join(' ') || 'none'}`,
    `  cache:    ${s.cacheEntries} entries`,
    `  alerts:   ${alerts.join(', ') || 'none firing'}`,
  ]);
}

function cmdDeploys(args, opts) {
  noExtra(args, 3, 'deploys <service> <env> [limit]');
  const estate = loadEstate();
  const e = serviceEnv(estate, args[0], args[1]);
  const limit = integer(args[2], 'limit', 1, 100, 10);
  const list = e.deploys.slice(-limit).reverse();
  if (opts.json) return print([JSON.stringify(list)]);
  const lines = [`deploys of ${args[0]} in ${args[1]}, newest first (${list.length} of ${e.deploys.length}):`];
  list.forEach((d, i) => {
    const tags = [d.kind === 'rollback' ? `rollback from ${d.from}` : 'deploy', i === 0 ? 'current' : '', d.rolledBack ? 'rolled back' : '']
      .filter(Boolean)
      .join(', ');
    lines.push(`  ${iso(d.at)}  ${d.version.padEnd(9)} sha ${d.sha}  by ${d.by.padEnd(6)} ${tags}`);
  });
  print(lines);
}

const LOG_LEVELS = ['all', 'error', 'warn', 'info'];
const ROUTES = ['/api/health', '/api/items', '/api/cart', '/api/checkout/submit', '/api/session', '/api/search', '/api/orders'];
const UPSTREAMS = ['payments', 'auth', 'orders', 'search', 'redis', 'postgres'];

function cmdLogs(args) {
  noExtra(args, 5, 'logs <service> <env> [lines] [since] [level]');
  const estate = loadEstate();
  const [service, env] = args;
  const e = serviceEnv(estate, service, env);
  const count = integer(args[2], 'lines', 1, 5000, 100);
  const since = durationSeconds(args[3] ?? 'PT15M', 'since', 7 * 86400);
  const level = (args[4] ?? 'all').toLowerCase();
  if (!LOG_LEVELS.includes(level)) throw new UsageError(`level must be one of: ${LOG_LEVELS.join(', ')}, got "${args[4]}"`);
  const d = current(e);
  // Same estate state, same lines: seeded by what the service is running and how often it restarted.
  const rnd = prng(hash32(`${service}/${env}/${d.version}/${e.restarts}/${e.health}`));
  const pods = podNames(service, env, d.version, Math.max(1, e.replicas));
  const errRate = e.health === 'ok' ? 0.02 : e.health === 'degraded' ? 0.3 : 0.7;
  const secretAt = count >= 10 ? Math.floor(count / 3) : -1;
  const now = Date.now();
  const out = [];
  for (let i = 0; i < count; i++) {
    const at = iso(now - since * 1000 + Math.floor(((i + 1) / count) * since * 1000) - 1000);
    const pod = pods[Math.floor(rnd() * pods.length)];
    const r = rnd();
    const route = ROUTES[Math.floor(rnd() * ROUTES.length)];
    const up = UPSTREAMS[Math.floor(rnd() * UPSTREAMS.length)];
    const ms = 5 + Math.floor(rnd() * (e.health === 'ok' ? 120 : 3000));
    const reqId = Math.floor(rnd() * 0xffffffff).toString(16).padStart(8, '0');
    let lvl;
    let msg;
    if (i === secretAt) {
      // A leaked credential in a config dump: fake, but shaped like the real thing so redaction must catch it.
      lvl = 'WARN';
      msg = `config reloaded from env: DB_HOST=${service}-db.${env}.internal DB_USER=${service}_app DB_PASSWORD=fake-Sbx-${(hash32(service + env) >>> 0).toString(36)}Qx7LmR2vT9`;
    } else if (r < errRate) {
      lvl = 'ERROR';
      msg = e.note && rnd() < 0.5 ? `${e.note} req=${reqId}` : `upstream ${up} timed out after 3000ms on ${route} req=${reqId} status=503`;
    } else if (r < errRate + 0.08) {
      lvl = 'WARN';
      msg = `slow request ${route} took ${800 + ms}ms (upstream ${up}) req=${reqId}`;
    } else {
      lvl = 'INFO';
      msg = `${rnd() < 0.8 ? 'GET' : 'POST'} ${route} 200 ${ms}ms req=${reqId}`;
    }
    if (level === 'all' || lvl.toLowerCase() === level) out.push(`${at} ${lvl.padEnd(5)} ${pod} ${d.version} ${msg}`);
  }
  const header = `logs of ${service} in ${env}: last ${count} lines over ${args[3] ?? 'PT15M'}${level === 'all' ? '' : `, ${level} only (${out.length} lines)`}`;
  print([header, ...out]);
}

function cmdOverview(args, opts) {
  noExtra(args, 1, 'overview [env]');
  const estate = loadEstate();
  if (args[0] !== undefined) knownEnv(estate, args[0]);
  const rows = [];
  for (const [id, svc] of Object.entries(estate.services)) {
    for (const [env, e] of Object.entries(svc.environments)) {
      if (args[0] && env !== args[0]) continue;
      rows.push({ service: id, environment: env, version: current(e).version, replicas: e.replicas, health: e.health });
    }
  }
  if (opts.json) return print([JSON.stringify(rows)]);
  print(rows.map((r) => `${r.service.padEnd(14)} ${r.environment.padEnd(8)} ${r.version.padEnd(9)} x${String(r.replicas).padEnd(3)} ${r.health}`));
}

// ---------------------------------------------------------------- change commands

function cmdRestart(args, opts) {
  noExtra(args, 2, 'restart <service> <env>');
  const [service, env] = args;
  return mutate(opts.dryRun, (estate) => {
    const e = serviceEnv(estate, service, env);
    const pods = podNames(service, env, current(e).version, e.replicas);
    if (opts.dryRun) {
      return print([
        `would restart ${service} in ${env}: ${e.replicas} replicas of ${current(e).version}, one at a time`,
        `  current health: ${e.health}${e.note ? ` (${e.note})` : ''}; restarts so far: ${e.restarts}`,
        'dry run: nothing was changed',
      ]);
    }
    const lines = [`restarting ${service} in ${env}: ${e.replicas} replicas of ${current(e).version}, one at a time`];
    pods.forEach((p, i) => lines.push(`  pod ${p} terminated; replacement ready (${i + 1}/${pods.length})`));
    e.restarts += 1;
    e.lastRestartAt = new Date().toISOString();
    e.health = 'ok';
    e.note = '';
    resolveAlerts(estate, service, env, lines);
    lines.push(`restarted ${service} in ${env}; health ok; restart #${e.restarts}`);
    print(lines);
  });
}

function normaliseVersion(raw) {
  const v = String(raw).trim();
  const sem = /^v?(\d+)\.(\d+)(?:\.(\d+))?(-[0-9A-Za-z.-]+)?$/.exec(v);
  if (sem) return { version: `v${sem[1]}.${sem[2]}.${sem[3] ?? '0'}${sem[4] ?? ''}` };
  if (/^[0-9a-f]{7,40}$/i.test(v)) return { sha: v.toLowerCase() };
  return null;
}

/** "previous": the newest earlier release that differs from the current one and was not rolled back. */
function previousRelease(e) {
  const cur = current(e);
  for (let i = e.deploys.length - 2; i >= 0; i--) {
    const d = e.deploys[i];
    if (d.version !== cur.version && !d.rolledBack) return d;
  }
  return null;
}

function cmdRollback(args, opts) {
  noExtra(args, 3, 'rollback <service> <env> <version|previous>');
  const [service, env, target] = args;
  if (target === undefined) throw new UsageError('expected a version (e.g. v2.13.1), a git SHA, or "previous"');
  return mutate(opts.dryRun, (estate) => {
    const e = serviceEnv(estate, service, env);
    const cur = current(e);
    let to;
    if (target.toLowerCase() === 'previous') {
      to = previousRelease(e);
      if (!to) throw new EstateError(`${service} in ${env} has no earlier release to roll back to`);
    } else {
      const want = normaliseVersion(target);
      if (!want) throw new UsageError(`"${target}" is not a version like v2.13.1, a git SHA, or "previous"`);
      to = [...e.deploys].reverse().find((d) => (want.version ? d.version === want.version : d.sha.startsWith(want.sha) || want.sha.startsWith(d.sha)));
      if (!to) {
        const known = [...new Set(e.deploys.map((d) => d.version))].join(', ');
        throw new EstateError(`${target} was never deployed to ${service} in ${env}; releases in its history: ${known}`);
      }
      if (to.version === cur.version) throw new EstateError(`${service} in ${env} is already running ${cur.version}; nothing to roll back`);
    }
    if (opts.dryRun) {
      return print([
        `would roll back ${service} in ${env} from ${cur.version} (sha ${cur.sha}) to ${to.version} (sha ${to.sha}, first deployed ${iso(to.at)})`,
        `  ${e.replicas} replicas replaced one at a time; ${cur.version} would be marked rolled back`,
        'dry run: nothing was changed',
      ]);
    }
    const lines = [`rolling back ${service} in ${env}: ${cur.version} -> ${to.version}`];
    podNames(service, env, to.version, e.replicas).forEach((p, i) => lines.push(`  pod ${p} running ${to.version} ready (${i + 1}/${e.replicas})`));
    cur.rolledBack = true;
    e.deploys.push({ version: to.version, sha: to.sha, at: new Date().toISOString(), by: 'opsgate', kind: 'rollback', from: cur.version });
    e.health = 'ok';
    e.note = '';
    resolveAlerts(estate, service, env, lines);
    lines.push(`rolled back ${service} in ${env} to ${to.version}; health ok`);
    print(lines);
  });
}

/** `resolve-version <service> <env> <keyword|version>`: prints the release a rollback would go to. Read-only. */
function cmdResolveVersion(args) {
  noExtra(args, 3, 'resolve-version <service> <env> <previous|version>');
  const [service, env, target] = args;
  if (target === undefined) throw new UsageError('expected "previous" or a version');
  const e = serviceEnv(loadEstate(), service, env);
  if (target.toLowerCase() !== 'previous') {
    const want = normaliseVersion(target);
    if (!want) throw new UsageError(`"${target}" is not a version like v2.13.1, a git SHA, or "previous"`);
    return print([want.version ?? want.sha]);
  }
  const to = previousRelease(e);
  if (!to) throw new EstateError(`${service} in ${env} has no earlier release to roll back to`);
  print([to.version]);
}

function cmdScale(args, opts) {
  noExtra(args, 3, 'scale <service> <env> <replicas>');
  const [service, env, raw] = args;
  if (raw === undefined) throw new UsageError('expected <replicas>');
  const replicas = integer(raw, 'replicas', 1, 100);
  return mutate(opts.dryRun, (estate) => {
    const e = serviceEnv(estate, service, env);
    const from = e.replicas;
    if (from === replicas) return print([`${service} in ${env} already runs ${replicas} replicas; nothing to change`]);
    const verb = replicas > from ? 'up' : 'down';
    if (opts.dryRun) return print([`would scale ${service} in ${env} ${verb} from ${from} to ${replicas} replicas`, 'dry run: nothing was changed']);
    e.replicas = replicas;
    print([`scaling ${service} in ${env} ${verb}: ${from} -> ${replicas} replicas`, `scaled ${service} in ${env} to ${replicas} replicas (${replicas}/${replicas} ready)`]);
  });
}

function cmdFlag(args, opts) {
  noExtra(args, 4, 'flag <service> <env> <flag> <on|off>');
  const [service, env, flag, state] = args;
  if (flag === undefined || state === undefined) throw new UsageError('expected <flag> <on|off>');
  if (!['on', 'off'].includes(state.toLowerCase())) throw new UsageError(`state must be "on" or "off", got "${state}"`);
  const on = state.toLowerCase() === 'on';
  return mutate(opts.dryRun, (estate) => {
    const e = serviceEnv(estate, service, env);
    if (!(flag in e.flags)) {
      throw new UsageError(`${service} has no feature flag "${flag}" in ${env}; its flags: ${Object.keys(e.flags).join(', ')}`);
    }
    const was = e.flags[flag];
    if (was === on) return print([`flag ${flag} of ${service} in ${env} is already ${state}; nothing to change`]);
    if (opts.dryRun) return print([`would turn flag ${flag} of ${service} in ${env} ${state} (now ${was ? 'on' : 'off'})`, 'dry run: nothing was changed']);
    e.flags[flag] = on;
    print([`flag ${flag} of ${service} in ${env}: ${was ? 'on' : 'off'} -> ${state}`]);
  });
}

function cmdFlushCache(args, opts) {
  noExtra(args, 3, 'flush-cache <service> <env> [prefix]');
  const [service, env] = args;
  const prefix = args[2] ?? '*';
  if (prefix !== '*' && !/^[a-z][a-z0-9_:-]{0,62}$/.test(prefix)) throw new UsageError(`prefix must be "*" or a key prefix like "price:", got "${prefix}"`);
  return mutate(opts.dryRun, (estate) => {
    const e = serviceEnv(estate, service, env);
    const hit = e.cache.filter((k) => prefix === '*' || k.startsWith(prefix));
    const what = prefix === '*' ? `all ${hit.length} entries` : `${hit.length} entries starting with "${prefix}"`;
    if (opts.dryRun) return print([`would flush ${what} from the ${service} cache in ${env} (${e.cache.length} cached)`, 'dry run: nothing was changed']);
    e.cache = e.cache.filter((k) => !hit.includes(k));
    print([`flushed ${what} from the ${service} cache in ${env}; ${e.cache.length} left`]);
  });
}

function cmdSilence(args, opts) {
  const [alert, env, duration] = args;
  if (alert === undefined || env === undefined || duration === undefined) throw new UsageError('usage: silence <alert> <env> <duration> <reason...>');
  if (!/^[A-Za-z][A-Za-z0-9_:.-]{1,79}$/.test(alert)) throw new UsageError(`"${alert}" is not an alert name like CheckoutHighErrorRate`);
  const secs = durationSeconds(duration, 'duration', 7 * 86400);
  const reason = restText(args, 3, 'reason');
  return mutate(opts.dryRun, (estate) => {
    knownEnv(estate, env);
    const endsAt = new Date(Date.now() + secs * 1000).toISOString();
    const firing = estate.alerts.some((a) => a.name === alert && a.environment === env && a.firing);
    const note = firing ? '' : `note: ${alert} is not firing in ${env}; the silence applies if it fires`;
    if (opts.dryRun) return print([`would silence ${alert} in ${env} until ${iso(endsAt)}: ${reason}`, ...(note ? [note] : []), 'dry run: nothing was changed']);
    estate.counters.silence += 1;
    const id = `sil-${estate.counters.silence}`;
    estate.silences.push({ id, alert, environment: env, startsAt: new Date().toISOString(), endsAt, reason });
    print([`silenced ${alert} in ${env} until ${iso(endsAt)} (${id}): ${reason}`, ...(note ? [note] : [])]);
  });
}

function cmdPage(args, opts) {
  const [who, env, urgency] = args;
  if (who === undefined || env === undefined || urgency === undefined) throw new UsageError('usage: page <team|service> <env> <high|low> <message...>');
  if (!['high', 'low'].includes(urgency)) throw new UsageError(`urgency must be "high" or "low", got "${urgency}"`);
  const message = restText(args, 3, 'message');
  return mutate(opts.dryRun, (estate) => {
    knownEnv(estate, env);
    const team = estate.teams[who] ? who : estate.services[who]?.team;
    if (!team) {
      throw new UsageError(`unknown team or service "${who}"; teams: ${Object.keys(estate.teams).join(', ')}`);
    }
    const t = estate.teams[team];
    const target = urgency === 'high' ? `${t.oncall} (then ${t.secondary}, then ${t.escalation})` : t.oncall;
    if (opts.dryRun) return print([`would page ${team} on-call ${target} about ${env}, urgency ${urgency}: ${message}`, 'dry run: nothing was changed']);
    const lines = [];
    const token = process.env.PAGER_API_TOKEN;
    if (token) {
      // The request line shows the credential on purpose: the runtime must mask secret values in output.
      lines.push(`POST https://pager.sandbox.invalid/v2/enqueue Authorization: Token token=${token}`);
    } else {
      lines.push('PAGER_API_TOKEN is not set: the page is recorded in the sandbox only');
    }
    estate.counters.page += 1;
    const id = `page-${estate.counters.page}`;
    estate.pages.push({ id, team, environment: env, urgency, oncall: t.oncall, message, at: new Date().toISOString() });
    lines.push(`paged ${team} on-call ${target} (${id}, ${env}, urgency ${urgency}): ${message}`);
    print(lines);
  });
}

function findNode(estate, name, env) {
  if (name === undefined || env === undefined) throw new UsageError('expected <node> <env>');
  knownEnv(estate, env);
  const nodes = estate.nodes[env] ?? [];
  const node = nodes.find((n) => n.name === name);
  if (!node) throw new UsageError(`no node "${name}" in ${env}; nodes: ${nodes.map((n) => n.name).join(', ') || 'none'}`);
  return { node, nodes };
}

function cmdDrain(args, opts) {
  noExtra(args, 2, 'drain <node> <env>');
  const [name, env] = args;
  return mutate(opts.dryRun, (estate) => {
    const { node, nodes } = findNode(estate, name, env);
    const others = nodes.filter((n) => n !== node && !n.cordoned);
    if (node.cordoned && node.pods === 0) return print([`${name} in ${env} is already cordoned and empty; nothing to change`]);
    if (node.pods > 0 && others.length === 0) {
      throw new EstateError(`refusing to drain ${name}: it is the last schedulable node in ${env}; uncordon another node first`);
    }
    if (opts.dryRun) {
      return print([`would cordon ${name} in ${env} and move its ${node.pods} pods to ${others.map((n) => n.name).join(', ')}`, 'dry run: nothing was changed']);
    }
    const lines = [`cordoned ${name} in ${env}`];
    const moved = node.pods;
    for (let i = 0; i < moved; i++) {
      const to = others[i % others.length];
      to.pods += 1;
      lines.push(`  evicted pod ${i + 1}/${moved} -> rescheduled on ${to.name}`);
    }
    node.cordoned = true;
    node.pods = 0;
    lines.push(`drained ${name} in ${env}: ${moved} pods moved; node is cordoned`);
    print(lines);
  });
}

function cmdUncordon(args, opts) {
  noExtra(args, 2, 'uncordon <node> <env>');
  const [name, env] = args;
  return mutate(opts.dryRun, (estate) => {
    const { node } = findNode(estate, name, env);
    if (!node.cordoned) return print([`${name} in ${env} is already schedulable; nothing to change`]);
    if (opts.dryRun) return print([`would uncordon ${name} in ${env}`, 'dry run: nothing was changed']);
    node.cordoned = false;
    print([`uncordoned ${name} in ${env}: it accepts new pods again`]);
  });
}

function cmdFailover(args, opts) {
  noExtra(args, 2, 'failover <database> <env>');
  const [db, env] = args;
  if (db === undefined || env === undefined) throw new UsageError('expected <database> <env>');
  return mutate(opts.dryRun, (estate) => {
    const envs = estate.databases[db];
    if (!envs) throw new UsageError(`unknown database "${db}"; databases: ${Object.keys(estate.databases).join(', ')}`);
    const d = envs[env];
    if (!d) throw new UsageError(`${db} has no cluster in "${env}"; it has: ${Object.keys(envs).join(', ')}`);
    const next = d.replicas[0];
    if (!next) throw new EstateError(`${db} in ${env} has no replica to promote`);
    if (opts.dryRun) {
      return print([`would fail over ${db} in ${env}: promote ${next}, demote ${d.primary} to replica, repoint clients`, 'dry run: nothing was changed']);
    }
    const old = d.primary;
    d.primary = next;
    d.replicas = [...d.replicas.slice(1), old];
    d.failovers += 1;
    d.lastFailoverAt = new Date().toISOString();
    print([
      `failing over ${db} in ${env}`,
      `  fenced ${old} (read-only)`,
      `  ${next} caught up (lag 0s) and promoted`,
      `  clients repointed to ${next}`,
      `  ${old} rejoined as a replica`,
      `failed over ${db} in ${env}: primary is now ${next}`,
    ]);
  });
}

function cmdReset(args) {
  noExtra(args, 0, 'reset');
  withLock(() => save(seedEstate(new Date())));
  print([`estate re-seeded at ${estateFile()}`]);
}

async function cmdSleep(args) {
  noExtra(args, 1, 'sleep <seconds>');
  if (args[0] === undefined || !/^\d+(\.\d+)?$/.test(args[0]) || Number(args[0]) > 3600) {
    throw new UsageError(`seconds must be a number between 0 and 3600, got "${args[0] ?? ''}"`);
  }
  const secs = Number(args[0]);
  print([`sleeping ${secs}s`]);
  await new Promise((resolve) => setTimeout(resolve, secs * 1000));
  print([`slept ${secs}s`]);
}

function cmdNoop(args) {
  noExtra(args, 0, 'noop');
  print(['noop']);
}

// ---------------------------------------------------------------- main

const COMMANDS = {
  status: cmdStatus,
  deploys: cmdDeploys,
  logs: cmdLogs,
  overview: cmdOverview,
  restart: cmdRestart,
  rollback: cmdRollback,
  'resolve-version': cmdResolveVersion,
  scale: cmdScale,
  flag: cmdFlag,
  'flush-cache': cmdFlushCache,
  silence: cmdSilence,
  page: cmdPage,
  drain: cmdDrain,
  uncordon: cmdUncordon,
  failover: cmdFailover,
  reset: cmdReset,
  sleep: cmdSleep,
  noop: cmdNoop,
};
const DRY_RUNNABLE = new Set(['restart', 'rollback', 'scale', 'flag', 'flush-cache', 'silence', 'page', 'drain', 'uncordon', 'failover']);

async function main(argv) {
  const opts = { dryRun: false, json: false };
  let i = 0;
  for (; i < argv.length && argv[i].startsWith('--'); i++) {
    if (argv[i] === '--dry-run') opts.dryRun = true;
    else if (argv[i] === '--json') opts.json = true;
    else if (argv[i] === '--help') return print([USAGE]);
    else throw new UsageError(`unknown option ${argv[i]}`);
  }
  const name = argv[i];
  if (name === undefined || name === 'help') return print([USAGE]);
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) throw new UsageError(`unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')}`);
  if (opts.dryRun && !DRY_RUNNABLE.has(name)) throw new UsageError(`--dry-run does not apply to "${name}", which changes nothing`);
  for (const a of argv.slice(i + 1, i + 3)) {
    // Ids come first in every command; a leading dash there is a mistake (or an attempt at an option).
    if (name !== 'sleep' && a.startsWith('-')) throw new UsageError(`"${a}" is not a valid name`);
  }
  await cmd(argv.slice(i + 1), opts);
}

main(process.argv.slice(2)).catch((e) => {
  if (e instanceof UsageError || e instanceof EstateError) {
    process.stderr.write(`estate: ${e.message}\n`);
    if (e instanceof UsageError && /^usage:|expected/.test(e.message)) process.stderr.write('run with --help for usage\n');
    // exitCode, not exit(): let pending stdout writes to a pipe drain first.
    process.exitCode = e.exitCode;
    return;
  }
  process.stderr.write(`estate: unexpected error: ${e.stack ?? e}\n`);
  process.exitCode = 1;
});
