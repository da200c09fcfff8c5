import { renderPlan } from '../core/catalog/render.js';
import type { CatalogPlaybook } from '../core/catalog/schema.js';
import { mayRequest, needsTwoPeople } from '../core/policy/authorize.js';
import { planHash } from '../core/proposal/plan.js';
import { sourcesOf } from '../core/proposal/state.js';
import type { Proposal } from '../core/proposal/types.js';
import { planExplicit } from '../core/planner/explicit.js';
import type { Candidate, PlanRequest, PlanResult, RefuseCode } from '../core/planner/types.js';
import type { AppDeps } from './deps.js';
import { record } from './record.js';
import { resolvePlan } from './resolve-plan.js';
import { resolveKeywords, type Resolutions } from './resolve-keywords.js';

export type RequestOutcome =
  | {
      kind: 'proposal';
      proposal: Proposal;
      playbook: CatalogPlaybook;
      confidence: number;
      runnerUp?: Candidate;
      autoRun: boolean;
      /** Keywords looked up when proposing, e.g. version "previous" → v2.13.1. */
      resolved?: Resolutions;
    }
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
  const { catalog } = deps;
  if (plan.kind === 'proposal' && !mayRequest(catalog.policy, req.user)) {
    return { kind: 'refuse', code: 'unauthorized', reason: `${req.user} may not request playbooks here; ask an on-call responder.` };
  }
  const r = resolvePlan(plan, req, catalog);
  if (r.kind !== 'proposal') return r;
  const pb = r.playbook;
  const looked = await resolveKeywords(deps, pb, r.params, catalog.inventory);
  if (!looked.ok) return { kind: 'refuse', code: 'invalid', reason: looked.reason };
  const params = looked.params;
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
  // Stored exactly as hashed: the request text was redacted before planning, so params and steps
  // derive from redacted text; redacting again here would make what runs differ from what was shown.
  await deps.proposals.create(proposal);
  // Returning the outcome is what presents it; the surface may attach its message ref later.
  const presented = await deps.proposals.transition(proposal.id, sourcesOf('present'), 'awaiting', now);
  if (presented) proposal.state = presented.state;
  await record(deps, req.user, 'proposal.created', proposal.id, {
    playbook: pb.id,
    version,
    params,
    planHash: proposal.planHash,
    ...(Object.keys(looked.resolved).length ? { resolved: looked.resolved } : {}),
    channel: req.channel,
    text: req.text,
  });
  const out: RequestOutcome = {
    kind: 'proposal',
    proposal,
    playbook: pb,
    confidence: r.confidence,
    autoRun: pb.risk === 'read' && catalog.policy.autoRunRead,
  };
  if (r.runnerUp) out.runnerUp = r.runnerUp;
  if (Object.keys(looked.resolved).length) out.resolved = looked.resolved;
  return out;
}
