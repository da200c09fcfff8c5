import type { Catalog, CatalogPlaybook, ParamSpec } from '../../catalog/schema.js';
import { LEAD_IN, NOT_VERBS, STOPWORDS, SYNONYMS } from './lexicon.js';
import { fold, stem, tokenize, trigrams } from './text.js';

export interface EntityRef {
  kind: 'service' | 'environment';
  id: string;
  /** Exact id (or its spaced/joined form) rather than an alias. */
  primary: boolean;
}

export interface PlaybookProfile {
  pb: CatalogPlaybook;
  /** Concept → weight (3 = title/id/leading verb, 2 = examples, 1 = description). */
  weights: Map<string, number>;
  /** Concepts of the words the playbook's examples and title start with: what it does. */
  verbs: Set<string>;
  /** Every stem in the playbook's own wording, for "does it cover this word" checks. */
  stems: Set<string>;
  /** Concept pairs that occur next to each other in its title and examples. */
  bigrams: Set<string>;
  mutating: boolean;
}

export interface CatalogProfile {
  playbooks: PlaybookProfile[];
  idf: Map<string, number>;
  /** Written form (lowercase; hyphenated, spaced and joined variants) → inventory entries. */
  entities: Map<string, EntityRef[]>;
  entityForms: Array<{ form: string; grams: Set<string> }>;
  /** Stems that mean something to the planner: catalog wording plus the lexicon. */
  vocabulary: Set<string>;
  /**
   * Vocabulary without words seen in a single example only: those are often sample values
   * ("turn passkeys off"), which must stay readable as values.
   */
  coreVocabulary: Set<string>;
  /** Concepts that name an action somewhere in the catalog. */
  actionConcepts: Set<string>;
  /** Actions of playbooks that change something ("restart"), as opposed to reads ("show"). */
  mutatingVerbs: Set<string>;
  /** Owning teams of the inventory, and each service's team. */
  teams: string[];
  teamOf: Map<string, string>;
  conceptsOf(stem: string): readonly string[];
}

const synonymConcepts = new Map<string, string[]>();
for (const group of SYNONYMS) {
  const key = stem(group[0]!);
  for (const w of group) {
    const s = stem(w);
    const list = synonymConcepts.get(s) ?? [];
    if (!list.includes(key)) list.push(key);
    synonymConcepts.set(s, list);
  }
}

/** The synonym sets a stem belongs to, or the stem itself. */
export function conceptsOf(s: string): readonly string[] {
  return synonymConcepts.get(s) ?? [s];
}

export const LEXICON_STEMS: ReadonlySet<string> = new Set(synonymConcepts.keys());

/** Synonym sets that are actions ("deploy", "restart"), as opposed to things and states. */
export const VERB_GROUPS: ReadonlySet<string> = new Set(SYNONYMS.map((g) => stem(g[0]!)).filter((k) => !NOT_VERBS.has(k)));

const cache = new WeakMap<Catalog, CatalogProfile>();

export function profileCatalog(catalog: Catalog): CatalogProfile {
  const hit = cache.get(catalog);
  if (hit) return hit;
  const p = buildProfile(catalog);
  cache.set(catalog, p);
  return p;
}

function entityVariants(s: string): string[] {
  const low = s.toLowerCase().trim();
  const parts = low.split(/[\s_-]+/).filter(Boolean);
  return [...new Set([low, parts.join('-'), parts.join(' '), parts.join('')])];
}

function buildEntities(catalog: Catalog): Map<string, EntityRef[]> {
  const map = new Map<string, EntityRef[]>();
  const add = (form: string, ref: EntityRef) => {
    for (const v of entityVariants(form)) {
      const list = map.get(v) ?? [];
      const same = list.find((r) => r.kind === ref.kind && r.id === ref.id);
      if (same) same.primary ||= ref.primary;
      else list.push({ ...ref });
      map.set(v, list);
    }
  };
  for (const s of catalog.inventory.services) {
    add(s.id, { kind: 'service', id: s.id, primary: true });
    for (const a of s.aliases) add(a, { kind: 'service', id: s.id, primary: false });
  }
  for (const e of catalog.inventory.environments) {
    add(e.id, { kind: 'environment', id: e.id, primary: true });
    for (const a of e.aliases) add(a, { kind: 'environment', id: e.id, primary: false });
  }
  return map;
}

function paramWords(spec: ParamSpec): string {
  const extra = spec.type === 'enum' ? spec.values.join(' ') : spec.type === 'integer' && spec.unit ? spec.unit : '';
  return `${spec.name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ')} ${extra}`;
}

function buildProfile(catalog: Catalog): CatalogProfile {
  const entities = buildEntities(catalog);
  const isEntity = (w: string) => entities.has(w);
  // Identifier-like words in examples ("prod-node-3", "CheckoutHighErrorRate") are sample values,
  // not vocabulary: left in, they would read as ordinary words and never as values.
  const identifiers = new Set<string>();
  // The verb of an example is its first word after lead-ins ("please", "can you"), if that word
  // names an action; "checkout v2.14.0 is broken…" has none.
  const leadVerb = (text: string): string | null => {
    const toks = tokenize(fold(text));
    for (const t of toks) {
      if (LEAD_IN.has(t.w) || t.w === 'the' || t.w === 'a') continue;
      if (STOPWORDS.has(t.w) || isEntity(t.w) || /^v?\d/.test(t.w) || identifiers.has(t.w)) return null;
      // "deploy history": a word followed by an unknown plain word is a compound noun, not a verb.
      const next = toks[t.i + 1];
      if (next && !STOPWORDS.has(next.w) && !isEntity(next.w) && !/\d/.test(next.w) && !identifiers.has(next.w) && !LEXICON_STEMS.has(next.s)) return null;
      return t.s;
    }
    return null;
  };
  const addVerb = (set: Set<string>, s: string | null | undefined) => {
    if (!s) return;
    for (const c of conceptsOf(s)) if (!NOT_VERBS.has(c)) set.add(c);
  };
  const exampleCount = new Map<string, number>();
  const core = new Set<string>();
  const contentStems = (text: string): Array<{ s: string; first: boolean }> => {
    for (const m of text.matchAll(/[A-Za-z0-9][\w.:-]*[A-Za-z0-9]/g)) {
      const w = m[0];
      if (/[a-z][A-Z]/.test(w) || /[-_:.]/.test(w) || (/\d/.test(w) && /[a-z]/i.test(w))) identifiers.add(w.toLowerCase());
    }
    const toks = tokenize(fold(text));
    const out: Array<{ s: string; first: boolean }> = [];
    let seenContent = false;
    for (const t of toks) {
      if (STOPWORDS.has(t.w) || isEntity(t.w) || /^v?\d/.test(t.w) || identifiers.has(t.w)) continue;
      out.push({ s: t.s, first: !seenContent });
      seenContent = true;
    }
    return out;
  };
  const actionConcepts = new Set<string>();
  const mutatingVerbs = new Set<string>();
  const vocabulary = new Set<string>(LEXICON_STEMS);
  const playbooks: PlaybookProfile[] = catalog.playbooks.map((pb) => {
    const weights = new Map<string, number>();
    const verbs = new Set<string>();
    const stems = new Set<string>();
    const bigrams = new Set<string>();
    const put = (s: string, w: number) => {
      stems.add(s);
      vocabulary.add(s);
      for (const c of conceptsOf(s)) weights.set(c, Math.max(weights.get(c) ?? 0, w));
    };
    const addPairs = (list: Array<{ s: string }>) => {
      for (let i = 0; i + 1 < list.length; i++) {
        for (const a of conceptsOf(list[i]!.s)) for (const b of conceptsOf(list[i + 1]!.s)) bigrams.add(`${a} ${b}`);
      }
    };
    const idWords = contentStems(pb.id.replace(/-/g, ' '));
    idWords.forEach((x) => {
      put(x.s, 3);
      core.add(x.s);
    });
    addVerb(verbs, idWords[0]?.s);
    const title = contentStems(pb.title);
    title.forEach((x) => {
      put(x.s, 3);
      core.add(x.s);
    });
    addVerb(verbs, title[0]?.s);
    addPairs(title);
    const hasText = pb.params.some((p) => p.type === 'text');
    for (const ex of pb.examples) {
      // In a playbook with free text, the tail of an example ("…, rollback in progress") is sample text.
      const cut = hasText ? /,|;|:|\s[-\u2013\u2014]\s|\s(?:because|while|since|about|saying|as)\s/i.exec(ex) : null;
      if (cut) for (const x of contentStems(ex.slice(cut.index))) put(x.s, 0.3);
      const words = contentStems(cut ? ex.slice(0, cut.index) : ex);
      words.forEach((x) => {
        put(x.s, x.first ? 3 : 2);
        exampleCount.set(x.s, (exampleCount.get(x.s) ?? 0) + 1);
      });
      addVerb(verbs, leadVerb(ex));
      addPairs(words);
    }
    for (const x of contentStems(pb.description)) {
      put(x.s, 1);
      core.add(x.s);
    }
    for (const spec of pb.params) {
      for (const x of contentStems(paramWords(spec))) {
        put(x.s, 1.5);
        core.add(x.s);
      }
      for (const x of contentStems(spec.description)) {
        put(x.s, 0.5);
        core.add(x.s);
      }
    }
    // Every read-only playbook shows something: "show", "check", "get" agree with all of them, and
    // with no playbook that changes anything ("get the identity on-call" is not a read).
    for (const c of conceptsOf('show')) {
      if (pb.risk === 'read') verbs.add(c);
      else verbs.delete(c);
    }
    for (const v of verbs) actionConcepts.add(v);
    if (pb.risk !== 'read') for (const v of verbs) mutatingVerbs.add(v);
    return { pb, weights, verbs, stems, bigrams, mutating: pb.risk !== 'read' };
  });
  const df = new Map<string, number>();
  // Soft document frequency: a word in one playbook's title and another's description is mostly the first's.
  for (const p of playbooks) for (const [c, w] of p.weights) df.set(c, (df.get(c) ?? 0) + w / 3);
  const n = playbooks.length;
  const idf = new Map<string, number>();
  for (const [c, d] of df) idf.set(c, Math.log(1 + n / d));
  for (const w of entities.keys()) vocabulary.add(stem(w));
  const coreVocabulary = new Set<string>(LEXICON_STEMS);
  for (const s of core) coreVocabulary.add(s);
  for (const [s, n] of exampleCount) if (n > 1) coreVocabulary.add(s);
  return {
    playbooks,
    idf,
    entities,
    entityForms: [...entities.keys()].map((form) => ({ form, grams: trigrams(form) })),
    vocabulary,
    coreVocabulary,
    actionConcepts,
    mutatingVerbs,
    teams: [...new Set(catalog.inventory.services.map((s) => s.team.toLowerCase()))],
    teamOf: new Map(catalog.inventory.services.map((s) => [s.id, s.team.toLowerCase()])),
    conceptsOf,
  };
}
