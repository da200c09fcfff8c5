import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AppDeps } from '../../src/app/deps.js';
import { createEgress } from '../../src/app/egress.js';
import { createProcessRunner } from '../../src/adapters/exec/index.js';
import { MemoryAuditLog } from '../../src/adapters/memory/audit-log.js';
import { MemoryProposalStore } from '../../src/adapters/memory/proposal-store.js';
import { InventorySchema, PlaybookSchema, PolicySchema, type Catalog } from '../../src/core/catalog/schema.js';
import { playbookVersion } from '../../src/core/proposal/plan.js';
import type { AuditLog, Clock, Logger, ProposalStore, Runner } from '../../src/core/ports.js';
import { createExplicitOnlyPlanner } from '../../src/core/planner/help.js';
import { createRedactor } from '../../src/core/redaction/index.js';

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  constructor(public t = new Date('2026-11-22T03:00:00Z')) {}
  now(): Date {
    return new Date(this.t.getTime());
  }
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
}

let seq = 0;
export const seqIds = { next: (prefix = 'id') => `${prefix}_${process.pid}_${++seq}` };

export const silentLog: Logger = { info() {}, warn() {}, error() {} };

/**
 * A small catalog for unit tests. Steps are real `node -e` programs that append one line per run to
 * `$OPSGATE_HOME/runs.log`, so tests count executions on disk instead of trusting a mock.
 */
export function testCatalog(): Catalog {
  const appendRun = (tag: string) => ['node', '-e', `require('fs').appendFileSync(process.env.OPSGATE_HOME + '/runs.log', process.argv[1] + '\\n')`, tag];
  const raw = [
    {
      id: 'restart',
      title: 'Restart a service',
      description: 'Restart every replica.',
      examples: ['restart checkout in prod'],
      risk: 'low',
      confirm: { roles: ['responder'] },
      lock: '{service}/{environment}',
      params: [
        { name: 'service', type: 'service' },
        { name: 'environment', type: 'environment' },
        { name: 'reason', type: 'text', required: false },
      ],
      steps: [{ name: 'restart', run: appendRun('restart {service} {environment}') }],
      dryRun: [{ name: 'preview', run: ['node', '-e', 'console.log("would restart " + process.argv[1] + " in " + process.argv[2])', '{service}', '{environment}'] }],
    },
    {
      id: 'failover',
      title: 'Fail over a database',
      description: 'Promote the replica.',
      examples: ['fail over orders db in prod'],
      risk: 'high',
      confirm: { roles: ['sre'] },
      lock: 'db/{environment}',
      params: [{ name: 'environment', type: 'environment' }],
      steps: [{ name: 'failover', run: appendRun('failover {environment}') }],
    },
    {
      id: 'status',
      title: 'Service status',
      description: 'Show status.',
      examples: ['status of checkout'],
      risk: 'read',
      confirm: { roles: ['viewer', 'responder'] },
      params: [
        { name: 'service', type: 'service' },
        { name: 'environment', type: 'environment', required: false, default: 'prod' },
      ],
      steps: [{ name: 'status', run: ['node', '-e', 'console.log("ok " + process.argv[1])', '{service}'] }],
    },
    {
      id: 'echo',
      title: 'Echo a note',
      description: 'Echo arguments as JSON; used to prove argv integrity.',
      examples: ['echo a note'],
      risk: 'low',
      confirm: { roles: ['responder'] },
      lock: 'echo',
      secrets: ['FAKE_API_TOKEN'],
      params: [
        { name: 'environment', type: 'environment' },
        { name: 'note', type: 'text' },
      ],
      steps: [
        {
          name: 'echo',
          run: ['node', '-e', 'console.log(JSON.stringify(process.argv.slice(1))); console.log("token " + (process.env.FAKE_API_TOKEN || "unset"))', '{note}'],
        },
      ],
    },
    {
      id: 'rollback',
      title: 'Roll back',
      description: 'Redeploy an earlier release.',
      examples: ['roll back checkout'],
      risk: 'high',
      confirm: { roles: ['sre'] },
      lock: '{service}/{environment}',
      params: [
        { name: 'service', type: 'service' },
        { name: 'environment', type: 'environment' },
        {
          name: 'version',
          type: 'version',
          keywords: ['previous'],
          // Prints the release for checkout; fails for anything else, as a lookup with no history would.
          resolve: ['node', '-e', 'if (process.argv[1] !== "checkout") { console.error("no earlier release of " + process.argv[1]); process.exit(3) } console.log("1.4.2")', '{service}'],
        },
      ],
      steps: [{ name: 'rollback', run: appendRun('rollback {service} {environment} {version}') }],
    },
    {
      id: 'slow',
      title: 'Slow step',
      description: 'Sleeps longer than its timeout.',
      examples: ['slow'],
      risk: 'low',
      confirm: { roles: ['responder'] },
      lock: 'slow',
      timeoutSeconds: 1,
      params: [{ name: 'environment', type: 'environment' }],
      steps: [{ name: 'sleep', run: ['node', '-e', 'setTimeout(() => {}, 60000)'] }],
    },
  ];
  const playbooks = raw.map((r) => {
    const pb = PlaybookSchema.parse(r);
    return { ...pb, version: playbookVersion(pb) };
  });
  return {
    playbooks,
    inventory: InventorySchema.parse({
      services: [
        { id: 'checkout', aliases: ['co'], team: 'storefront', environments: ['prod', 'staging'] },
        { id: 'payments', aliases: ['pay'], team: 'payments', environments: ['prod', 'staging'] },
      ],
      environments: [
        { id: 'prod', aliases: ['production'], protected: true },
        { id: 'staging', aliases: ['stg'] },
      ],
    }),
    policy: PolicySchema.parse({
      users: [
        { id: 'U1ALICE', name: 'alice' },
        { id: 'U2BOB', name: 'bob' },
        { id: 'U3CAROL', name: 'carol' },
        { id: 'U4ERIN', name: 'erin' },
      ],
      roles: {
        responder: { users: ['U1ALICE', 'U2BOB', 'U3CAROL'] },
        sre: { users: ['U1ALICE', 'U3CAROL'] },
        viewer: { users: ['U4ERIN'] },
      },
    }),
  };
}

export interface TestApp {
  deps: AppDeps;
  clock: FakeClock;
  home: string;
  proposals: ProposalStore;
  audit: AuditLog;
}

export function makeApp(over: Partial<AppDeps> & { secrets?: Record<string, string>; runner?: Runner } = {}): TestApp {
  const clock = new FakeClock();
  const home = mkdtempSync(path.join(tmpdir(), 'opsgate-test-'));
  const secrets = over.secrets ?? {};
  const proposals = over.proposals ?? new MemoryProposalStore();
  const audit = over.audit ?? new MemoryAuditLog();
  const deps: AppDeps = {
    catalog: testCatalog(),
    proposals,
    audit,
    planner: createExplicitOnlyPlanner(),
    clock,
    ids: seqIds,
    egress: createEgress(createRedactor({ knownSecrets: Object.values(secrets) })),
    log: silentLog,
    exec: {
      runner: over.runner ?? createProcessRunner({ killGraceMs: 200 }),
      cwd: home,
      baseEnv: { PATH: process.env.PATH ?? '', OPSGATE_HOME: home },
      secret: (n) => secrets[n],
      outputCap: 16 * 1024,
      heartbeatMs: 50,
      owner: 'test-owner',
    },
    proposalTtlMinutes: 15,
    ...over,
  };
  return { deps, clock, home, proposals, audit };
}

export function runsLogged(home: string): string[] {
  try {
    return readFileSync(path.join(home, 'runs.log'), 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}
