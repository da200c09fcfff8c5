/**
 * `npm run bench`: every benchmark in one run, progress on stderr, a summary on stdout and in
 * bench/results.json. PostgreSQL is measured when OPSGATE_BENCH_DATABASE_URL (or
 * OPSGATE_TEST_DATABASE_URL) is set.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchGate, type GateBench } from './gate.js';

const log = (s: string) => process.stderr.write(`${s}\n`);

async function optional(file: string, fn: string): Promise<Record<string, unknown> | null> {
  const p = path.join(import.meta.dirname, file);
  if (!existsSync(p)) return null;
  const mod = (await import(p)) as Record<string, () => Promise<Record<string, unknown>>>;
  const f = mod[fn];
  return f ? f() : null;
}

async function main() {
  if (process.argv.includes('--help')) {
    process.stdout.write('usage: npm run bench\n  env OPSGATE_BENCH_DATABASE_URL=postgres://… also measures PostgreSQL\n');
    return;
  }
  const results: Record<string, unknown> = { node: process.version, at: new Date().toISOString() };
  const gate: GateBench[] = [];
  log('gate: PGlite (on disk)…');
  gate.push(await benchGate('pglite', { dataDir: path.join(mkdtempSync(path.join(tmpdir(), 'opsgate-bench-db-')), 'pgdata') }, log));
  const pgUrl = process.env.OPSGATE_BENCH_DATABASE_URL ?? process.env.OPSGATE_TEST_DATABASE_URL;
  if (pgUrl) {
    log('gate: PostgreSQL…');
    gate.push(await benchGate('postgres', { databaseUrl: pgUrl, schema: `opsgate_bench_${process.pid}` }, log));
  } else log('gate: PostgreSQL skipped (set OPSGATE_BENCH_DATABASE_URL)');
  results.gate = gate;
  log('planner…');
  results.planner = await optional('planner.ts', 'benchPlanner');
  log('redaction…');
  results.redaction = await optional('redaction.ts', 'benchRedaction');

  const lines = ['| database | propose→confirm→execute p50 | p95 | confirms/s (gate only, 8 concurrent) |', '|---|---|---|---|'];
  for (const g of gate) lines.push(`| ${g.database} | ${g.latency.p50Ms} ms | ${g.latency.p95Ms} ms | ${g.throughput.confirmsPerSec} |`);
  process.stdout.write(`${lines.join('\n')}\n\n`);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
}

await main();
