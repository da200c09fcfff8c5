import type { Proposal, StepResult } from '../core/proposal/types.js';
import type { AppDeps } from './deps.js';
import { record } from './record.js';

export type PreviewOutcome =
  | { kind: 'previewed'; proposal: Proposal; results: StepResult[] }
  | { kind: 'not-found'; message: string }
  | { kind: 'unavailable'; proposal: Proposal; message: string };

/**
 * Runs a proposal's dry-run steps (declared by the playbook as changing nothing) so responders can see
 * what would happen before anyone confirms. It needs no confirm and takes no lock; it is audited.
 */
export async function previewProposal(deps: AppDeps, args: { proposalId: string; user: string }): Promise<PreviewOutcome> {
  const p = await deps.proposals.get(args.proposalId);
  if (!p) return { kind: 'not-found', message: `no proposal ${args.proposalId}; check the id` };
  if (!p.dryRun?.length) return { kind: 'unavailable', proposal: p, message: `${p.playbookId} has no dry run; the preview above is what will run` };
  if (p.state !== 'awaiting' && p.state !== 'proposed' && p.state !== 'approved') {
    return { kind: 'unavailable', proposal: p, message: `proposal ${p.id} is ${p.state}; a dry run only helps before it runs` };
  }
  const pb = deps.catalog.playbooks.find((x) => x.id === p.playbookId);
  const env: Record<string, string> = { ...deps.exec.baseEnv };
  for (const name of pb?.secrets ?? []) {
    const v = deps.exec.secret(name);
    if (v !== undefined) env[name] = v;
  }
  const results: StepResult[] = [];
  for (const step of p.dryRun) {
    const r = await deps.exec.runner.run(step, { env, cwd: deps.exec.cwd, outputCap: deps.exec.outputCap, mask: deps.egress.text });
    results.push(deps.egress.deep(r));
    if (r.exitCode !== 0 || r.timedOut) break;
  }
  await record(deps, args.user, 'proposal.previewed', p.id, {
    steps: results.map((r) => ({ name: r.name, exitCode: r.exitCode, timedOut: r.timedOut })),
  });
  return { kind: 'previewed', proposal: p, results };
}
