import { checkParams, choicesFor } from '../core/catalog/params.js';
import { renderPlan } from '../core/catalog/render.js';
import type { CatalogPlaybook } from '../core/catalog/schema.js';
import { mayRequest, needsTwoPeople } from '../core/policy/authorize.js';
import { planHash } from '../core/proposal/plan.js';
import type { Proposal } from '../core/proposal/types.js';
import { planExplicit } from '../core/planner/explicit.js';
import type { Candidate, PlanRequest, PlanResult, RefuseCode } from '../core/planner/types.js';
import type { AppDeps } from './deps.js';
import { record } from './record.js';

export type RequestOutcome =
  | { kind: 'proposal'; proposal: Proposal; playbook: CatalogPlaybook; confidence: number; runnerUp?: Candidate; autoRun: boolean }
  | { kind: 'clarify'; question: string; missing: string[]; playbookId?: string; options?: Record<string, string[]>; candidates?: Candidate[] }
  | { kind: 'refuse'; code: RefuseCode; reason: string }
  | { kind: 'answer'; text: string };

/** What the surface should say alongside the outcome (e.g. the LLM was unavailable). */
export type Noted<T> = T & { note?: string };

/** A chat request becomes a stored, plan-bound proposal, or a question, a refusal or an answer. */
export async function handleRequest(deps: AppDeps, req: PlanRequest): Promise<Noted<RequestOutcome>> {
  const text = deps.egress.text(req.text);
  const safeReq: PlanRequest = { ...req, text, now: req.now ?? deps.clock.now() };
  const plan: PlanResult = planExplicit(text, deps.catalog) ?? (await deps.planner.plan(safeReq, deps.catalog));
  const outcome: Noted<RequestOutcome> = await toOutcome(deps, safeReq, plan);
  if (plan.note) outcome.note = plan.note;
  if (outcome.kind !== 'proposal') {
    await record(deps, req.user, `request.${outcome.kind}`, null, {
      channel: req.channel,
      text,
      ...(outcome.kind === 'refuse' ? { code: outcome.code, reason: outcome.reason } : {}),
      ...(outcome.kind === 'clarify' ? { missing: outcome.missing } : {}),
    });
  }
  return outcome;
}

async function toOutcome(deps: AppDeps, req: PlanRequest, plan: PlanResult): Promise<RequestOutcome> {
  if (plan.kind === 'answer') return { kind: 'answer', text: plan.text };
  if (plan.kind === 'refuse') return { kind: 'refuse', code: plan.code, reason: plan.reason };
  const { catalog } = deps;
  if (plan.kind === 'clarify') {
    const out: RequestOutcome = { kind: 'clarify', question: plan.question, missing: plan.missing };
    if (plan.playbookId) out.playbookId = plan.playbookId;
    if (plan.options) out.options = plan.options;
    if (plan.candidates) out.candidates = plan.candidates;
    return out;
  }
  const pb = catalog.playbooks.find((p) => p.id === plan.playbookId);
  if (!pb) return { kind: 'refuse', code: 'out-of-catalog', reason: `no playbook "${plan.playbookId}" in the catalog` };
  if (!mayRequest(catalog.policy, req.user)) {
    return { kind: 'refuse', code: 'unauthorized', reason: `${req.user} may not request playbooks here; ask an on-call responder.` };
  }
  // Context fills the target only when the request did not name one.
  const raw = { ...plan.params };
  for (const spec of pb.params) {
    if (raw[spec.name] !== undefined) continue;
    if (spec.type === 'service' && req.context?.service) raw[spec.name] = req.context.service;
    if (spec.type === 'environment' && req.context?.environment) raw[spec.name] = req.context.environment;
  }
  const checked = checkParams(pb, raw, catalog.inventory);
  if (!checked.ok) {
    if (checked.errors.length) {
      const bounds = checked.errors.some((e) => /outside the allowed range|must be between/.test(e.error));
      return {
        kind: 'refuse',
        code: bounds ? 'out-of-bounds' : 'invalid',
        reason: `${pb.id}: ${checked.errors.map((e) => e.error).join('; ')}`,
      };
    }
    const options: Record<string, string[]> = {};
    for (const name of checked.missing) {
      const spec = pb.params.find((p) => p.name === name);
      const c = spec && choicesFor(spec, catalog.inventory, checked.params);
      if (c) options[name] = c;
    }
    return {
      kind: 'clarify',
      playbookId: pb.id,
      missing: checked.missing,
      options,
      question: `To ${pb.title.toLowerCase()} I need: ${checked.missing.join(', ')}.` +
        Object.entries(options).map(([k, v]) => ` ${k}: ${v.join(' / ')}?`).join(''),
    };
  }
  const params = checked.params;
  const version = pb.version;
  const rendered = renderPlan(pb, params);
  const now = deps.clock.now();
  const proposal: Proposal = {
    id: deps.ids.next('p'),
    playbookId: pb.id,
    playbookVersion: version,
    params,
    ...rendered,
    risk: pb.risk,
    twoPerson: needsTwoPeople(pb),
    requestedBy: req.user,
    channel: req.channel,
    requestText: req.text,
    planHash: planHash({ playbookId: pb.id, playbookVersion: version, params, ...rendered }),
    state: 'proposed',
    createdAt: now,
    expiresAt: new Date(now.getTime() + deps.proposalTtlMinutes * 60_000),
    updatedAt: now,
    decidedBy: null,
    messageRef: null,
  };
  await deps.proposals.create(deps.egress.deep(proposal));
  // Returning the outcome is what presents it; the surface may attach its message ref later.
  const presented = await deps.proposals.transition(proposal.id, ['proposed'], 'awaiting', now);
  if (presented) proposal.state = presented.state;
  await record(deps, req.user, 'proposal.created', proposal.id, {
    playbook: pb.id,
    version,
    params,
    planHash: proposal.planHash,
    channel: req.channel,
    text: req.text,
  });
  const out: RequestOutcome = {
    kind: 'proposal',
    proposal,
    playbook: pb,
    confidence: plan.confidence,
    autoRun: pb.risk === 'read' && catalog.policy.autoRunRead,
  };
  if (plan.runnerUp) out.runnerUp = plan.runnerUp;
  return out;
}
