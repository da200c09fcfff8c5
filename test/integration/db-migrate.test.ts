/** Migrations and the database-level guarantees of the schema, on PGlite and PostgreSQL. */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/adapters/db/db.js';
import { loadMigrations, migrate, type Migration } from '../../src/adapters/db/migrate.js';
import { isOpsgateError } from '../../src/core/errors.js';
import { PG_URL, adminPool, noPg, pgliteHarness, postgresHarness, uniqueSchema, type DbHarness } from '../helpers/db.js';

const TABLES = ['audit_log', 'executions', 'locks', 'proposals', 'schema_migrations'];

function suite(h: DbHarness): void {
  afterEach(() => h.cleanup());
  afterAll(() => h.dispose());

  const tables = async (t: { db: { query: <T>(s: string) => Promise<{ rows: T[] }> } }): Promise<string[]> =>
    (
      await t.db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
      )
    ).rows.map((r) => r.table_name);

  it('applies the migrations once; running again changes nothing', async () => {
    const t = await h.fresh({ migrate: false });
    const first = await migrate(t.db);
    expect(first.applied).toEqual(loadMigrations().map((m) => m.name));
    expect(first.applied[0]).toBe('001_init.sql');
    expect(await tables(t)).toEqual(TABLES);
    const second = await migrate(t.db);
    expect(second).toEqual({ applied: [], version: first.version });
    const recorded = await t.db.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(recorded.rows.map((r) => r.name)).toEqual(first.applied);
    const ext = await t.db.query<{ extname: string }>(`SELECT extname FROM pg_extension WHERE extname = 'vector'`);
    expect(ext.rows).toHaveLength(1);
  });

  it('two handles migrating at once: one applies, the other finds nothing to do', async () => {
    const t = await h.fresh({ migrate: false });
    const other = await t.openAnother();
    const [a, b] = await Promise.all([migrate(t.db), migrate(other)]);
    expect([a.applied.length > 0, b.applied.length > 0].filter(Boolean)).toHaveLength(1);
    const n = await t.db.query<{ n: string | number }>('SELECT count(*) AS n FROM schema_migrations');
    expect(Number(n.rows[0]!.n)).toBe(loadMigrations().length);
  });

  it('refuses to run when an applied migration was edited', async () => {
    const t = await h.fresh();
    const edited: Migration[] = loadMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'x'.repeat(64) } : m));
    const err = await migrate(t.db, { migrations: edited }).catch((e: unknown) => e);
    expect(isOpsgateError(err) && err.code).toBe('DB_MIGRATION_FAILED');
    expect(String(err)).toMatch(/001_init\.sql was changed after it was applied/);
  });

  it('a failing migration rolls back entirely and names the file', async () => {
    const t = await h.fresh();
    const broken: Migration[] = [
      ...loadMigrations(),
      { version: 998, name: '998_ok.sql', sql: 'CREATE TABLE should_not_exist (a int);', checksum: 'a'.repeat(64) },
      { version: 999, name: '999_broken.sql', sql: 'SELECT no_such_function();', checksum: 'b'.repeat(64) },
    ];
    const err = await migrate(t.db, { migrations: broken }).catch((e: unknown) => e);
    expect(isOpsgateError(err) && err.code).toBe('DB_MIGRATION_FAILED');
    expect(String(err)).toMatch(/999_broken\.sql/);
    expect(await tables(t)).not.toContain('should_not_exist');
    const versions = await t.db.query<{ version: number }>('SELECT version FROM schema_migrations');
    expect(versions.rows.map((r) => Number(r.version))).not.toContain(998);
  });

  it('audit_log rejects UPDATE, DELETE and TRUNCATE', async () => {
    const t = await h.fresh();
    await t.db.query(
      `INSERT INTO audit_log (seq, at, actor, action, proposal_id, data, prev_hash, hash)
       VALUES (1, now(), 'U1', 'x', NULL, '{}'::jsonb, $1, $2)`,
      ['0'.repeat(64), 'a'.repeat(64)],
    );
    await expect(t.db.query(`UPDATE audit_log SET actor = 'U2' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(t.db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    const rows = await t.db.query<{ actor: string }>('SELECT actor FROM audit_log');
    expect(rows.rows).toEqual([{ actor: 'U1' }]);
  });

  it('proposals.state accepts only the ten states', async () => {
    const t = await h.fresh();
    const insert = (state: string) =>
      t.db.query(
        `INSERT INTO proposals (id, playbook_id, playbook_version, params, steps, dry_run, lock_key, risk, two_person,
           requested_by, channel, request_text, plan_hash, state, created_at, expires_at, updated_at)
         VALUES ($1, 'p', 'v', '{}', '[]', NULL, NULL, 'low', false, 'U1', 'C1', 'text', 'h', $2, now(), now(), now())`,
        [`id-${state}`, state],
      );
    await insert('awaiting');
    await expect(insert('done')).rejects.toThrow(/check constraint/);
  });
}

describe('migrations on PGlite', () => suite(pgliteHarness()));
describe.skipIf(noPg)('migrations on PostgreSQL (OPSGATE_TEST_DATABASE_URL)', () => {
  suite(postgresHarness());

  it('creates the configured schema and keeps everything in it', async () => {
    const schema = uniqueSchema();
    const admin = adminPool();
    const db = await openDb({ databaseUrl: PG_URL, schema });
    try {
      expect((await migrate(db)).applied).toContain('001_init.sql');
      const where = await admin.query<{ table_schema: string }>(
        `SELECT DISTINCT table_schema FROM information_schema.tables WHERE table_name IN ('proposals', 'audit_log', 'schema_migrations')`,
      );
      expect(where.rows.map((r) => r.table_schema)).toContain(schema);
      expect(where.rows.map((r) => r.table_schema)).not.toContain('public');
    } finally {
      await db.close();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
  });
});
