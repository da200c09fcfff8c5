/**
 * The planner's answer schema, built from the catalog: one proposal variant per playbook with
 * that playbook's params, plus clarify, refuse and answer. The same zod schema is sent to the
 * model (as strict JSON Schema) and parses what comes back; then the answer is checked against
 * the catalog once more, and anything that does not fit becomes a Refuse.
 */
import { z } from 'zod';
import { resolveEnvironment, resolveService } from '../../core/catalog/params.js';
import type { Catalog, CatalogPlaybook, Inventory, ParamSpec } from '../../core/catalog/schema.js';
import { editDistance } from '../../core/planner/offline/text.js';
import type { PlanRequest, PlanResult, RawParams, RefuseCode } from '../../core/planner/types.js';

/** The name the prompt template refers to. */
export const PLANNER_SCHEMA_NAME = 'PlannerAnswer';

export const REFUSE_CODES = ['out-of-catalog', 'dangerous', 'injection', 'not-a-request', 'negated', 'out-of-bounds', 'invalid'] as const satisfies readonly RefuseCode[];

function one(values: readonly string[]): z.ZodEnum {
  return z.enum(values as [string, ...string[]]);
}

function paramSchema(spec: ParamSpec, inv: Inventory): z.ZodType {
  const d = spec.description ? `${spec.description} ` : '';
  switch (spec.type) {
    case 'service':
      return one(inv.services.map((s) => s.id)).describe(`${d}An inventory service id.`);
    case 'environment':
      return one(inv.environments.map((e) => e.id)).describe(`${d}An inventory environment id. Never assumed: null unless the request names it.`);
    case 'integer':
      return z.number().int().describe(`${d}Whole number, allowed ${spec.min}-${spec.max}${spec.unit ? ` ${spec.unit}` : ''}.`);
    case 'version':
      return z.string().describe(`${d}A version like v2.13.1, a git SHA${spec.keywords.length ? `, or one of: ${spec.keywords.join(', ')}` : ''}.`);
    case 'duration':
      return z.string().describe(`${d}ISO-8601 duration such as PT30M or PT2H, between ${spec.min} and ${spec.max}.`);
    case 'enum':
      return one(spec.values).describe(d.trim() || spec.name);
    case 'string':
      return z.string().describe(`${d}Must match ${spec.pattern}${spec.example ? `, e.g. ${spec.example}` : ''}.`);
    case 'text':
      return z.string().describe(`${d}Free text copied from the request, at most ${spec.maxLength} characters.`);
  }
}

function proposalVariant(pb: CatalogPlaybook, inv: Inventory) {
  const shape: Record<string, z.ZodType> = {};
  for (const spec of pb.params) shape[spec.name] = paramSchema(spec, inv).nullable();
  return z
    .strictObject({
      kind: one(['proposal']),
      playbook: one([pb.id]),
      params: z.strictObject(shape).describe('Use null for anything the request does not state.'),
      confidence: z.number().describe('0 to 1: how sure you are that this is what was asked.'),
    })
    .describe(`${pb.title} (${pb.risk} risk): ${pb.description}`);
}

const schemaCache = new WeakMap<Catalog, z.ZodType<PlannerAnswer>>();

export interface PlannerAnswer {
  result:
    | { kind: 'proposal'; playbook: string; params: Record<string, string | number | null>; confidence: number }
    | { kind: 'clarify'; playbook: string | null; missing: string[]; question: string }
    | { kind: 'refuse'; code: (typeof REFUSE_CODES)[number]; reason: string }
    | { kind: 'answer'; text: string };
}

export function plannerAnswerSchema(catalog: Catalog): z.ZodType<PlannerAnswer> {
  const hit = schemaCache.get(catalog);
  if (hit) return hit;
  const ids = catalog.playbooks.map((p) => p.id);
  const variants = [
    ...catalog.playbooks.map((pb) => proposalVariant(pb, catalog.inventory)),
    z
      .strictObject({
        kind: one(['clarify']),
        playbook: (ids.length ? one(ids) : z.string()).nullable(),
        missing: z.array(z.string()).describe('Names of the params still needed.'),
        question: z.string(),
      })
      .describe('Ask when a required param is missing or a name is ambiguous.'),
    z.strictObject({ kind: one(['refuse']), code: one(REFUSE_CODES), reason: z.string() }).describe('Refuse, with a reason, anything listed as refused in the instructions.'),
    z.strictObject({ kind: one(['answer']), text: z.string() }).describe('Help and questions that are not commands.'),
  ];
  const schema = z.strictObject({ result: z.union(variants as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]) }) as unknown as z.ZodType<PlannerAnswer>;
  schemaCache.set(catalog, schema);
  return schema;
}

/** Strict JSON Schema for `response_format` (OpenAI structured outputs and compatible servers). */
export function plannerJsonSchema(catalog: Catalog): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(plannerAnswerSchema(catalog)) as Record<string, unknown>;
  return { title: PLANNER_SCHEMA_NAME, ...rest };
}

const words = (s: string) => s.toLowerCase().split(/[^a-z0-9-]+/).filter(Boolean);

/** The id, or one of its aliases, appears in the text as a word (allowing one typo in longer names). */
function grounded(text: string, names: readonly string[]): boolean {
  const ws = words(text);
  const joined = ` ${ws.join(' ')} `;
  for (const n of names) {
    const low = n.toLowerCase();
    if (joined.includes(` ${low} `) || joined.includes(` ${low.replace(/-/g, ' ')} `)) return true;
    if (low.length >= 4 && ws.some((w) => editDistance(w, low, 1) <= 1)) return true;
  }
  return false;
}

/**
 * Checks a parsed answer against the catalog and turns it into a PlanResult. A playbook or param
 * that does not exist is refused. A target or environment of a mutating playbook that the request
 * (or the channel context) does not name is dropped, so the request step asks for it instead.
 */
export function answerToPlan(answer: PlannerAnswer, req: PlanRequest, redactedText: string, catalog: Catalog): PlanResult {
  const r = answer.result;
  if (r.kind === 'answer') return { kind: 'answer', text: r.text };
  if (r.kind === 'refuse') return { kind: 'refuse', code: r.code, reason: r.reason };
  if (r.kind === 'clarify') {
    const pb = r.playbook ? catalog.playbooks.find((p) => p.id === r.playbook) : undefined;
    if (r.playbook && !pb) return { kind: 'refuse', code: 'invalid', reason: `the model asked about an unknown playbook "${r.playbook}"` };
    const missing = pb ? r.missing.filter((m) => pb.params.some((p) => p.name === m)) : [];
    const out: PlanResult = { kind: 'clarify', missing, question: r.question };
    if (pb) out.playbookId = pb.id;
    return out;
  }
  const pb = catalog.playbooks.find((p) => p.id === r.playbook);
  if (!pb) return { kind: 'refuse', code: 'invalid', reason: `the model proposed an unknown playbook "${r.playbook}"` };
  const params: RawParams = {};
  for (const [name, value] of Object.entries(r.params)) {
    const spec = pb.params.find((p) => p.name === name);
    if (!spec) return { kind: 'refuse', code: 'invalid', reason: `the model gave ${pb.id} an unknown parameter "${name}"` };
    if (value === null || value === '') continue;
    if (pb.risk !== 'read' && (spec.type === 'service' || spec.type === 'environment')) {
      const inv = catalog.inventory;
      const id = spec.type === 'service' ? resolveService(inv, String(value)) : resolveEnvironment(inv, String(value));
      const entry = spec.type === 'service' ? inv.services.find((s) => s.id === id) : inv.environments.find((e) => e.id === id);
      const fromContext = spec.type === 'service' ? req.context?.service : req.context?.environment;
      if (!entry || (fromContext !== id && !grounded(redactedText, [entry.id, ...entry.aliases]))) continue;
    }
    params[name] = value;
  }
  const confidence = Math.max(0, Math.min(1, Number.isFinite(r.confidence) ? r.confidence : 0.5));
  return { kind: 'proposal', playbookId: pb.id, params, confidence };
}
