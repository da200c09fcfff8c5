import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import {
  InventorySchema,
  PlaybookSchema,
  PolicySchema,
  type Catalog,
  type Inventory,
  type Playbook,
  type Policy,
} from '../../core/catalog/schema.js';
import { validateCatalog } from '../../core/catalog/validate.js';
import { playbookVersion } from '../../core/proposal/plan.js';
import { OpsgateError } from '../../core/errors.js';

/** One problem with its place: `file:line: path: message`. */
export interface LocatedIssue {
  file: string;
  line: number;
  path: string;
  message: string;
}

export function formatIssue(i: LocatedIssue): string {
  return `${i.file}:${i.line}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
}

interface ParsedFile {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

function readYaml(file: string, issues: LocatedIssue[]): ParsedFile | null {
  let src: string;
  try {
    src = readFileSync(file, 'utf8');
  } catch (e) {
    issues.push({ file, line: 0, path: '', message: `cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)}); check the path in opsgate.yaml` });
    return null;
  }
  const lines = new LineCounter();
  const doc = parseDocument(src, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    for (const err of doc.errors) {
      const line = err.linePos?.[0].line ?? 0;
      issues.push({ file, line, path: '', message: `YAML syntax: ${err.message.split('\n')[0]} — fix the indentation or quoting on this line` });
    }
    return null;
  }
  return { file, doc, lines };
}

/** Line of the deepest node that exists along `p` (a missing key points at its parent). */
function lineOf(pf: ParsedFile, p: ReadonlyArray<PropertyKey>): number {
  for (let n = p.length; n >= 0; n--) {
    const node = pf.doc.getIn(p.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && (isScalar(node) || isMap(node) || node.range)) {
      const off = node.range?.[0];
      if (off !== undefined) return pf.lines.linePos(off).line;
    }
  }
  return 1;
}

function pathText(p: ReadonlyArray<PropertyKey>): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`)).join('');
}

function hintFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove them or fix the spelling`;
    case 'invalid_type':
      return issue.input === undefined ? `missing: add "${String(issue.path.at(-1))}"` : `expected ${issue.expected}`;
    case 'invalid_value':
      return `write one of: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'invalid_union':
      if (issue.path.length && (issue as { note?: string }).note?.includes('discriminator'))
        return 'type must be one of: service, environment, integer, version, duration, enum, string, text';
      return `${issue.message}: check the shape against a playbook in playbooks/ (argv steps use "run: [...]", HTTP steps "http: {method, url}")`;
    default:
      return issue.message;
  }
}

function parseWith<T>(schema: z.ZodType<T>, pf: ParsedFile, issues: LocatedIssue[]): T | null {
  const r = schema.safeParse(pf.doc.toJS());
  if (r.success) return r.data;
  for (const i of r.error.issues) {
    let p = i.path;
    if (i.code === 'invalid_union' && p.length === 0) p = ['type'];
    issues.push({ file: pf.file, line: lineOf(pf, p), path: pathText(p), message: hintFor(i) });
  }
  return null;
}

export interface CatalogPaths {
  playbooks: string;
  inventory: string;
  policy: string;
}

export type CatalogLoad = { ok: true; catalog: Catalog; files: number } | { ok: false; issues: LocatedIssue[] };

/** Playbook files are the `*.yaml`/`*.yml` directly in the folder, except the inventory and policy. */
export function playbookFiles(p: CatalogPaths): string[] {
  const skip = new Set([path.resolve(p.inventory), path.resolve(p.policy)]);
  let names: string[];
  try {
    names = readdirSync(p.playbooks);
  } catch {
    throw new OpsgateError('CATALOG_INVALID', `playbooks folder ${p.playbooks} cannot be read`, 'set "playbooks:" in opsgate.yaml to a folder of playbook YAML files');
  }
  return names
    .filter((n) => /\.ya?ml$/.test(n))
    .map((n) => path.join(p.playbooks, n))
    .filter((f) => !skip.has(path.resolve(f)) && isFile(f))
    .sort();
}

function isFile(f: string): boolean {
  try {
    return statSync(f).isFile();
  } catch {
    return false; // a dangling link or a file removed while listing: not a playbook
  }
}

/** Loads and checks the whole catalog; every problem is reported with its file and line. */
export function loadCatalog(p: CatalogPaths): CatalogLoad {
  const issues: LocatedIssue[] = [];
  const inv = readYaml(p.inventory, issues);
  const pol = readYaml(p.policy, issues);
  const inventory = inv && parseWith<Inventory>(InventorySchema, inv, issues);
  const policy = pol && parseWith<Policy>(PolicySchema, pol, issues);
  const parsed: Array<{ pb: Playbook; pf: ParsedFile }> = [];
  const files = playbookFiles(p);
  for (const f of files) {
    const pf = readYaml(f, issues);
    const pb = pf && parseWith<Playbook>(PlaybookSchema, pf, issues);
    if (pf && pb) {
      const stem = path.basename(f).replace(/\.ya?ml$/, '');
      if (stem !== pb.id) issues.push({ file: f, line: lineOf(pf, ['id']), path: 'id', message: `id "${pb.id}" differs from the file name; rename the file to ${pb.id}.yaml or change the id` });
      parsed.push({ pb, pf });
    }
  }
  if (files.length === 0) issues.push({ file: p.playbooks, line: 0, path: '', message: 'no playbook files (*.yaml) found; add one or point "playbooks:" at the right folder' });
  if (inventory && policy) {
    for (const ci of validateCatalog(parsed.map((x) => x.pb), inventory, policy)) {
      const pf = ci.source === 'inventory' ? inv : ci.source === 'policy' ? pol : parsed.find((x) => x.pb.id === ci.source)?.pf;
      issues.push({ file: pf?.file ?? ci.source, line: pf ? lineOf(pf, ci.path) : 0, path: pathText(ci.path), message: ci.message });
    }
  }
  if (issues.length || !inventory || !policy) return { ok: false, issues };
  return {
    ok: true,
    files: files.length + 2,
    catalog: { inventory, policy, playbooks: parsed.map(({ pb }) => ({ ...pb, version: playbookVersion(pb) })) },
  };
}

/** Loads or throws one error listing every problem, for start-up paths. */
export function loadCatalogOrThrow(p: CatalogPaths): Catalog {
  const r = loadCatalog(p);
  if (r.ok) return r.catalog;
  throw new OpsgateError(
    'CATALOG_INVALID',
    `the catalog has ${r.issues.length} problem(s):\n${r.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`,
    'fix them (run `opsgate catalog check` to re-check) and start again',
  );
}
