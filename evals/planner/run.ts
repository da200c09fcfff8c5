/**
 * Runs the planner evals without the CLI: `npx tsx evals/planner/run.ts [--json] [--baseline]`.
 * Exits 1 when a CI gate is missed. `opsgate eval planner` does the same through the app.
 */
import { formatPlannerReport, runPlannerEval } from '../../src/app/eval-planner.js';
import { createAliasBaseline } from '../../src/core/planner/baseline.js';
import { createOfflinePlanner } from '../../src/core/planner/offline/index.js';
import { loadDemoCatalog, loadPlannerCases } from './load.js';

const args = new Set(process.argv.slice(2));
const planner = args.has('--baseline') ? createAliasBaseline() : createOfflinePlanner();
const report = await runPlannerEval(loadPlannerCases(), planner, loadDemoCatalog(), { now: () => performance.now() });
process.stdout.write(args.has('--json') ? `${JSON.stringify(report, null, 2)}\n` : `${formatPlannerReport(report, { maxFailures: 100 })}\n`);
if (!report.pass) process.exitCode = 1;
