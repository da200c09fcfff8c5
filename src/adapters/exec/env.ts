import type { NamedSecret } from './mask.js';

/** The only variables a step inherits from opsgate's own environment. */
export const INHERITED_ENV = ['PATH', 'HOME', 'LANG', 'TZ'] as const;

export interface StepEnv {
  /** The complete environment for the step. */
  env: Record<string, string>;
  /** Secrets that were found, for `maskerFor`. */
  secrets: NamedSecret[];
  /** Secret names the playbook declares but that are unset or empty: refuse or explain before running. */
  missing: string[];
}

/**
 * A minimal environment for a step: PATH, HOME, LANG and TZ from `base`, then the declared secrets
 * that are set, then `extra` (which wins on a name clash). Nothing else leaks from opsgate's env.
 */
export function buildStepEnv(
  base: NodeJS.ProcessEnv,
  secretNames: readonly string[],
  extra: Record<string, string>,
): StepEnv {
  const env: Record<string, string> = {};
  for (const k of INHERITED_ENV) {
    const v = base[k];
    if (v !== undefined) env[k] = v;
  }
  const secrets: NamedSecret[] = [];
  const missing: string[] = [];
  for (const name of new Set(secretNames)) {
    const v = base[name];
    if (v === undefined || v === '') {
      missing.push(name);
      continue;
    }
    env[name] = v;
    secrets.push({ name, value: v });
  }
  Object.assign(env, extra);
  return { env, secrets, missing };
}
