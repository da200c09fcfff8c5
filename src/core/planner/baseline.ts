/**
 * The comparison baseline: an exact-format alias matcher of the kind StackStorm action aliases and
 * Hubot `robot.respond` patterns implement. Each playbook example becomes a format such as
 * `restart {service} in {environment}`; a request runs only if it matches a format word for word
 * (case and surrounding punctuation aside). Anything else is "unknown command".
 */
import { resolveEnvironment, resolveService } from '../catalog/params.js';
import type { Catalog, CatalogPlaybook, ParamSpec } from '../catalog/schema.js';
import { stripMarkup } from './markup.js';
import type { Planner, PlanRequest, PlanResult, RawParams } from './types.js';

interface AliasFormat {
  playbookId: string;
  /** The format as a StackStorm alias would display it. */
  display: string;
  re: RegExp;
  slots: string[];
}

const SEMVER = /^v?\d+\.\d+(?:\.\d+)?$/;
const SHA = /^(?=[0-9a-f]*\d)[0-9a-f]{7,40}$/;
const DURATION_WORD = /^(?:\d+(?:\.\d+)?(?:s|m|h|d|min|mins|hr|hrs)|\d+)$/i;
const UNIT = /^(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)$/i;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function slotFor(pb: CatalogPlaybook, word: string, catalog: Catalog, taken: Set<string>): ParamSpec | undefined {
  const free = (type: ParamSpec['type']) => pb.params.find((p) => p.type === type && !taken.has(p.name));
  const w = word.toLowerCase();
  if (resolveService(catalog.inventory, w)) return free('service');
  if (resolveEnvironment(catalog.inventory, w)) return free('environment');
  const en = pb.params.find((p) => p.type === 'enum' && !taken.has(p.name) && p.values.some((v) => v.toLowerCase() === w));
  if (en) return en;
  const ver = pb.params.find((p) => p.type === 'version' && !taken.has(p.name) && (SEMVER.test(w) || SHA.test(w) || p.keywords.includes(w)));
  if (ver) return ver;
  if (/^\d+$/.test(w)) return free('integer') ?? free('duration');
  if (DURATION_WORD.test(w)) return free('duration');
  if (/[-_:.\d]/.test(word) || /[a-z][A-Z]/.test(word)) return free('string');
  return undefined;
}

/** Turns one example into a format: recognised values become `{param}` placeholders. */
export function formatFromExample(pb: CatalogPlaybook, example: string, catalog: Catalog): AliasFormat {
  const text = example.trim().replace(/[?.!]+$/, '');
  const textParam = pb.params.find((p) => p.type === 'text');
  const comma = textParam ? text.indexOf(',') : -1;
  const head = comma >= 0 ? text.slice(0, comma) : text;
  const words = head.split(/\s+/).filter(Boolean);
  const taken = new Set<string>();
  const parts: string[] = [];
  const display: string[] = [];
  const slots: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const spec = slotFor(pb, word, catalog, taken);
    if (spec) {
      taken.add(spec.name);
      slots.push(spec.name);
      display.push(`{${spec.name}}`);
      // "2 hours" is one duration slot.
      if (spec.type === 'duration' && /^\d+$/.test(word) && UNIT.test(words[i + 1] ?? '')) {
        parts.push('(\\d+\\s+\\S+)');
        i++;
      } else {
        parts.push('(\\S+)');
      }
    } else {
      parts.push(escape(word.toLowerCase()));
      display.push(word.toLowerCase());
    }
  }
  let src = parts.join('\\s+');
  if (textParam && comma >= 0) {
    taken.add(textParam.name);
    slots.push(textParam.name);
    display.push(`, {${textParam.name}}`);
    src += '\\s*,\\s*(.+)';
  }
  return { playbookId: pb.id, display: display.join(' '), re: new RegExp(`^${src}$`, 'i'), slots };
}

export function aliasFormats(catalog: Catalog): AliasFormat[] {
  return catalog.playbooks.flatMap((pb) => pb.examples.map((ex) => formatFromExample(pb, ex, catalog)));
}

const cache = new WeakMap<Catalog, AliasFormat[]>();

export function createAliasBaseline(): Planner {
  return {
    name: 'alias-baseline',
    async plan(req: PlanRequest, catalog: Catalog): Promise<PlanResult> {
      let formats = cache.get(catalog);
      if (!formats) cache.set(catalog, (formats = aliasFormats(catalog)));
      // Chat clients add mentions and formatting; alias matchers see the plain text.
      const text = stripMarkup(req.text).text.replace(/\s+/g, ' ').trim().replace(/[?.!]+$/, '');
      for (const f of formats) {
        const m = f.re.exec(text);
        if (!m) continue;
        const params: RawParams = {};
        f.slots.forEach((name, i) => {
          params[name] = m[i + 1]!;
        });
        return { kind: 'proposal', playbookId: f.playbookId, params, confidence: 1 };
      }
      return { kind: 'refuse', code: 'out-of-catalog', reason: 'no alias matches that command' };
    },
  };
}
