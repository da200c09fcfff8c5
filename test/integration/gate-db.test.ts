/**
 * The gate end to end on real databases: use cases + PgProposalStore/PgAuditLog + real child
 * processes. On PostgreSQL the confirms come from two separate pools, as two replicas would.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { confirmProposal } from '../../src/app/confirm-proposal.js';
import { handleRequest } from '../../src/app/handle-request.js';
import { recoverInterrupted } from '../../src/app/maintenance.js';
import { PgAuditLog } from '../../src/adapters/db/audit-log.js';
import { PgProposalStore } from '../../src/adapters/db/proposal-store.js';
import { verifyAuditLog } from '../../src/core/audit/tools.js';
import { makeApp, runsLogged } from '../helpers/app.js';
import { noPg, pgliteHarness, postgresHarness, type DbHarness } from '../helpers/db.js';

function suite(name: string, harness: DbHarness, skip: boolean) {
  describe.skipIf(skip)(`gate on ${name}`, () => {
    afterEach(() => harness.cleanup());
    afterAll(() => harness.dispose());

    it('50 concurrent confirms from two replicas execute the playbook once', async () => {
      const t = await harness.fresh();
      const other = await t.openAnother();
      const a = makeApp({ proposals: new PgProposalStore(t.db), audit: new PgAuditLog(t.db) });
      // Replica B: its own pool, same data, same data dir for the run log.
      const b = makeApp({ proposals: new PgProposalStore(other), audit: new PgAuditLog(other) });
      b.deps.exec = { ...b.deps.exec, cwd: a.home, baseEnv: a.deps.exec.baseEnv, owner: 'replica-b' };
      const out = await handleRequest(a.deps, { text: 'run restart service=checkout environment=prod', user: 'U2BOB', channel: 'C1' });
      if (out.kind !== 'proposal') throw new Error(out.kind);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          confirmProposal((i % 2 ? a : b).deps, { proposalId: out.proposal.id, user: i % 3 ? 'U1ALICE' : 'U3CAROL' }),
        ),
      );
      expect(results.filter((r) => r.kind === 'executed')).toHaveLength(1);
      expect(runsLogged(a.home)).toEqual(['restart checkout prod']);
      expect((await a.proposals.get(out.proposal.id))?.state).toBe('succeeded');
      const audit = await verifyAuditLog(a.audit);
      expect(audit.ok).toBe(true);
      expect((await a.audit.list()).filter((r) => r.action === 'execution.started')).toHaveLength(1);
    });

    it('crash recovery marks a stale running execution interrupted and frees its lock', async () => {
      const t = await harness.fresh();
      const app = makeApp({ proposals: new PgProposalStore(t.db), audit: new PgAuditLog(t.db) });
      const out = await handleRequest(app.deps, { text: 'run restart service=checkout environment=prod', user: 'U2BOB', channel: 'C1' });
      if (out.kind !== 'proposal') throw new Error(out.kind);
      await app.proposals.transition(out.proposal.id, ['awaiting'], 'approved', app.clock.now(), { decidedBy: 'U1ALICE' });
      const began = await app.proposals.beginExecution({ proposalId: out.proposal.id, executionId: 'x_dead', lockKey: 'checkout/prod', owner: 'gone:1', at: app.clock.now() });
      expect(began.ok).toBe(true);
      app.clock.advance(60_000);
      const found = await recoverInterrupted(app.deps, 30_000);
      expect(found.map((x) => x.id)).toEqual(['x_dead']);
      expect((await app.proposals.get(out.proposal.id))?.state).toBe('interrupted');
      const again = await handleRequest(app.deps, { text: 'run restart service=checkout environment=prod', user: 'U2BOB', channel: 'C1' });
      if (again.kind !== 'proposal') throw new Error(again.kind);
      expect((await confirmProposal(app.deps, { proposalId: again.proposal.id, user: 'U1ALICE' })).kind).toBe('executed');
    });

    it('an edited audit row is detected by verify', async () => {
      const t = await harness.fresh();
      const app = makeApp({ proposals: new PgProposalStore(t.db), audit: new PgAuditLog(t.db) });
      const out = await handleRequest(app.deps, { text: 'run restart service=payments environment=staging', user: 'U2BOB', channel: 'C1' });
      if (out.kind !== 'proposal') throw new Error(out.kind);
      await confirmProposal(app.deps, { proposalId: out.proposal.id, user: 'U1ALICE' });
      expect((await verifyAuditLog(app.audit)).ok).toBe(true);
      await t.asOwner(`UPDATE audit_log SET actor = 'U9MALLORY' WHERE action = 'proposal.approved'`);
      const v = await verifyAuditLog(app.audit);
      expect(v.ok).toBe(false);
      const approvedSeq = (await app.audit.list()).find((r) => r.action === 'proposal.approved')!.seq;
      expect(v.problems.map((p) => p.seq)).toContain(approvedSeq);
    });
  });
}

suite('PGlite', pgliteHarness(), false);
suite('PostgreSQL', postgresHarness(), noPg);
