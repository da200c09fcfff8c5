import type { Catalog } from '../catalog/schema.js';
import type { Planner, PlanResult } from './types.js';

/** What opsgate can do, from the catalog itself: used for "help" and as the answer to unknown input. */
export function catalogHelp(catalog: Catalog): string {
  const lines = catalog.playbooks.map((p) => {
    const params = p.params.map((x) => (x.required && !('default' in x && x.default !== undefined) ? x.name : `[${x.name}]`)).join(' ');
    return `• ${p.id} (${p.risk}) — ${p.title}. e.g. "${p.examples[0] ?? ''}"  ·  run ${p.id} ${params.replace(/(\[?)(\w+)/g, '$1$2=…')}`;
  });
  return ['I can propose these playbooks; nothing runs until an authorized person confirms:', ...lines].join('\n');
}

const HELP = /^\s*(help|\?|what can you do\??|commands)\s*$/i;

/** The planner used when no natural-language planner is configured: help, or a pointer to the explicit syntax. */
export function createExplicitOnlyPlanner(): Planner {
  return {
    name: 'explicit',
    async plan(req, catalog): Promise<PlanResult> {
      if (HELP.test(req.text)) return { kind: 'answer', text: catalogHelp(catalog) };
      return {
        kind: 'refuse',
        code: 'out-of-catalog',
        reason: 'I only understand the explicit form here: run <playbook> key=value … (type "help" for the list).',
      };
    },
  };
}
