import { checkParam } from '../core/catalog/params.js';
import { fill } from '../core/catalog/render.js';
import type { CatalogPlaybook, Inventory } from '../core/catalog/schema.js';
import type { Params, RenderedStep } from '../core/proposal/types.js';
import type { AppDeps } from './deps.js';

export type Resolutions = Record<string, { from: string; to: string }>;

export type KeywordResolution = { ok: true; params: Params; resolved: Resolutions } | { ok: false; reason: string };

const RESOLVE_TIMEOUT_SECONDS = 15;

/**
 * A keyword such as "previous" means a different release tomorrow than today. When the playbook says
 * how to look it up (`resolve:`), the lookup runs now and the proposal binds the concrete version, so
 * what is shown, hashed and confirmed is what runs.
 */
export async function resolveKeywords(
  deps: Pick<AppDeps, 'exec' | 'egress'>,
  pb: CatalogPlaybook,
  params: Params,
  inventory: Inventory,
): Promise<KeywordResolution> {
  const out: Params = { ...params };
  const resolved: Resolutions = {};
  for (const spec of pb.params) {
    if (spec.type !== 'version' || !spec.resolve) continue;
    const value = out[spec.name];
    if (typeof value !== 'string' || !spec.keywords.includes(value)) continue;
    const step: RenderedStep = {
      name: `resolve ${spec.name}`,
      kind: 'argv',
      argv: spec.resolve.map((a) => fill(a, out)),
      timeoutSeconds: RESOLVE_TIMEOUT_SECONDS,
    };
    // Read-only lookup: the base environment only, never the playbook's secrets.
    const r = await deps.exec.runner.run(step, { env: deps.exec.baseEnv, cwd: deps.exec.cwd, outputCap: 4096, mask: deps.egress.text });
    const lines = r.output.trim().split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('[opsgate]'));
    if (r.exitCode !== 0 || r.timedOut) {
      const why = lines.slice(-2).join(' ') || (r.timedOut ? `timed out after ${RESOLVE_TIMEOUT_SECONDS}s` : `exit ${r.exitCode ?? r.signal}`);
      return { ok: false, reason: `could not work out which release "${value}" means for ${pb.id}: ${why}` };
    }
    const printed = lines.at(-1) ?? '';
    const checked = checkParam({ ...spec, keywords: [] }, printed, inventory);
    if (!checked.ok) return { ok: false, reason: `looking up "${value}" for ${pb.id} printed "${printed}", which is not a version; fix the playbook's resolve command` };
    out[spec.name] = checked.value;
    resolved[spec.name] = { from: value, to: String(checked.value) };
  }
  return { ok: true, params: out, resolved };
}
