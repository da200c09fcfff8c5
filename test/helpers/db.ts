/**
 * Test databases for the contract and integration suites.
 *
 * PostgreSQL runs when OPSGATE_TEST_DATABASE_URL is set (e.g. from `.ci/postgres.sh start`);
 * otherwise those suites are skipped, unless OPSGATE_REQUIRE_PG=1 (CI), which makes every file
 * importing this helper fail. Each test gets its own schema, so files running in parallel
 * workers never see each other's rows; schemas are dropped after the test.
 *
 * PGlite: one in-memory instance per test file (it takes seconds to start), and a fresh schema per
 * test on it. Tests within a file run one after another, so switching search_path is safe.
 */
import pg from 'pg';
import { openDb, type Db, type Queryable } from '../../src/adapters/db/db.js';
import { migrate } from '../../src/adapters/db/migrate.js';

export const PG_URL = process.env.OPSGATE_TEST_DATABASE_URL || undefined;
export const REQUIRE_PG = process.env.OPSGATE_REQUIRE_PG === '1';
if (REQUIRE_PG && !PG_URL) {
  throw new Error(
    'OPSGATE_REQUIRE_PG=1 but OPSGATE_TEST_DATABASE_URL is not set: start PostgreSQL with `.ci/postgres.sh start` ' +
      'and export OPSGATE_TEST_DATABASE_URL=<the printed DATABASE_URL>',
  );
}
/** For describe.skipIf(noPg). */
export const noPg = !PG_URL;

export interface TestDb {
  /** Migrated, empty. */
  db: Db;
  /**
   * Another handle on the same data: a separate connection pool on PostgreSQL, the same handle
   * on PGlite (it has a single connection).
   */
  openAnother(): Promise<Db>;
  /** Runs SQL with audit_log's append-only triggers disabled, as a table owner could. */
  asOwner(sql: string, params?: readonly unknown[]): Promise<void>;
}

export interface DbHarness {
  readonly kind: 'pglite' | 'postgres';
  /** A fresh schema for one test, migrated unless told otherwise; released by cleanup(). */
  fresh(opts?: { migrate?: boolean }): Promise<TestDb>;
  /** Closes the handles of the tests so far and drops their schemas (afterEach). */
  cleanup(): Promise<void>;
  /** Everything, at the end of the file (afterAll). */
  dispose(): Promise<void>;
}

let counter = 0;
export function uniqueSchema(): string {
  return `opsgate_t${process.pid}_${Date.now().toString(36)}_${(counter++).toString(36)}`;
}

async function asOwner(q: Queryable, sql: string, params?: readonly unknown[]): Promise<void> {
  await q.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
  await q.query(sql, params);
  await q.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
}

/** A plain pool on the test server (outside any test schema). */
export function adminPool(): pg.Pool {
  if (!PG_URL) throw new Error('OPSGATE_TEST_DATABASE_URL is not set');
  return new pg.Pool({ connectionString: PG_URL, max: 2 });
}

/**
 * The vector extension lives in public, created once: if a test schema came first on search_path,
 * CREATE EXTENSION would put it there and dropping the schema would drop it for everyone.
 */
async function ensureVectorInPublic(admin: pg.Pool): Promise<void> {
  const c = await admin.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock(42, 42)');
    await c.query('CREATE EXTENSION IF NOT EXISTS vector SCHEMA public');
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

export function postgresHarness(): DbHarness {
  const url = PG_URL;
  let admin: pg.Pool | null = null;
  const schemas: string[] = [];
  let handles: Db[] = [];

  const open = async (schema: string): Promise<Db> => {
    if (!url) throw new Error('OPSGATE_TEST_DATABASE_URL is not set');
    const db = await openDb({ databaseUrl: url, schema, maxConnections: 10 });
    handles.push(db);
    return db;
  };

  const cleanup = async (): Promise<void> => {
    const closing = handles;
    handles = [];
    await Promise.all(closing.map((h) => h.close()));
    const drop = schemas.splice(0);
    for (const s of drop) await admin?.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  };

  return {
    kind: 'postgres',
    async fresh(opts = {}) {
      if (!admin) {
        admin = adminPool();
        await ensureVectorInPublic(admin);
      }
      const schema = uniqueSchema();
      schemas.push(schema);
      // Created up front so that even unmigrated handles never write into public.
      await admin.query(`CREATE SCHEMA "${schema}"`);
      const db = await open(schema);
      if (opts.migrate !== false) await migrate(db);
      return {
        db,
        openAnother: () => open(schema),
        asOwner: (sql, params) => db.tx((q) => asOwner(q, sql, params)),
      };
    },
    cleanup,
    async dispose() {
      await cleanup();
      await admin?.end();
      admin = null;
    },
  };
}

export function pgliteHarness(): DbHarness {
  let shared: Promise<Db> | null = null;
  const schemas: string[] = [];
  const cleanup = async (): Promise<void> => {
    if (!shared) return;
    const db = await shared;
    for (const s of schemas.splice(0)) await db.exec(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await db.exec('SET search_path TO public');
  };
  return {
    kind: 'pglite',
    async fresh(opts = {}) {
      shared ??= openDb().then(async (db) => {
        await db.exec('CREATE EXTENSION IF NOT EXISTS vector SCHEMA public');
        return db;
      });
      const db = await shared;
      const schema = uniqueSchema();
      schemas.push(schema);
      await db.exec(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}", public`);
      if (opts.migrate !== false) await migrate(db);
      return {
        db,
        openAnother: async () => db,
        asOwner: (sql, params) => db.tx((q) => asOwner(q, sql, params)),
      };
    },
    cleanup,
    async dispose() {
      await cleanup();
      if (shared) await (await shared).close();
      shared = null;
    },
  };
}
