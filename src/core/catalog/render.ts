import type { Playbook, Step } from './schema.js';
import type { Params, RenderedStep } from '../proposal/types.js';

const PLACEHOLDER = /\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g;

/** Names of `{param}` placeholders used in a string. */
export function placeholders(s: string): string[] {
  return [...s.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/**
 * Substitutes params into one string. The result stays one argv element whatever the value holds:
 * substitution is textual and nothing downstream splits or interprets it.
 */
export function fill(template: string, params: Params): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? '' : String(v);
  });
}

function fillDeep(v: unknown, params: Params): unknown {
  if (typeof v === 'string') return fill(v, params);
  if (Array.isArray(v)) return v.map((x) => fillDeep(x, params));
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fillDeep(x, params)]));
  }
  return v;
}

export function renderStep(step: Step, params: Params, defaultTimeout: number): RenderedStep {
  const timeoutSeconds = step.timeoutSeconds ?? defaultTimeout;
  if ('run' in step) return { name: step.name, kind: 'argv', argv: step.run.map((a) => fill(a, params)), timeoutSeconds };
  const r: RenderedStep = {
    name: step.name,
    kind: 'http',
    method: step.http.method,
    // URL parts are encoded so a value cannot change the path or add query keys.
    url: step.http.url.replace(PLACEHOLDER, (_w, n: string) => encodeURIComponent(String(params[n] ?? ''))),
    headers: Object.fromEntries(Object.entries(step.http.headers).map(([k, v]) => [k, fill(v, params)])),
    timeoutSeconds,
  };
  if (step.http.body !== undefined) r.body = fillDeep(step.http.body, params);
  return r;
}

export function renderPlan(pb: Playbook, params: Params): {
  steps: RenderedStep[];
  dryRun: RenderedStep[] | null;
  lockKey: string | null;
} {
  return {
    steps: pb.steps.map((s) => renderStep(s, params, pb.timeoutSeconds)),
    dryRun: pb.dryRun ? pb.dryRun.map((s) => renderStep(s, params, pb.timeoutSeconds)) : null,
    lockKey: pb.lock ? fill(pb.lock, params) : null,
  };
}

/** Shell-like rendering for display only (never executed): quotes elements that need it. */
export function displayArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
