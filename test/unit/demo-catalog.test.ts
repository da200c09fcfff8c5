// The shipped catalogs (the sandbox demo in playbooks/ and the kubectl examples) are data validated
// here against the same zod schemas the loader uses, plus the cross-file rules a schema cannot see.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import {
  InventorySchema,
  PlaybookSchema,
  PolicySchema,
  type Inventory,
  type ParamSpec,
  type Playbook,
  type Policy,
} from '../../src/core/catalog/schema.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PLACEHOLDER = /\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g;

function load<S extends z.ZodType>(schema: S, file: string): z.infer<S> {
  const raw: unknown = parse(readFileSync(file, 'utf8'));
  const r = schema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${file} does not match its schema:\n${lines.join('\n')}`);
  }
  return r.data;
}

interface LoadedCatalog {
  name: string;
  dir: string;
  program: string;
  minPlaybooks: number;
  minExamples: number;
  inventory: Inventory;
  policy: Policy;
  playbooks: Array<{ file: string; pb: Playbook }>;
}

function loadCatalog(name: string, dir: string, program: string, minPlaybooks: number, minExamples: number): LoadedCatalog {
  const abs = join(ROOT, dir);
  const files = readdirSync(abs)
    .filter((f) => f.endsWith('.yaml') && f !== 'inventory.yaml' && f !== 'policy.yaml')
    .sort();
  return {
    name,
    dir: abs,
    program,
    minPlaybooks,
    minExamples,
    inventory: load(InventorySchema, join(abs, 'inventory.yaml')),
    policy: load(PolicySchema, join(abs, 'policy.yaml')),
    playbooks: files.map((f) => ({ file: f, pb: load(PlaybookSchema, join(abs, f)) })),
  };
}

const CATALOGS = [
  loadCatalog('sandbox demo', 'playbooks', 'node', 12, 4),
  loadCatalog('kubernetes examples', 'playbooks/examples/kubernetes', 'kubectl', 5, 4),
];

/** Every string of steps, dry-run steps and lock, with where it came from. */
function templates(pb: Playbook): Array<{ where: string; text: string }> {
  const out: Array<{ where: string; text: string }> = [];
  const steps = [...pb.steps.map((s) => ['steps', s] as const), ...(pb.dryRun ?? []).map((s) => ['dryRun', s] as const)];
  for (const [where, s] of steps) {
    if ('run' in s) s.run.forEach((a, i) => out.push({ where: `${where}/${s.name}/run[${i}]`, text: a }));
    else out.push({ where: `${where}/${s.name}/url`, text: s.http.url });
  }
  if (pb.lock) out.push({ where: 'lock', text: pb.lock });
  return out;
}

const placeholdersOf = (text: string) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
const hasDefault = (p: ParamSpec) => 'default' in p && p.default !== undefined;
/** The runtime anchors string patterns the same way (whole value must match). */
const matches = (pattern: string, value: string) => new RegExp(`^(?:${pattern})$`).test(value);

function isoSeconds(iso: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) throw new Error(`not an ISO-8601 duration: ${iso}`);
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

describe.each(CATALOGS)('$name catalog', (cat) => {
  it(`has at least ${cat.minPlaybooks} playbooks with unique ids that match their file names`, () => {
    expect(cat.playbooks.length).toBeGreaterThanOrEqual(cat.minPlaybooks);
    for (const { file, pb } of cat.playbooks) expect(pb.id, file).toBe(basename(file, '.yaml'));
    const ids = cat.playbooks.map((p) => p.pb.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names only declared params in placeholders, and each of them always has a value', () => {
    for (const { pb } of cat.playbooks) {
      const byName = new Map(pb.params.map((p) => [p.name, p]));
      expect(byName.size, `${pb.id}: duplicate param names`).toBe(pb.params.length);
      for (const t of templates(pb)) {
        for (const name of placeholdersOf(t.text)) {
          const spec = byName.get(name);
          expect(spec, `${pb.id} ${t.where}: {${name}} is not a declared param`).toBeDefined();
          // An optional param without a default would render as an empty argv element.
          expect(spec!.required || hasDefault(spec!), `${pb.id}: {${name}} is optional but has no default`).toBe(true);
        }
      }
    }
  });

  it('keeps the program fixed: argv[0] is never templated and no step goes through a shell', () => {
    for (const { pb } of cat.playbooks) {
      for (const s of [...pb.steps, ...(pb.dryRun ?? [])]) {
        expect('run' in s, `${pb.id}/${s.name} is an argv step`).toBe(true);
        if (!('run' in s)) continue;
        expect(s.run[0], `${pb.id}/${s.name}`).toBe(cat.program);
        expect(s.run.some((a) => /^(ba|z|da)?sh$|^-c$/.test(a)), `${pb.id}/${s.name} uses a shell`).toBe(false);
        // In an option a placeholder may only be the value (--replicas={replicas}), never the option's name.
        for (const a of s.run.filter((x) => x.startsWith('-') && x.includes('{'))) {
          expect(a.indexOf('='), `${pb.id}/${s.name}: ${a}`).toBeGreaterThan(0);
          expect(a.indexOf('=') < a.indexOf('{'), `${pb.id}/${s.name}: ${a}`).toBe(true);
        }
      }
    }
  });

  it('uses only roles defined in the policy, and never lets a viewer confirm a change', () => {
    for (const { pb } of cat.playbooks) {
      for (const role of pb.confirm.roles) expect(cat.policy.roles, `${pb.id}: role ${role}`).toHaveProperty(role);
      if (pb.risk !== 'read') expect(pb.confirm.roles, pb.id).not.toContain('viewer');
    }
  });

  it('makes every mutating playbook name its environment explicitly and take a lock', () => {
    const mutating = cat.playbooks.filter((p) => p.pb.risk !== 'read');
    expect(mutating.length).toBeGreaterThan(0);
    for (const { pb } of mutating) {
      const envs = pb.params.filter((p) => p.type === 'environment');
      expect(envs, `${pb.id}: one environment param`).toHaveLength(1);
      expect(envs[0]!.required, `${pb.id}: environment must be required`).toBe(true);
      expect(hasDefault(envs[0]!), `${pb.id}: environment must not have a default`).toBe(false);
      expect(pb.lock, `${pb.id}: lock`).toBeTruthy();
      expect(placeholdersOf(pb.lock!), `${pb.id}: lock is per environment`).toContain(envs[0]!.name);
      if (pb.risk === 'high') expect(pb.confirm.twoPerson, `${pb.id}: two-person rule`).not.toBe(false);
    }
  });

  it('has params whose defaults and examples satisfy their own bounds', () => {
    for (const { pb } of cat.playbooks) {
      for (const p of pb.params) {
        const at = `${pb.id}.${p.name}`;
        expect(p.description.length, `${at} needs a description`).toBeGreaterThan(0);
        if (p.type === 'integer') {
          expect(p.min, at).toBeLessThanOrEqual(p.max);
          if (p.default !== undefined) expect(p.default >= p.min && p.default <= p.max, at).toBe(true);
        }
        if (p.type === 'enum' && p.default !== undefined) expect(p.values, at).toContain(p.default);
        if (p.type === 'duration') {
          expect(isoSeconds(p.min), at).toBeLessThanOrEqual(isoSeconds(p.max));
          if (p.default !== undefined) {
            const d = isoSeconds(p.default);
            expect(d >= isoSeconds(p.min) && d <= isoSeconds(p.max), at).toBe(true);
          }
        }
        if (p.type === 'string') {
          expect(p.example, `${at} needs an example`).toBeDefined();
          expect(matches(p.pattern, p.example!), `${at}: example ${p.example}`).toBe(true);
          if (p.default !== undefined) expect(matches(p.pattern, p.default), `${at}: default`).toBe(true);
          // Values reach programs as argv elements: none may look like an option or carry shell syntax.
          for (const bad of ['-x', '--help', '--dry-run=none', 'a b', 'a;b', '$(id)', '../etc', '']) {
            expect(matches(p.pattern, bad), `${at} accepts ${JSON.stringify(bad)}`).toBe(false);
          }
        }
      }
    }
  });

  it(`gives every playbook at least ${cat.minExamples} distinct example requests`, () => {
    for (const { pb } of cat.playbooks) {
      expect(pb.examples.length, pb.id).toBeGreaterThanOrEqual(cat.minExamples);
      expect(new Set(pb.examples.map((e) => e.toLowerCase())).size, `${pb.id}: duplicate examples`).toBe(pb.examples.length);
    }
  });

  it('has an inventory with unique ids and aliases and a protected prod', () => {
    const inv = cat.inventory;
    const envIds = inv.environments.map((e) => e.id);
    const owner = new Map<string, string>();
    const claim = (name: string, who: string) => {
      const k = name.toLowerCase();
      expect(owner.get(k) ?? who, `"${name}" is claimed by ${owner.get(k)} and ${who}`).toBe(who);
      owner.set(k, who);
    };
    for (const s of inv.services) {
      claim(s.id, s.id);
      s.aliases.forEach((a) => claim(a, s.id));
      for (const e of s.environments) expect(envIds, `${s.id} runs in ${e}`).toContain(e);
    }
    for (const e of inv.environments) {
      claim(e.id, `env:${e.id}`);
      e.aliases.forEach((a) => claim(a, `env:${e.id}`));
    }
    expect(inv.environments.find((e) => e.id === 'prod')?.protected).toBe(true);
  });

  it('has a policy whose roles name known users by immutable id', () => {
    const ids = cat.policy.users.map((u) => u.id);
    const names = cat.policy.users.map((u) => u.name);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(names).size).toBe(names.length);
    for (const id of ids) expect(id).toMatch(/^U[0-9A-Z]{4,}$/);
    const groups = new Set(cat.policy.users.flatMap((u) => u.groups));
    for (const [role, def] of Object.entries(cat.policy.roles)) {
      for (const u of def.users) expect(ids, `role ${role}: user ${u}`).toContain(u);
      for (const g of def.groups) expect([...groups], `role ${role}: group ${g} has no members`).toContain(g);
    }
    for (const r of cat.policy.requesters) expect(cat.policy.roles).toHaveProperty(r);
  });
});

describe('sandbox demo catalog', () => {
  const cat = CATALOGS[0]!;
  const byId = new Map(cat.playbooks.map((p) => [p.pb.id, p.pb]));
  const pb = (id: string) => {
    const p = byId.get(id);
    if (!p) throw new Error(`missing playbook ${id}`);
    return p;
  };

  interface Seed {
    teams: Record<string, unknown>;
    services: Record<string, { team: string; environments: Record<string, { flags: Record<string, boolean> }> }>;
    nodes: Record<string, Array<{ name: string }>>;
    databases: Record<string, Record<string, unknown>>;
    alerts: Array<{ name: string; environment: string }>;
  }
  const seed = JSON.parse(readFileSync(join(cat.dir, 'sandbox', 'seed.json'), 'utf8')) as Seed;

  it('covers the incident basics with the documented risk levels', () => {
    const expected: Record<string, Playbook['risk']> = {
      'service-status': 'read',
      'fetch-logs': 'read',
      'recent-deploys': 'read',
      'restart-service': 'low',
      'scale-service': 'low',
      'toggle-feature-flag': 'low',
      'flush-cache': 'low',
      'silence-alert': 'low',
      'page-oncall': 'low',
      'uncordon-node': 'low',
      'rollback-service': 'high',
      'drain-node': 'high',
      'failover-database': 'high',
    };
    expect(Object.fromEntries(cat.playbooks.map((p) => [p.pb.id, p.pb.risk]))).toEqual(expected);
  });

  it('runs only the sandbox script, which exists, with a dry run for every change', () => {
    for (const { pb: p } of cat.playbooks) {
      for (const s of [...p.steps, ...(p.dryRun ?? [])]) {
        if (!('run' in s)) continue;
        expect(s.run[1], `${p.id}/${s.name}`).toBe('sandbox/estate.mjs');
        expect(existsSync(join(cat.dir, s.run[1]!))).toBe(true);
      }
      if (p.risk === 'read') continue;
      expect(p.dryRun, `${p.id} has a dry run`).toBeDefined();
      const previews = p.dryRun!.filter((s) => 'run' in s && s.run.includes('--dry-run'));
      expect(previews.length, `${p.id}: a --dry-run step`).toBeGreaterThan(0);
      // Every other dry-run step must be a read command of the script.
      for (const s of p.dryRun!) if ('run' in s && !s.run.includes('--dry-run')) expect(['status', 'deploys', 'logs', 'overview']).toContain(s.run[2]);
    }
  });

  it('lets rollback take "previous" or an explicit version', () => {
    const version = pb('rollback-service').params.find((p) => p.name === 'version');
    expect(version).toMatchObject({ type: 'version', required: true, keywords: ['previous'] });
  });

  it('declares the pager token as a secret of page-oncall only', () => {
    expect(pb('page-oncall').secrets).toEqual(['PAGER_API_TOKEN']);
    for (const { pb: p } of cat.playbooks) if (p.id !== 'page-oncall') expect(p.secrets, p.id).toEqual([]);
  });

  it('keeps the sandbox seed in step with the inventory', () => {
    const inv = cat.inventory;
    expect(Object.keys(seed.services).sort()).toEqual(inv.services.map((s) => s.id).sort());
    for (const s of inv.services) {
      expect(seed.services[s.id]!.team, s.id).toBe(s.team);
      expect(Object.keys(seed.services[s.id]!.environments).sort(), s.id).toEqual([...s.environments].sort());
    }
    const teams = [...new Set(inv.services.map((s) => s.team))].sort();
    expect(Object.keys(seed.teams).sort()).toEqual(teams);
    const envs = inv.environments.map((e) => e.id).sort();
    expect(Object.keys(seed.nodes).sort()).toEqual(envs);
    for (const dbEnvs of Object.values(seed.databases)) for (const e of Object.keys(dbEnvs)) expect(envs).toContain(e);
    for (const a of seed.alerts) expect(envs).toContain(a.environment);
  });

  it('offers enum choices and examples that exist in the sandbox', () => {
    const enumValues = (id: string, name: string) => {
      const p = pb(id).params.find((x) => x.name === name);
      if (p?.type !== 'enum') throw new Error(`${id}.${name} is not an enum`);
      return [...p.values].sort();
    };
    expect(enumValues('page-oncall', 'team')).toEqual(Object.keys(seed.teams).sort());
    expect(enumValues('failover-database', 'database')).toEqual(Object.keys(seed.databases).sort());
    const example = (id: string, name: string) => {
      const p = pb(id).params.find((x) => x.name === name);
      if (p?.type !== 'string' || !p.example) throw new Error(`${id}.${name} has no example`);
      return p.example;
    };
    const allNodes = Object.values(seed.nodes).flat().map((n) => n.name);
    expect(allNodes).toContain(example('drain-node', 'node'));
    expect(allNodes).toContain(example('uncordon-node', 'node'));
    expect(seed.alerts.map((a) => a.name)).toContain(example('silence-alert', 'alert'));
    const allFlags = Object.values(seed.services).flatMap((s) => Object.values(s.environments).flatMap((e) => Object.keys(e.flags)));
    expect(allFlags).toContain(example('toggle-feature-flag', 'flag'));
    const flagPattern = pb('toggle-feature-flag').params.find((p) => p.name === 'flag');
    if (flagPattern?.type !== 'string') throw new Error('flag is not a string param');
    for (const f of allFlags) expect(matches(flagPattern.pattern, f), `flag ${f}`).toBe(true);
    const nodePattern = pb('drain-node').params.find((p) => p.name === 'node');
    if (nodePattern?.type !== 'string') throw new Error('node is not a string param');
    for (const n of allNodes) expect(matches(nodePattern.pattern, n), `node ${n}`).toBe(true);
  });

  it('is what opsgate.yaml points at', () => {
    const cfg = parse(readFileSync(join(ROOT, 'opsgate.yaml'), 'utf8')) as Record<string, unknown>;
    expect(cfg).toMatchObject({ playbooks: './playbooks', inventory: './playbooks/inventory.yaml', policy: './playbooks/policy.yaml', dataDir: './.opsgate', proposalTtlMinutes: 15 });
    for (const k of ['playbooks', 'inventory', 'policy'] as const) expect(existsSync(join(ROOT, String(cfg[k])))).toBe(true);
  });
});

describe('kubernetes example catalog', () => {
  const cat = CATALOGS[1]!;

  it('pins every kubectl call to the environment context and keeps dry runs side-effect free', () => {
    for (const { pb } of cat.playbooks) {
      for (const s of [...pb.steps, ...(pb.dryRun ?? [])]) {
        if (!('run' in s)) continue;
        expect(s.run, `${pb.id}/${s.name}`).toContain('--context={environment}');
      }
      if (pb.risk === 'read') continue;
      expect(pb.dryRun, `${pb.id} has a preview`).toBeDefined();
      for (const s of pb.dryRun!) {
        if (!('run' in s)) continue;
        const readOnly = s.run.includes('get') || (s.run.includes('rollout') && s.run.includes('history'));
        expect(readOnly || s.run.includes('--dry-run=server'), `${pb.id}/${s.name} changes nothing`).toBe(true);
      }
    }
  });
});
