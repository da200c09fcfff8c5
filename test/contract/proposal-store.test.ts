import { describe } from 'vitest';
import { PgProposalStore } from '../../src/adapters/db/proposal-store.js';
import { MemoryProposalStore } from '../../src/adapters/memory/proposal-store.js';
import { noPg, pgliteHarness, postgresHarness, type DbHarness } from '../helpers/db.js';
import { proposalStoreContract, type StoreFixture } from './proposal-store.contract.js';

proposalStoreContract('memory', async () => {
  const store = new MemoryProposalStore();
  return { store, second: store, close: async () => undefined };
});

function onDb(h: DbHarness): () => Promise<StoreFixture> {
  return async () => {
    const t = await h.fresh();
    return {
      store: new PgProposalStore(t.db),
      second: new PgProposalStore(await t.openAnother()),
      close: () => h.cleanup(),
    };
  };
}

const lite = pgliteHarness();
proposalStoreContract('PGlite', onDb(lite), () => lite.dispose());

describe.skipIf(noPg)('PostgreSQL (OPSGATE_TEST_DATABASE_URL)', () => {
  const pg = postgresHarness();
  proposalStoreContract('PostgreSQL', onDb(pg), () => pg.dispose());
});
