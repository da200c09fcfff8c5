import type { Inventory, Playbook, Policy } from './schema.js';
import { placeholders } from './render.js';

/** One problem found in a catalog file, located by its path inside the file's document. */
export interface CatalogIssue {
  /** Which document: a playbook id, "inventory" or "policy". */
  source: string;
  path: Array<string | number>;
  message: string;
}

function stepStrings(pb: Playbook): Array<{ path: Array<string | number>; text: string }> {
  const out: Array<{ path: Array<string | number>; text: string }> = [];
  const walk = (v: unknown, path: Array<string | number>) => {
    if (typeof v === 'string') out.push({ path, text: v });
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(pb.steps, ['steps']);
  if (pb.dryRun) walk(pb.dryRun, ['dryRun']);
  if (pb.lock) out.push({ path: ['lock'], text: pb.lock });
  pb.params.forEach((p, i) => {
    if (p.type === 'version' && p.resolve) walk(p.resolve, ['params', i, 'resolve']);
  });
  return out;
}

/** Rules that need more than one file or more than a field: placeholders, roles, safety defaults. */
export function validateCatalog(playbooks: readonly Playbook[], inventory: Inventory, policy: Policy): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  const seen = new Set<string>();
  for (const pb of playbooks) {
    const at = (path: Array<string | number>, message: string) => issues.push({ source: pb.id, path, message });
    if (seen.has(pb.id)) at(['id'], `duplicate playbook id "${pb.id}"; give each playbook a unique id`);
    seen.add(pb.id);
    const names = new Set<string>();
    pb.params.forEach((p, i) => {
      if (names.has(p.name)) at(['params', i, 'name'], `duplicate param "${p.name}"`);
      names.add(p.name);
      if (p.type === 'integer' && p.min > p.max) at(['params', i, 'min'], `min ${p.min} is above max ${p.max}`);
      if (p.type === 'environment' && p.default !== undefined && !inventory.environments.some((e) => e.id === p.default))
        at(['params', i, 'default'], `default "${p.default}" is not an environment id in the inventory`);
      if (p.type === 'service' && p.default !== undefined && !inventory.services.some((s) => s.id === p.default))
        at(['params', i, 'default'], `default "${p.default}" is not a service id in the inventory`);
      if (p.type === 'enum' && p.default !== undefined && !p.values.includes(p.default))
        at(['params', i, 'default'], `default "${p.default}" is not one of ${p.values.join(', ')}`);
    });
    for (const s of stepStrings(pb)) {
      for (const name of placeholders(s.text)) {
        if (!names.has(name)) at(s.path, `placeholder {${name}} is not a declared param; declare it under params or remove it`);
      }
    }
    pb.confirm.roles.forEach((r, i) => {
      if (!(r in policy.roles)) at(['confirm', 'roles', i], `role "${r}" is not defined in the policy; define it or use one of: ${Object.keys(policy.roles).join(', ')}`);
    });
    if (pb.risk !== 'read') {
      pb.params.forEach((p, i) => {
        if (p.type === 'environment' && (!p.required || p.default !== undefined)) {
          at(['params', i], `a ${pb.risk}-risk playbook must not default the environment: set required: true and remove any default`);
        }
      });
      if (!pb.lock) at(['lock'], `a ${pb.risk}-risk playbook needs a lock key, e.g. lock: "{service}/{environment}"`);
    }
    if (pb.risk === 'high' && pb.confirm.twoPerson === false) {
      at(['confirm', 'twoPerson'], 'high-risk playbooks always need two people; remove twoPerson: false or lower the risk');
    }
  }
  const aliasOwner = new Map<string, string>();
  const claim = (alias: string, owner: string, path: Array<string | number>) => {
    const k = alias.toLowerCase();
    const prev = aliasOwner.get(k);
    if (prev && prev !== owner) issues.push({ source: 'inventory', path, message: `alias "${alias}" is used by both ${prev} and ${owner}; aliases must be unique` });
    aliasOwner.set(k, owner);
  };
  inventory.services.forEach((s, i) => {
    claim(s.id, s.id, ['services', i, 'id']);
    s.aliases.forEach((a, j) => claim(a, s.id, ['services', i, 'aliases', j]));
    s.environments.forEach((e, j) => {
      if (!inventory.environments.some((x) => x.id === e))
        issues.push({ source: 'inventory', path: ['services', i, 'environments', j], message: `environment "${e}" is not declared under environments` });
    });
  });
  inventory.environments.forEach((e, i) => {
    claim(e.id, `env:${e.id}`, ['environments', i, 'id']);
    e.aliases.forEach((a, j) => claim(a, `env:${e.id}`, ['environments', i, 'aliases', j]));
  });
  for (const [role, def] of Object.entries(policy.roles)) {
    def.users.forEach((u, i) => {
      if (!policy.users.some((x) => x.id === u))
        issues.push({ source: 'policy', path: ['roles', role, 'users', i], message: `user id "${u}" is not listed under users; add it with a name` });
    });
  }
  return issues;
}
