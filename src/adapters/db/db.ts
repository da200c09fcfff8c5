/**
 * The database handle every repository uses: PostgreSQL through a `pg.Pool` when a URL is given,
 * otherwise embedded PGlite (+ pgvector) in a directory or in memory. Both speak the same SQL and
 * return rows in the same shapes except int8 (a string from pg, a number from PGlite): row schemas
 * coerce it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import pg from 'pg';
import { OpsgateError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';

export interface QueryResult<T> {
  rows: T[];
  /** Rows returned by a SELECT / RETURNING, or changed by INSERT / UPDATE / DELETE. */
  rowCount: number;
}

export interface Queryable {
  /** One statement with $1… parameters. Pass jsonb values as JSON.stringify(value). */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** A script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Schema the handle works in (first on search_path), or null for the default (public). */
  readonly schema: string | null;
  /**
   * Runs `fn` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it
   * throws. Inside `fn` use only `q`: calling the Db itself (or nesting tx) throws, because on
   * PGlite it would wait for the transaction forever and on PostgreSQL it would run outside it.
   */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** postgres://user:pass@host:port/db — use PostgreSQL. Without it, the embedded PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data directory (e.g. `.opsgate/pgdata`); undefined keeps the database in memory. */
  dataDir?: string | undefined;
  /**
   * Work inside this schema (search_path = schema, public); migrate() creates it. Lets several
   * installations or test runs share one database. Lowercase identifier.
   */
  schema?: string | undefined;
  /** PostgreSQL connect timeout. */
  connectTimeoutMs?: number | undefined;
  /** PostgreSQL pool size. */
  maxConnections?: number | undefined;
  /** Receives errors of idle pooled connections (e.g. the server restarted). */
  logger?: Logger | undefined;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openDb(opts: OpenDbOptions = {}): Promise<Db> {
  if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema)) {
    throw new OpsgateError(
      'CONFIG_INVALID',
      `database schema name "${opts.schema}" is not a lowercase identifier`,
      'use lowercase letters, digits and underscores, starting with a letter or underscore',
    );
  }
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPglite(opts);
}

/** Quotes an identifier that already matched SCHEMA_NAME. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

// ---------------------------------------------------------------------------------------------
// Transaction guard shared by both kinds.

class TxGuard {
  private readonly als = new AsyncLocalStorage<true>();
  check(): void {
    if (this.als.getStore()) {
      throw new OpsgateError(
        'INTERNAL',
        'the database handle was used inside its own transaction',
        'inside db.tx(fn), run queries through the handle passed to fn',
      );
    }
  }
  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.als.run(true, fn);
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

interface Target {
  host: string;
  port: string;
  database: string;
  user: string;
  password: string;
}

function parseTarget(url: string): Target {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // Never echo the URL: it may hold a password.
    throw new OpsgateError(
      'CONFIG_INVALID',
      'DATABASE_URL is not a valid URL',
      'use the form postgres://user:password@host:5432/database',
    );
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new OpsgateError(
      'CONFIG_INVALID',
      `DATABASE_URL has scheme "${u.protocol.replace(/:$/, '')}", expected postgres`,
      'use the form postgres://user:password@host:5432/database',
    );
  }
  const hostParam = u.searchParams.get('host');
  return {
    host: u.hostname || hostParam || 'localhost',
    port: u.port || '5432',
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default)',
    user: decodeURIComponent(u.username) || '(default)',
    password: u.password,
  };
}

const CONNECTION_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function errorMessage(e: unknown): string {
  if (e instanceof AggregateError && e.errors.length > 0) return e.errors.map(errorMessage).join('; ');
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}

/** True for errors that mean "cannot talk to the server", as opposed to a failing statement. */
export function isConnectionError(e: unknown): boolean {
  if (e instanceof OpsgateError) return false;
  const code = errorCode(e);
  if (code && CONNECTION_ERRNOS.has(code)) return true;
  // SQLSTATE 08 connection exception, 28 invalid authorization, 3D000 no such database,
  // 57P01-03 server shutting down / not accepting connections, 53300 too many connections.
  if (code && (/^(08|28)/.test(code) || ['3D000', '57P01', '57P02', '57P03', '53300'].includes(code))) return true;
  const msg = errorMessage(e);
  return /timeout exceeded when trying to connect|Connection terminated|connection timeout|ECONNREFUSED/i.test(msg);
}

function scrub(text: string, secret: string): string {
  if (!secret) return text;
  let out = text.split(secret).join('***');
  let decoded = secret;
  try {
    decoded = decodeURIComponent(secret);
  } catch {
    // keep the raw form only
  }
  if (decoded && decoded !== secret) out = out.split(decoded).join('***');
  return out;
}

function unavailable(e: unknown, t: Target): OpsgateError {
  const code = errorCode(e);
  const where = `${t.host}:${t.port}`;
  const detail = scrub(errorMessage(e), t.password);
  let hint: string;
  if (code && /^28/.test(code)) {
    hint = `check the user and password in DATABASE_URL (user "${t.user}"); or unset DATABASE_URL to use the embedded database`;
  } else if (code === '3D000') {
    hint = `create database "${t.database}" or fix its name in DATABASE_URL; or unset DATABASE_URL to use the embedded database`;
  } else {
    hint = `is PostgreSQL running and reachable at ${where}? Check DATABASE_URL, or unset DATABASE_URL to use the embedded database`;
  }
  return new OpsgateError(
    'DB_UNAVAILABLE',
    `cannot use PostgreSQL at ${where} (database "${t.database}", user "${t.user}"): ${detail}`,
    hint,
  );
}

async function openPostgres(url: string, opts: OpenDbOptions): Promise<Db> {
  const target = parseTarget(url);
  const schema = opts.schema ?? null;
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    max: opts.maxConnections ?? 10,
    application_name: 'opsgate',
    keepAlive: true,
    // A stuck lock or runaway query fails with an error instead of hanging a confirm forever.
    statement_timeout: 30_000,
    lock_timeout: 10_000,
    idle_in_transaction_session_timeout: 60_000,
    ...(schema ? { options: `-c search_path=${quoteIdent(schema)},public` } : {}),
  });
  // An idle client losing its server emits 'error' on the pool; unhandled it would crash the process.
  pool.on('error', (e) => opts.logger?.warn({ err: scrub(errorMessage(e), target.password) }, 'idle database connection failed'));

  const map = (e: unknown): unknown => (isConnectionError(e) ? unavailable(e, target) : e);
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw map(e);
  }

  const guard = new TxGuard();
  const onClient = (c: pg.PoolClient | pg.Pool): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      try {
        const r = await c.query(sql, params ? [...params] : undefined);
        return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
      } catch (e) {
        throw map(e);
      }
    },
    async exec(sql: string) {
      try {
        await c.query(sql); // no parameters: the simple protocol runs every statement
      } catch (e) {
        throw map(e);
      }
    },
  });
  const direct = onClient(pool);
  let closed = false;

  return {
    kind: 'postgres',
    schema,
    query(sql, params) {
      guard.check();
      return direct.query(sql, params);
    },
    exec(sql) {
      guard.check();
      return direct.exec(sql);
    },
    async tx(fn) {
      guard.check();
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw map(e);
      }
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await guard.run(() => fn(onClient(client)));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch (e2) {
          broken = e2 instanceof Error ? e2 : new Error(String(e2)); // drop the connection from the pool
        }
        throw map(e);
      } finally {
        client.release(broken);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// PGlite

/**
 * PGlite in one directory may only be opened by one process at a time: two processes would each
 * keep their own copy in memory and the last to close would overwrite the other's writes.
 */
function lockDataDir(dataDir: string): () => void {
  const lockPath = `${resolve(dataDir)}.lock`;
  mkdirSync(dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if (errorCode(e) !== 'EEXIST') throw e;
    }
    const pid = Number(readFileSync(lockPath, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
      throw new OpsgateError(
        'DB_UNAVAILABLE',
        `the embedded database at ${dataDir} is in use by process ${pid}${pid === process.pid ? ' (this one)' : ''}`,
        'stop the other opsgate process, or set DATABASE_URL so several processes can share a PostgreSQL server',
      );
    }
    unlinkSync(lockPath); // left behind by a process that died
  }
  throw new OpsgateError('DB_UNAVAILABLE', `cannot lock the embedded database at ${dataDir}`, `remove ${lockPath} if no opsgate process is running`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) === 'EPERM';
  }
}

/** A FIFO async mutex: PGlite has one connection, so transactions must not interleave. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const prev = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    await prev;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

async function openPglite(opts: OpenDbOptions): Promise<Db> {
  const unlock = opts.dataDir ? lockDataDir(opts.dataDir) : () => undefined;
  let lite: PGlite;
  try {
    lite = await PGlite.create({
      ...(opts.dataDir ? { dataDir: resolve(opts.dataDir) } : {}),
      extensions: { vector },
    });
    if (opts.schema) await lite.exec(`SET search_path TO ${quoteIdent(opts.schema)}, public`);
  } catch (e) {
    unlock();
    throw new OpsgateError(
      'DB_UNAVAILABLE',
      `cannot open the embedded database${opts.dataDir ? ` at ${opts.dataDir}` : ''}: ${errorMessage(e)}`,
      opts.dataDir
        ? `check that ${opts.dataDir} is writable and holds an opsgate database (move it aside to start fresh), or set DATABASE_URL`
        : 'set DATABASE_URL to use a PostgreSQL server',
      { cause: e },
    );
  }

  const mutex = new Mutex();
  const guard = new TxGuard();
  const raw: Queryable = {
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await lite.query<T>(sql, params ? [...params] : undefined);
      return { rows: r.rows, rowCount: r.rowCount ?? r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string) {
      await lite.exec(sql);
    },
  };
  let closed = false;

  return {
    kind: 'pglite',
    schema: opts.schema ?? null,
    query(sql, params) {
      guard.check();
      return mutex.run(() => raw.query(sql, params));
    },
    exec(sql) {
      guard.check();
      return mutex.run(() => raw.exec(sql));
    },
    tx(fn) {
      guard.check();
      return mutex.run(async () => {
        await raw.exec('BEGIN');
        try {
          const result = await guard.run(() => fn(raw));
          await raw.exec('COMMIT');
          return result;
        } catch (e) {
          await raw.exec('ROLLBACK');
          throw e;
        }
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await mutex.run(() => lite.close());
      } finally {
        unlock();
      }
    },
  };
}
