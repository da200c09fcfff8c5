import type { AuditRecord } from '../core/ports.js';
import type { AppDeps } from './deps.js';

/** Appends an audit row with its data redacted: audit rows are stored text and leave the process. */
export function record(
  deps: Pick<AppDeps, 'audit' | 'egress' | 'clock'>,
  actor: string,
  action: string,
  proposalId: string | null,
  data: Record<string, unknown> = {},
): Promise<AuditRecord> {
  return deps.audit.append({ at: deps.clock.now(), actor: deps.egress.text(actor), action, proposalId, data: deps.egress.deep(data) });
}
