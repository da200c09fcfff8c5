import type { Catalog } from '../catalog/schema.js';
import type { PlanResult, RawParams } from './types.js';

/** Splits `key=value key2="quoted value"` honouring single and double quotes; values are never interpreted. */
export function tokenize(input: string): { tokens: string[]; error?: string } {
  const tokens: string[] = [];
  let cur = '';
  let quote: '"' | "'" | null = null;
  let has = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quote) {
      if (c === '\\' && quote === '"' && (input[i + 1] === '"' || input[i + 1] === '\\')) cur += input[++i];
      else if (c === quote) quote = null;
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (/\s/.test(c)) {
      if (has || cur) tokens.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (quote) return { tokens, error: `unclosed ${quote} quote; close it or remove it` };
  if (has || cur) tokens.push(cur);
  return { tokens };
}

export const EXPLICIT_PREFIX = /^\s*run\s+/i;

/** `run <playbook> key=value ...`: the precise syntax that works without any planner. */
export function planExplicit(text: string, catalog: Catalog): PlanResult | null {
  if (!EXPLICIT_PREFIX.test(text)) return null;
  const { tokens, error } = tokenize(text.replace(EXPLICIT_PREFIX, ''));
  if (error) return { kind: 'refuse', code: 'invalid', reason: error };
  const [id, ...rest] = tokens;
  const pb = catalog.playbooks.find((p) => p.id === id);
  if (!id || !pb) {
    const ids = catalog.playbooks.map((p) => p.id).join(', ');
    return { kind: 'refuse', code: 'out-of-catalog', reason: `unknown playbook "${id ?? ''}". Known playbooks: ${ids}` };
  }
  const params: RawParams = {};
  for (const t of rest) {
    const eq = t.indexOf('=');
    if (eq <= 0) {
      return { kind: 'refuse', code: 'invalid', reason: `"${t}" is not key=value; write e.g. service=checkout (quote values with spaces: reason="bad deploy")` };
    }
    params[t.slice(0, eq)] = t.slice(eq + 1);
  }
  return { kind: 'proposal', playbookId: pb.id, params, confidence: 1 };
}
