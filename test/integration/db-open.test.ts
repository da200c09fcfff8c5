/** openDb: error messages for unreachable servers, the embedded database on disk, transactions. */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/adapters/db/db.js';
import { openDatabase } from '../../src/adapters/db/index.js';
import { OpsgateError, isOpsgateError } from '../../src/core/errors.js';
import { PG_URL, noPg, pgliteHarness, postgresHarness, type DbHarness } from '../helpers/db.js';

async function failure(p: Promise<unknown>): Promise<OpsgateError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isOpsgateError(e)) throw new Error(`expected an OpsgateError, got ${String(e)}`);
  return e;
}

describe('openDb against an unreachable PostgreSQL', () => {
  it('throws DB_UNAVAILABLE naming host:port, never the password', async () => {
    const e = await failure(openDb({ databaseUrl: 'postgres://u:supersecretpw@127.0.0.1:1/x', connectTimeoutMs: 2000 }));
    expect(e.code).toBe('DB_UNAVAILABLE');
    expect(e.message).toContain('127.0.0.1:1');
    expect(e.hint).toMatch(/DATABASE_URL/);
    expect(e.hint).toMatch(/embedded database/);
    for (const text of [e.message, e.hint, String(e), JSON.stringify(e), e.stack ?? '']) {
      expect(text).not.toContain('supersecretpw');
    }
  });

  it('does not leak a percent-encoded password either', async () => {
    const e = await failure(openDb({ databaseUrl: 'postgres://u:p%40ss%2Fw0rd-xyz@127.0.0.1:1/x', connectTimeoutMs: 2000 }));
    expect(e.code).toBe('DB_UNAVAILABLE');
    for (const text of [e.message, e.hint, String(e)]) {
      expect(text).not.toContain('p@ss/w0rd-xyz');
      expect(text).not.toContain('p%40ss%2Fw0rd-xyz');
    }
  });

  it('rejects a malformed URL without echoing it', async () => {
    const e = await failure(openDb({ databaseUrl: 'not a url with secret hunter2' }));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(String(e)).not.toContain('hunter2');
  });

  it('rejects a schema name that is not an identifier', async () => {
    const e = await failure(openDb({ schema: 'x"; DROP TABLE proposals; --' }));
    expect(e.code).toBe('CONFIG_INVALID');
  });
});

describe.skipIf(noPg)('openDb against the test PostgreSQL (OPSGATE_TEST_DATABASE_URL)', () => {
  it('a missing database is DB_UNAVAILABLE with a hint to create it, without the password', async () => {
    const u = new URL(PG_URL!);
    u.password = 'anothersecretpw';
    u.pathname = '/opsgate_no_such_database';
    const e = await failure(openDb({ databaseUrl: u.toString() }));
    expect(e.code).toBe('DB_UNAVAILABLE');
    expect(e.message).toContain(`${u.hostname}:${u.port || '5432'}`);
    expect(e.hint).toMatch(/create database "opsgate_no_such_database"/);
    expect(String(e)).not.toContain('anothersecretpw');
  });
});

function txSuite(h: DbHarness): void {
  afterEach(() => h.cleanup());
  afterAll(() => h.dispose());

  it('commits on success and rolls back on error', async () => {
    const { db } = await h.fresh({ migrate: false });
    await db.exec('CREATE TABLE t (n int)');
    expect(await db.tx(async (q) => (await q.query('INSERT INTO t VALUES (1) RETURNING n')).rows)).toEqual([{ n: 1 }]);
    await expect(
      db.tx(async (q) => {
        await q.query('INSERT INTO t VALUES (2)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(db.tx((q) => q.query('INSERT INTO t VALUES (1 / 0)'))).rejects.toThrow();
    expect((await db.query<{ n: number }>('SELECT n FROM t ORDER BY n')).rows).toEqual([{ n: 1 }]);
  });

  it('refuses use of the handle itself inside its transaction', async () => {
    const { db } = await h.fresh({ migrate: false });
    const e = await failure(db.tx(() => db.query('SELECT 1')));
    expect(e.code).toBe('INTERNAL');
    expect((await failure(db.tx(() => db.tx(async () => 1)))).code).toBe('INTERNAL');
    // The handle still works afterwards.
    expect((await db.query<{ x: number }>('SELECT 1 AS x')).rows).toEqual([{ x: 1 }]);
  });

  it('reports rowCount for changes and for RETURNING', async () => {
    const { db } = await h.fresh({ migrate: false });
    await db.exec('CREATE TABLE t (n int); INSERT INTO t VALUES (1), (2), (3)');
    expect((await db.query('UPDATE t SET n = n + 10 WHERE n > 1')).rowCount).toBe(2);
    expect((await db.query('DELETE FROM t WHERE n > 100')).rowCount).toBe(0);
    expect((await db.query('SELECT * FROM t')).rowCount).toBe(3);
  });
}

describe('transactions on PGlite', () => {
  const h = pgliteHarness();
  txSuite(h);

  it('transactions never interleave on its single connection', async () => {
    const { db } = await h.fresh({ migrate: false });
    await db.exec('CREATE TABLE counter (n int); INSERT INTO counter VALUES (0)');
    // Read, yield, write: interleaved bodies would lose increments.
    await Promise.all(
      Array.from({ length: 25 }, () =>
        db.tx(async (q) => {
          const { rows } = await q.query<{ n: number }>('SELECT n FROM counter');
          await new Promise((r) => setImmediate(r));
          await q.query('UPDATE counter SET n = $1', [rows[0]!.n + 1]);
        }),
      ),
    );
    expect((await db.query<{ n: number }>('SELECT n FROM counter')).rows).toEqual([{ n: 25 }]);
  });
});

describe.skipIf(noPg)('transactions on PostgreSQL (OPSGATE_TEST_DATABASE_URL)', () => txSuite(postgresHarness()));

describe('the embedded database on disk', () => {
  const dirs: string[] = [];
  const open: Db[] = [];
  const tmp = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'opsgate-db-'));
    dirs.push(d);
    return join(d, 'pgdata');
  };
  afterAll(async () => {
    for (const db of open) await db.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('keeps data across restarts, and one process at a time', async () => {
    const dataDir = tmp();
    const first = await openDatabase({ dataDir });
    open.push(first.db);
    expect(first.db.kind).toBe('pglite');
    await first.audit.append({ at: new Date('2026-01-01T00:00:00Z'), actor: 'U1', action: 'test', proposalId: null, data: { a: 1 } });

    const busy = await failure(openDb({ dataDir }));
    expect(busy.code).toBe('DB_UNAVAILABLE');
    expect(busy.message).toMatch(/in use by process \d+/);

    await first.close();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    const again = await openDatabase({ dataDir });
    open.push(again.db);
    expect(again.migration.applied).toEqual([]);
    expect((await again.audit.list()).map((r) => r.data)).toEqual([{ a: 1 }]);
    await again.close();
  });

  it('takes over a lock left by a process that died', async () => {
    const dataDir = tmp();
    writeFileSync(`${dataDir}.lock`, '999999999');
    const db = await openDb({ dataDir });
    open.push(db);
    expect((await db.query<{ x: number }>('SELECT 1 AS x')).rows).toEqual([{ x: 1 }]);
    await db.close();
  });
});
