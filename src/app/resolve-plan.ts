import { checkParams, choicesFor } from '../core/catalog/params.js';
import type { Catalog, CatalogPlaybook } from '../core/catalog/schema.js';
import type { Params } from '../core/proposal/types.js';
import type { Candidate, PlanRequest, PlanResult, RawParams, RefuseCode } from '../core/planner/types.js';

/** A plan after the param step: what handle-request stores or says, and what the planner eval judges. */
export type Resolved =
  | { kind: 'proposal'; playbook: CatalogPlaybook; params: Params; confidence: number; runnerUp?: Candidate }
  | { kind: 'clarify'; question: string; missing: string[]; playbookId?: string; options?: Record<string, string[]>; candidates?: Candidate[] }
  | { kind: 'refuse'; code: RefuseCode; reason: string }
  | { kind: 'answer'; text: string };

/**
 * The channel's incident context (its service and environment) fills the target the request left
 * out: "roll it back", "restart web too". The proposal shows the filled values before anyone confirms.
 */
export function applyContext(pb: CatalogPlaybook, raw: RawParams, req: Pick<PlanRequest, 'context'>): RawParams {
  const ctx = req.context;
  if (!ctx) return raw;
  const out = { ...raw };
  for (const spec of pb.params) {
    if (out[spec.name] !== undefined) continue;
    if (spec.type === 'service' && ctx.service) out[spec.name] = ctx.service;
    if (spec.type === 'environment' && ctx.environment) out[spec.name] = ctx.environment;
  }
  return out;
}

/** Validates and normalises a planner's proposal against the catalog; missing params become a question. */
export function resolvePlan(plan: PlanResult, req: Pick<PlanRequest, 'context'>, catalog: Catalog): Resolved {
  if (plan.kind === 'answer') return { kind: 'answer', text: plan.text };
  if (plan.kind === 'refuse') return { kind: 'refuse', code: plan.code, reason: plan.reason };
  if (plan.kind === 'clarify') {
    const out: Resolved = { kind: 'clarify', question: plan.question, missing: plan.missing };
    if (plan.playbookId) out.playbookId = plan.playbookId;
    if (plan.options) out.options = plan.options;
    if (plan.candidates) out.candidates = plan.candidates;
    return out;
  }
  const pb = catalog.playbooks.find((p) => p.id === plan.playbookId);
  if (!pb) return { kind: 'refuse', code: 'out-of-catalog', reason: `no playbook "${plan.playbookId}" in the catalog` };
  const checked = checkParams(pb, applyContext(pb, plan.params, req), catalog.inventory);
  if (!checked.ok) {
    if (checked.errors.length) {
      const bounds = checked.errors.some((e) => /outside the allowed range|must be between/.test(e.error));
      return { kind: 'refuse', code: bounds ? 'out-of-bounds' : 'invalid', reason: `${pb.id}: ${checked.errors.map((e) => e.error).join('; ')}` };
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
      question:
        `To ${pb.title.toLowerCase()} I need: ${checked.missing.join(', ')}.` +
        Object.entries(options).map(([k, v]) => ` ${k}: ${v.join(' / ')}?`).join(''),
    };
  }
  const out: Resolved = { kind: 'proposal', playbook: pb, params: checked.params, confidence: plan.confidence };
  if (plan.runnerUp) out.runnerUp = plan.runnerUp;
  return out;
}
