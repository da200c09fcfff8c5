/** Composition root: the only place (with cli.ts) that wires adapters to use cases. */
import path from 'node:path';
import { createEgress, type Egress } from './app/egress.js';
import type { AppDeps } from './app/deps.js';
import { recoverInterrupted, expireProposals } from './app/maintenance.js';
import { loadCatalogOrThrow } from './adapters/catalog/load.js';
import { openDatabase, type Db } from './adapters/db/index.js';
import { createProcessRunner } from './adapters/exec/index.js';
import { createLogger } from './adapters/log.js';
import { processOwner, randomIds, systemClock } from './adapters/system.js';
import { baseStepEnv, type Config } from './config.js';
import { OpsgateError } from './core/errors.js';
import type { Catalog } from './core/catalog/schema.js';
import type { Execution } from './core/proposal/types.js';
import type { Logger } from './core/ports.js';
import type { Planner } from './core/planner/types.js';
import { createRedactor } from './core/redaction/index.js';
import { mkdirSync, readFileSync } from 'node:fs';
import { createLlmPlanner } from './adapters/llm/planner.js';
import { createOfflinePlanner } from './core/planner/offline/index.js';

export interface Runtime {
  config: Config;
  deps: AppDeps;
  db: Db;
  egress: Egress;
  log: Logger;
  /** Executions found interrupted at start (a previous process crashed mid-run). */
  recovered: Execution[];
  close(): Promise<void>;
}

/** Builds the egress first so that every later failure message is already redacted. */
export function egressFor(config: Config, catalog?: Catalog): Egress {
  const declared = catalog ? catalog.playbooks.flatMap((p) => p.secrets) : [];
  return createEgress(createRedactor({ knownSecrets: config.knownSecretValues(declared) }));
}

export async function createRuntime(
  config: Config,
  opts: { planner?: Planner; logWrite?: (line: string) => void; startMaintenance?: boolean } = {},
): Promise<Runtime> {
  const catalog = loadCatalogOrThrow(config.paths);
  const egress = egressFor(config, catalog);
  const log = createLogger({ level: config.logLevel, redact: egress.text, ...(opts.logWrite ? { write: opts.logWrite } : {}) });
  try {
    mkdirSync(config.paths.dataDir, { recursive: true });
  } catch (e) {
    throw new OpsgateError(
      'CONFIG_INVALID',
      `cannot create the data folder ${config.paths.dataDir} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      'set dataDir in opsgate.yaml to a writable folder',
    );
  }
  const database = await openDatabase(
    config.databaseUrl
      ? { databaseUrl: config.databaseUrl.reveal(), logger: log }
      : { dataDir: path.join(config.paths.dataDir, 'pgdata'), logger: log },
  );
  const db = database.db;
  const deps: AppDeps = {
    catalog,
    proposals: database.proposals,
    audit: database.audit,
    planner: opts.planner ?? createPlanner(config, egress, log),
    clock: systemClock,
    ids: randomIds,
    egress,
    log,
    exec: {
      runner: createProcessRunner(),
      cwd: config.paths.playbooks,
      baseEnv: baseStepEnv(config.paths.dataDir),
      secret: (name) => (catalog.playbooks.some((p) => p.secrets.includes(name)) ? config.secret(name) : undefined),
      outputCap: config.outputCapBytes,
      heartbeatMs: config.heartbeatMs,
      owner: processOwner(),
    },
    proposalTtlMinutes: config.proposalTtlMinutes,
  };
  const recovered = await recoverInterrupted(deps, config.staleAfterMs);
  let timer: NodeJS.Timeout | null = null;
  if (opts.startMaintenance) {
    timer = setInterval(() => {
      expireProposals(deps).catch((e: unknown) => log.warn({ err: String(e) }, 'expiry sweep failed'));
      recoverInterrupted(deps, config.staleAfterMs).catch((e: unknown) => log.warn({ err: String(e) }, 'recovery sweep failed'));
    }, 30_000);
    timer.unref();
  }
  return {
    config,
    deps,
    db,
    egress,
    log,
    recovered,
    async close() {
      if (timer) clearInterval(timer);
      await db.close();
    },
  };
}

export const PROMPTS_DIR = path.resolve(import.meta.dirname, '../prompts');

/** Chooses the planner from config; the explicit `run …` syntax works in front of any of them. */
export function createPlanner(config: Config, egress: Egress, log: Logger): Planner {
  const offline = createOfflinePlanner();
  if (config.planner !== 'llm') return offline;
  return createLlmPlanner({
    // A local OpenAI-compatible server may need no key; the client still wants a non-empty one.
    apiKey: config.llm.apiKey?.reveal() ?? 'no-key',
    ...(config.llm.baseUrl ? { baseUrl: config.llm.baseUrl } : {}),
    model: config.llm.model,
    timeoutMs: config.llm.timeoutMs,
    fallback: offline,
    redact: egress.text,
    promptTemplate: readFileSync(path.join(PROMPTS_DIR, 'planner.md'), 'utf8'),
    log,
  });
}
