/**
 * Gate benchmark: propose → confirm → execute latency for a no-op playbook (a real child process),
 * and confirmations per second through the gate (approve + lock + execution row + finish + audit)
 * with an in-process runner, on PGlite and on PostgreSQL when a URL is given.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { confirmProposal } from '../src/app/confirm-proposal.js';
import type { AppDeps } from '../src/app/deps.js';
import { createEgress } from '../src/app/egress.js';
import { handleRequest } from '../src/app/handle-request.js';
import { openDatabase } from '../src/adapters/db/index.js';
import { createProcessRunner } from '../src/adapters/exec/index.js';
import { randomIds, systemClock } from '../src/adapters/system.js';
import { InventorySchema, PlaybookSchema, PolicySchema, type Catalog } from '../src/core/catalog/schema.js';
import { playbookVersion } from '../src/core/proposal/plan.js';
import type { Runner } from '../src/core/ports.js';
import { createExplicitOnlyPlanner } from '../src/core/planner/help.js';
import { createRedactor } from '../src/core/redaction/index.js';

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function benchCatalog(): Catalog {
  const pb = PlaybookSchema.parse({
    id: 'noop',
    title: 'No-op',
    description: 'Runs a program that does nothing.',
    examples: ['noop'],
    risk: 'low',
    confirm: { roles: ['responder'] },
    lock: 'noop/{environment}/{n}',
    params: [
      { name: 'environment', type: 'environment' },
      { name: 'n', type: 'integer', min: 0, max: 1_000_000 },
    ],
    steps: [{ name: 'noop', run: ['true'] }],
  });
  return {
    playbooks: [{ ...pb, version: playbookVersion(pb) }],
    inventory: InventorySchema.parse({ services: [{ id: 'svc', team: 't', environments: ['prod'] }], environments: [{ id: 'prod' }] }),
    policy: PolicySchema.parse({ users: [{ id: 'U1', name: 'a' }, { id: 'U2', name: 'b' }], roles: { responder: { users: ['U1', 'U2'] } } }),
  };
}

const okRunner: Runner = {
  async run(step) {
    return { name: step.name, exitCode: 0, signal: null, timedOut: false, durationMs: 0, output: '', truncated: false };
  },
};

export interface GateBench {
  database: string;
  latency: { n: number; p50Ms: number; p95Ms: number };
  throughput: { n: number; concurrency: number; confirmsPerSec: number };
}

export async function benchGate(label: string, dbOpts: { databaseUrl?: string; dataDir?: string; schema?: string }, progress: (s: string) => void): Promise<GateBench> {
  const database = await openDatabase(dbOpts);
  const home = mkdtempSync(path.join(tmpdir(), 'opsgate-bench-'));
  const deps = (runner: Runner): AppDeps => ({
    catalog: benchCatalog(),
    proposals: database.proposals,
    audit: database.audit,
    planner: createExplicitOnlyPlanner(),
    clock: systemClock,
    ids: randomIds,
    egress: createEgress(createRedactor()),
    log: { info() {}, warn() {}, error() {} },
    exec: { runner, cwd: home, baseEnv: { PATH: process.env.PATH ?? '/usr/bin:/bin', OPSGATE_HOME: home }, secret: () => undefined, outputCap: 4096, heartbeatMs: 5000, owner: 'bench' },
    proposalTtlMinutes: 15,
  });
  try {
    const real = deps(createProcessRunner());
    let n = 0;
    const lat: number[] = [];
    const N = 100;
    for (let i = 0; i < N + 5; i++) {
      const t0 = performance.now();
      const out = await handleRequest(real, { text: `run noop environment=prod n=${n++}`, user: 'U1', channel: 'bench' });
      if (out.kind !== 'proposal') throw new Error(`bench proposal failed: ${JSON.stringify(out)}`);
      const r = await confirmProposal(real, { proposalId: out.proposal.id, user: 'U2' });
      if (r.kind !== 'executed' || r.execution.state !== 'succeeded') throw new Error(`bench run failed: ${r.kind}`);
      if (i >= 5) lat.push(performance.now() - t0);
      if (i % 25 === 0) progress(`  ${label}: latency ${i}/${N + 5}`);
    }
    lat.sort((a, b) => a - b);

    const fast = deps(okRunner);
    const M = 400;
    const conc = 8;
    const ids: string[] = [];
    for (let i = 0; i < M; i++) {
      const out = await handleRequest(fast, { text: `run noop environment=prod n=${n++}`, user: 'U1', channel: 'bench' });
      if (out.kind === 'proposal') ids.push(out.proposal.id);
    }
    progress(`  ${label}: ${ids.length} proposals ready; confirming with concurrency ${conc}`);
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: conc }, async () => {
        while (next < ids.length) {
          const id = ids[next++]!;
          const r = await confirmProposal(fast, { proposalId: id, user: 'U2' });
          if (r.kind !== 'executed') throw new Error(`bench confirm failed: ${r.kind}`);
        }
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    return {
      database: label,
      latency: { n: lat.length, p50Ms: round(percentile(lat, 50)), p95Ms: round(percentile(lat, 95)) },
      throughput: { n: ids.length, concurrency: conc, confirmsPerSec: round(ids.length / secs) },
    };
  } finally {
    await database.close();
  }
}

const round = (x: number) => Math.round(x * 10) / 10;
