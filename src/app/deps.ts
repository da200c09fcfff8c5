import type { Catalog } from '../core/catalog/schema.js';
import type { AuditLog, Clock, IdSource, Logger, ProposalStore, Runner } from '../core/ports.js';
import type { Planner } from '../core/planner/types.js';
import type { Egress } from './egress.js';

export interface ExecSettings {
  runner: Runner;
  /** Catalog folder: steps run there. */
  cwd: string;
  /** Variables every step gets (PATH, HOME, OPSGATE_HOME …). */
  baseEnv: Record<string, string>;
  /** Value of a secret env var a playbook declared, if configured. */
  secret(name: string): string | undefined;
  outputCap: number;
  heartbeatMs: number;
  /** This process, for execution ownership (hostname:pid:random). */
  owner: string;
}

export interface AppDeps {
  catalog: Catalog;
  proposals: ProposalStore;
  audit: AuditLog;
  planner: Planner;
  clock: Clock;
  ids: IdSource;
  egress: Egress;
  log: Logger;
  exec: ExecSettings;
  proposalTtlMinutes: number;
}
