/**
 * Entry point for the composition root: open the database, bring its schema up to date and build
 * the repositories on it.
 */
import { PgAuditLog } from './audit-log.js';
import { openDb, type Db, type OpenDbOptions } from './db.js';
import { migrate, type MigrateResult } from './migrate.js';
import { PgProposalStore } from './proposal-store.js';

export { openDb, isConnectionError, type Db, type OpenDbOptions, type Queryable, type QueryResult } from './db.js';
export { migrate, loadMigrations, type Migration, type MigrateResult } from './migrate.js';
export { PgProposalStore } from './proposal-store.js';
export { PgAuditLog } from './audit-log.js';

export interface Database {
  db: Db;
  proposals: PgProposalStore;
  audit: PgAuditLog;
  migration: MigrateResult;
  close(): Promise<void>;
}

/** openDb + migrate + repositories. Closes the handle again if migrating fails. */
export async function openDatabase(opts: OpenDbOptions = {}): Promise<Database> {
  const db = await openDb(opts);
  let migration: MigrateResult;
  try {
    migration = await migrate(db);
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
  return {
    db,
    proposals: new PgProposalStore(db),
    audit: new PgAuditLog(db),
    migration,
    close: () => db.close(),
  };
}
