/**
 * Offline planner latency over every planner eval case with the whole demo catalog loaded, the
 * catalog load time, and the one-off cost of indexing a catalog. Run alone with
 * `npx tsx bench/planner.ts`, or as part of `npm run bench`.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadCatalog } from '../src/adapters/catalog/load.js';
import { createAliasBaseline } from '../src/core/planner/baseline.js';
import { createOfflinePlanner } from '../src/core/planner/offline/index.js';
import type { Planner } from '../src/core/planner/types.js';
import { DEMO_CATALOG, loadPlannerCases } from '../evals/planner/load.js';

const round = (x: number) => Math.round(x * 1000) / 1000;

function stats(samples: number[]): { n: number; p50: number; p95: number; p99: number; max: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0;
  return { n: s.length, p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(s[s.length - 1] ?? 0), mean: round(s.reduce((a, b) => a + b, 0) / (s.length || 1)) };
}

function load() {
  const r = loadCatalog(DEMO_CATALOG);
  if (!r.ok) throw new Error(`demo catalog does not load: ${r.issues.length} issue(s)`);
  return r;
}

async function latency(planner: Planner, passes: number) {
  const { catalog } = load();
  const cases = loadPlannerCases();
  const samples: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    for (const c of cases) {
      const req = { text: c.text, user: 'bench', channel: 'bench', ...(c.context ? { context: { ...c.context } } : {}) };
      const t0 = performance.now();
      await planner.plan(req as Parameters<Planner['plan']>[0], catalog);
      samples.push(performance.now() - t0);
    }
  }
  return { cases: cases.length, passes, ...stats(samples) };
}

export async function benchPlanner(): Promise<Record<string, unknown>> {
  const loads: number[] = [];
  let playbooks = 0;
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const r = load();
    loads.push(performance.now() - t0);
    playbooks = r.catalog.playbooks.length;
  }
  // The first request against a catalog builds its index (vocabulary, weights, aliases).
  const { catalog } = load();
  const offline = createOfflinePlanner();
  const t0 = performance.now();
  await offline.plan({ text: 'restart checkout in prod', user: 'bench', channel: 'bench' }, catalog);
  const firstPlanMs = performance.now() - t0;
  const off = await latency(createOfflinePlanner(), 5);
  const base = await latency(createAliasBaseline(), 5);
  return {
    catalog: { playbooks, files: playbooks + 2, loadMs: stats(loads), firstPlanWithIndexMs: round(firstPlanMs) },
    offlineMs: off,
    aliasBaselineMs: base,
    target: { p95UnderMs: 20, met: off.p95 < 20 },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchPlanner().then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (e: unknown) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
