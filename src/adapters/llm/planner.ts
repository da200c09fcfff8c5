/**
 * The LLM planner: LangChain ChatOpenAI with structured output against any OpenAI-compatible
 * endpoint (OpenAI, Ollama, vLLM, llama.cpp server). The request is redacted before it leaves the
 * process, context and history go in as JSON data, the answer is validated twice (schema, then
 * catalog), and on a timeout or an error the fallback planner answers and says so.
 */
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import type { Catalog } from '../../core/catalog/schema.js';
import { screenRequest } from '../../core/planner/offline/index.js';
import type { Planner, PlanRequest, PlanResult } from '../../core/planner/types.js';
import type { Logger } from '../../core/ports.js';
import { answerToPlan, PLANNER_SCHEMA_NAME, plannerAnswerSchema, plannerJsonSchema, REFUSE_CODES } from './planner-schema.js';

export interface LlmPlannerOptions {
  apiKey: string;
  /** An OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1 for Ollama. */
  baseUrl?: string;
  model: string;
  timeoutMs: number;
  /** Answers when the model cannot: timeout, HTTP error, unreachable server. */
  fallback: Planner;
  /** Applied to everything taken from chat before it is sent. */
  redact: (s: string) => string;
  /** The text of prompts/planner.md. */
  promptTemplate: string;
  log?: Logger;
  /** Default 0; some reasoning models accept only their default, so pass null to omit it. */
  temperature?: number | null;
}

const USER_MARKER = /^<!--\s*user\s*-->\s*$/m;
const REQUIRED = ['{{catalog}}', '{{inventory}}', '{{schema}}', '{{data}}'];

/** Splits the template into system and user parts and checks its placeholders. */
export function parsePromptTemplate(template: string): { system: string; user: string } {
  const body = template.replace(/^\s*<!--[\s\S]*?-->\s*/, '');
  const parts = body.split(USER_MARKER);
  if (parts.length !== 2) throw new Error('the planner prompt needs exactly one "<!-- user -->" line separating the system and user parts');
  for (const p of REQUIRED) if (!template.includes(p)) throw new Error(`the planner prompt lacks the placeholder ${p}`);
  return { system: parts[0]!.trim(), user: parts[1]!.trim() };
}

/** The catalog as the model reads it: ids, risk, what each does, params with types and bounds. */
export function describeCatalog(catalog: Catalog): string {
  return catalog.playbooks
    .map((pb) => {
      const params = pb.params
        .map((p) => {
          const extra =
            p.type === 'integer' ? ` ${p.min}-${p.max}${p.unit ? ` ${p.unit}` : ''}` :
            p.type === 'enum' ? `: ${p.values.join('|')}` :
            p.type === 'version' && p.keywords.length ? ` or ${p.keywords.join('|')}` :
            p.type === 'duration' ? ` ${p.min}..${p.max}` :
            p.type === 'string' ? ` matching ${p.pattern}` : '';
          const opt = p.required && !('default' in p && p.default !== undefined) ? '' : ', optional';
          return `    - ${p.name} (${p.type}${extra}${opt})${p.description ? `: ${p.description}` : ''}`;
        })
        .join('\n');
      const ex = pb.examples.slice(0, 3).map((e) => `"${e}"`).join(', ');
      return `- ${pb.id} [${pb.risk} risk] ${pb.title}: ${pb.description.trim()}\n  params:\n${params || '    (none)'}\n  e.g. ${ex}`;
    })
    .join('\n');
}

export function describeInventory(catalog: Catalog): string {
  const inv = catalog.inventory;
  const svc = inv.services.map((s) => `- service ${s.id}${s.aliases.length ? ` (also: ${s.aliases.join(', ')})` : ''}, team ${s.team}, runs in ${s.environments.join(', ')}`);
  const env = inv.environments.map((e) => `- environment ${e.id}${e.aliases.length ? ` (also: ${e.aliases.join(', ')})` : ''}${e.protected ? ', protected' : ''}`);
  return [...svc, ...env].join('\n');
}

/** The two messages sent for one request; chat-derived strings are redacted and JSON-quoted. */
export function plannerMessages(template: string, catalog: Catalog, req: PlanRequest, redact: (s: string) => string): { system: string; user: string } {
  const t = parsePromptTemplate(template);
  const fill = (s: string, vars: Record<string, string>) => s.replace(/\{\{(\w+)\}\}/g, (m, k: string) => vars[k] ?? m);
  const system = fill(t.system, {
    catalog: describeCatalog(catalog),
    inventory: describeInventory(catalog),
    refuse_codes: REFUSE_CODES.join(', '),
    schema: PLANNER_SCHEMA_NAME,
  });
  const data = {
    request: redact(req.text),
    channel_context: req.context ? { service: req.context.service ?? null, environment: req.context.environment ?? null } : null,
    thread_history: (req.history ?? []).map((h) => redact(h)),
  };
  // Redact the serialised data once more: a secret split across fields is still caught as a whole.
  const user = fill(t.user, { data: redact(JSON.stringify(data, null, 2)), schema: PLANNER_SCHEMA_NAME });
  return { system, user };
}

/** Errors that mean "the model answered, but not in the schema" rather than "no answer". */
function isAnswerError(e: unknown): boolean {
  const err = e as { name?: string; message?: string };
  return e instanceof SyntaxError || err?.name === 'SyntaxError' || err?.name === 'OutputParserException' || /Unexpected token|JSON/.test(err?.message ?? '');
}

export function createLlmPlanner(opts: LlmPlannerOptions): Planner {
  parsePromptTemplate(opts.promptTemplate);
  const model = new ChatOpenAI({
    model: opts.model,
    apiKey: opts.apiKey,
    ...(opts.temperature === null ? {} : { temperature: opts.temperature ?? 0 }),
    timeout: opts.timeoutMs,
    maxRetries: 0,
    ...(opts.baseUrl ? { configuration: { baseURL: opts.baseUrl } } : {}),
  });
  const bound = new WeakMap<Catalog, ReturnType<typeof structured>>();
  const structured = (catalog: Catalog) =>
    model.withStructuredOutput(plannerJsonSchema(catalog), { name: PLANNER_SCHEMA_NAME, method: 'jsonSchema', strict: true, includeRaw: true });

  async function fallback(req: PlanRequest, catalog: Catalog, why: string): Promise<PlanResult> {
    opts.log?.warn({ planner: 'llm', model: opts.model, reason: why }, 'LLM planner unavailable; using the fallback planner');
    const r = await opts.fallback.plan(req, catalog);
    return { ...r, note: `The LLM planner was unavailable (${why}); this answer is from the ${opts.fallback.name} planner.` };
  }

  return {
    name: 'llm',
    async plan(req: PlanRequest, catalog: Catalog): Promise<PlanResult> {
      // Deterministic refusals come first: no model output can talk its way past them.
      const screened = screenRequest(req, catalog);
      if (screened) return screened;
      const { system, user } = plannerMessages(opts.promptTemplate, catalog, req, opts.redact);
      let runnable = bound.get(catalog);
      if (!runnable) bound.set(catalog, (runnable = structured(catalog)));
      const ctl = new AbortController();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          ctl.abort();
          reject(new Error(`timeout after ${opts.timeoutMs} ms`));
        }, opts.timeoutMs);
      });
      let out: { raw: unknown; parsed: unknown };
      try {
        out = (await Promise.race([runnable.invoke([new SystemMessage(system), new HumanMessage(user)], { signal: ctl.signal }), timeout])) as {
          raw: unknown;
          parsed: unknown;
        };
      } catch (e) {
        if (isAnswerError(e)) return { kind: 'refuse', code: 'invalid', reason: 'the model answered outside the plan schema, so nothing is proposed; rephrase or use: run <playbook> key=value' };
        const msg = ctl.signal.aborted ? `timeout after ${opts.timeoutMs} ms` : (e as Error).message?.split('\n')[0]?.slice(0, 160) || 'error';
        return fallback(req, catalog, opts.redact(msg));
      } finally {
        clearTimeout(timer);
      }
      const parsed = plannerAnswerSchema(catalog).safeParse(out.parsed);
      if (!parsed.success) {
        opts.log?.warn({ planner: 'llm', issues: parsed.error.issues.slice(0, 3).map((i) => i.message) }, 'LLM planner answer failed validation');
        return { kind: 'refuse', code: 'invalid', reason: 'the model answered outside the plan schema, so nothing is proposed; rephrase or use: run <playbook> key=value' };
      }
      return answerToPlan(parsed.data, req, opts.redact(req.text), catalog);
    },
  };
}
