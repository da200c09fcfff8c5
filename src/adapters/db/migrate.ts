/**
 * Versioned SQL migrations: src/adapters/db/migrations/NNN_name.sql, applied in order at start in
 * one transaction and recorded in schema_migrations. A transaction-scoped advisory lock makes it
 * safe for several replicas to start at once: the first applies, the others wait and find nothing
 * left to do.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OpsgateError, isOpsgateError } from '../../core/errors.js';
import { quoteIdent, type Db } from './db.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  /** File names applied by this call, in order (empty when the schema was up to date). */
  applied: string[];
  /** Highest version now recorded. */
  version: number;
}

/** Advisory lock keys (two int4): 'opsg' and a per-purpose number. */
export const LOCK_NAMESPACE = 0x6f707367;
export const MIGRATE_LOCK = 1;

const DEFAULT_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE = /^(\d{3,})_([a-z0-9_]+)\.sql$/;

export function loadMigrations(dir: string = DEFAULT_DIR): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = FILE.exec(file);
    if (!m) continue;
    // Line endings normalised so a checkout with CRLF does not look like an edited migration.
    const sql = readFileSync(`${dir}/${file}`, 'utf8').replace(/\r\n/g, '\n');
    out.push({ version: Number(m[1]), name: file, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  for (let i = 1; i < out.length; i++) {
    if (out[i]!.version === out[i - 1]!.version) {
      throw new OpsgateError(
        'DB_MIGRATION_FAILED',
        `two migrations share version ${out[i]!.version}: ${out[i - 1]!.name} and ${out[i]!.name}`,
        'renumber the newer migration',
      );
    }
  }
  return out;
}

export async function migrate(db: Db, opts: { migrations?: Migration[] } = {}): Promise<MigrateResult> {
  const migrations = opts.migrations ?? loadMigrations();
  let current = '';
  try {
    return await db.tx(async (q) => {
      await q.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, MIGRATE_LOCK]);
      if (db.schema) await q.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(db.schema)}`);
      await q.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        checksum   text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const done = new Map<number, { name: string; checksum: string }>();
      const rows = await q.query<{ version: number; name: string; checksum: string }>(
        'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
      );
      for (const r of rows.rows) done.set(Number(r.version), { name: r.name, checksum: r.checksum });

      const applied: string[] = [];
      for (const m of migrations) {
        const prior = done.get(m.version);
        if (prior) {
          if (prior.checksum !== m.checksum) {
            throw new OpsgateError(
              'DB_MIGRATION_FAILED',
              `migration ${m.name} was changed after it was applied (as ${prior.name})`,
              'restore the original file and put the change in a new migration with the next number',
            );
          }
          continue;
        }
        current = m.name;
        await q.exec(m.sql);
        await q.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
          m.version,
          m.name,
          m.checksum,
        ]);
        applied.push(m.name);
      }
      // Versions recorded but unknown here belong to a newer release running alongside: leave them.
      const version = Math.max(0, ...done.keys(), ...migrations.map((m) => m.version));
      return { applied, version };
    });
  } catch (e) {
    if (isOpsgateError(e)) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    const hint = /extension "vector"|vector\.control/.test(msg)
      ? 'install pgvector on the database server (see .ci/postgres.sh), or have a superuser run CREATE EXTENSION vector'
      : 'fix the database or the migration and restart; nothing was applied (migrations run in one transaction)';
    throw new OpsgateError(
      'DB_MIGRATION_FAILED',
      `database migration ${current ? `${current} ` : ''}failed: ${msg}`,
      hint,
      { cause: e },
    );
  }
}
