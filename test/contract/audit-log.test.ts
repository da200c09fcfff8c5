import { describe } from 'vitest';
import { PgAuditLog } from '../../src/adapters/db/audit-log.js';
import { MemoryAuditLog } from '../../src/adapters/memory/audit-log.js';
import { noPg, pgliteHarness, postgresHarness, type DbHarness } from '../helpers/db.js';
import { auditLogContract, type AuditFixture } from './audit-log.contract.js';

auditLogContract('memory', async () => {
  const log = new MemoryAuditLog();
  const rows = () => log.unsafeRows();
  const find = (seq: number) => {
    const r = rows().find((x) => x.seq === seq);
    if (!r) throw new Error(`no row ${seq}`);
    return r;
  };
  return {
    log,
    second: log,
    tamper: {
      async setData(seq, data) {
        find(seq).data = data;
      },
      async rewrite(seq, data, hash) {
        Object.assign(find(seq), { data, hash });
      },
      async remove(seq) {
        rows().splice(rows().indexOf(find(seq)), 1);
      },
      async swap(a, b) {
        const ra = find(a);
        const rb = find(b);
        const copy = { ...ra };
        Object.assign(ra, { ...rb, seq: a });
        Object.assign(rb, { ...copy, seq: b });
      },
    },
    close: async () => undefined,
  };
});

function onDb(h: DbHarness): () => Promise<AuditFixture> {
  return async () => {
    const t = await h.fresh();
    return {
      log: new PgAuditLog(t.db),
      second: new PgAuditLog(await t.openAnother()),
      tamper: {
        setData: (seq, data) => t.asOwner('UPDATE audit_log SET data = $2::jsonb WHERE seq = $1', [seq, JSON.stringify(data)]),
        rewrite: (seq, data, hash) =>
          t.asOwner('UPDATE audit_log SET data = $2::jsonb, hash = $3 WHERE seq = $1', [seq, JSON.stringify(data), hash]),
        remove: (seq) => t.asOwner('DELETE FROM audit_log WHERE seq = $1', [seq]),
        // hash is UNIQUE (checked row by row), so park one row's hash while the contents move.
        async swap(a, b) {
          const set = `UPDATE audit_log SET at = $2, actor = $3, action = $4, proposal_id = $5, data = $6::jsonb,
                         prev_hash = $7, hash = $8 WHERE seq = $1`;
          const { rows } = await t.db.query<Record<string, unknown>>('SELECT * FROM audit_log WHERE seq = ANY($1::bigint[])', [[a, b]]);
          const ra = rows.find((r) => Number(r['seq']) === a)!;
          const rb = rows.find((r) => Number(r['seq']) === b)!;
          const values = (r: Record<string, unknown>) => [r['at'], r['actor'], r['action'], r['proposal_id'], JSON.stringify(r['data']), r['prev_hash'], r['hash']];
          await t.asOwner('UPDATE audit_log SET hash = $2 WHERE seq = $1', [a, 'e'.repeat(64)]);
          await t.asOwner(set, [b, ...values(ra)]);
          await t.asOwner(set, [a, ...values(rb)]);
        },
      },
      close: () => h.cleanup(),
    };
  };
}

const lite = pgliteHarness();
auditLogContract('PGlite', onDb(lite), () => lite.dispose());

describe.skipIf(noPg)('PostgreSQL (OPSGATE_TEST_DATABASE_URL)', () => {
  const pg = postgresHarness();
  auditLogContract('PostgreSQL', onDb(pg), () => pg.dispose());
});
