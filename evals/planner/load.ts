/**
 * Reads the planner eval cases (JSON lines under evals/planner/cases) and the demo catalog they
 * were written for. Every line is checked against the case schema; a bad line names its file and line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../../src/adapters/catalog/load.js';
import type { Catalog } from '../../src/core/catalog/schema.js';
import { PlannerCaseSchema, type PlannerCase } from '../../src/app/eval-planner.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CASES_DIR = path.join(here, 'cases');
export const DEMO_CATALOG = {
  playbooks: path.resolve(here, '../../playbooks'),
  inventory: path.resolve(here, '../../playbooks/inventory.yaml'),
  policy: path.resolve(here, '../../playbooks/policy.yaml'),
};

export function loadPlannerCases(dir: string = CASES_DIR): PlannerCase[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  const cases: PlannerCase[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    const lines = readFileSync(path.join(dir, f), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      const where = `${path.join(dir, f)}:${i + 1}`;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (e) {
        throw new Error(`${where}: not JSON (${(e as Error).message})`);
      }
      const r = PlannerCaseSchema.safeParse(json);
      if (!r.success) throw new Error(`${where}: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      const dup = seen.get(r.data.id);
      if (dup) throw new Error(`${where}: duplicate case id ${r.data.id} (also at ${dup})`);
      seen.set(r.data.id, where);
      cases.push(r.data);
    });
  }
  return cases;
}

export function loadDemoCatalog(): Catalog {
  const r = loadCatalog(DEMO_CATALOG);
  if (!r.ok) throw new Error(`demo catalog does not load:\n${r.issues.map((i) => `${i.file}:${i.line}: ${i.path} ${i.message}`).join('\n')}`);
  return r.catalog;
}
