import { choicesFor } from '../../catalog/params.js';
import type { Catalog, ParamSpec } from '../../catalog/schema.js';
import type { Candidate, Planner, PlanRequest, PlanResult, RefuseCode } from '../types.js';
import { type Analysis, analyze, isAction } from './analyze.js';
import {
  BULK,
  DANGEROUS_SYNTAX,
  DESTRUCTIVE_OBJECTS,
  DESTRUCTIVE_STRONG,
  DESTRUCTIVE_WEAK,
  HELP,
  HISTORY_QUESTION,
  INJECTION,
  LEAD_IN,
  NUMBER_WORDS,
  REQUEST_CUE,
  SOCIAL,
  STOPWORDS,
} from './lexicon.js';
import { type CatalogProfile, type PlaybookProfile, profileCatalog } from './profile.js';
import { fillSlots } from './slots.js';

export { durationSeconds } from './slots.js';
import { VERB_GROUPS } from './profile.js';
import { dice, editDistance, stem, type Token, trigrams, typoBudget } from './text.js';

export interface OfflinePlannerOptions {
  /** Below this score no playbook is considered meant (default 1.0). */
  minScore?: number;
  /** Runner-up within this fraction of the best asks which one (default 0.88). */
  tieRatio?: number;
}

export interface Scored {
  pp: PlaybookProfile;
  score: number;
  /** Matched on the playbook's title, id or examples, or on its verb; the description alone is too weak. */
  strong: boolean;
}

/** Query words with the concepts they stand for; typo-corrected words count a little less. */
interface QueryWord {
  t: Token;
  concepts: readonly string[];
  weight: number;
}

const refuse = (code: RefuseCode, reason: string): PlanResult => ({ kind: 'refuse', code, reason });

function catalogLine(catalog: Catalog): string {
  return catalog.playbooks.map((p) => p.id).join(', ');
}

/** The help text: every playbook with its first example. */
export function helpText(catalog: Catalog): string {
  const lines = catalog.playbooks.map((p) => `• ${p.title} (${p.id}, ${p.risk}) — e.g. "${p.examples[0] ?? p.id}"`);
  return [
    'I turn requests into playbook proposals that someone confirms before anything runs. I can:',
    ...lines,
    'Write it as you would to a colleague ("restart checkout in staging"), or precisely: run <playbook> key=value …',
  ].join('\n');
}

/** Request words that are not inventory names, numbers or function words, mapped to concepts. */
function queryWords(a: Analysis, profile: CatalogProfile, clauses: ReadonlySet<number>): QueryWord[] {
  const inMention = new Set<number>();
  for (const m of a.mentions) if (!m.weak) for (let i = m.from; i <= m.to; i++) inMention.add(i);
  const out: QueryWord[] = [];
  for (const t of a.tokens) {
    if (!clauses.has(t.clause) || inMention.has(t.i) || STOPWORDS.has(t.w) || /^\d+$|^v?\d+\.\d/.test(t.w)) continue;
    if (profile.vocabulary.has(t.s)) {
      out.push({ t, concepts: profile.conceptsOf(t.s), weight: 1 });
      continue;
    }
    const corrected = correct(t, profile);
    if (corrected) out.push({ t, concepts: profile.conceptsOf(corrected), weight: 0.8 });
    else out.push({ t, concepts: [], weight: 0 });
  }
  return out;
}

const correctionCache = new WeakMap<CatalogProfile, Map<string, string | null>>();

/** Nearest catalog or lexicon word within the typo budget, by edit distance then trigram overlap. */
function correct(t: Token, profile: CatalogProfile): string | null {
  let memo = correctionCache.get(profile);
  if (!memo) correctionCache.set(profile, (memo = new Map()));
  const hit = memo.get(t.s);
  if (hit !== undefined) return hit;
  const budget = typoBudget(t.s.length);
  let best: string | null = null;
  let bestD = budget + 1;
  let bestSim = 0;
  if (budget > 0 && !SOCIAL.has(t.w)) {
    const g = trigrams(t.s);
    for (const v of profile.vocabulary) {
      // Typos rarely hit the first letter; requiring it keeps real words ("cause") from becoming others ("pause").
      if (v.length < 4 || v[0] !== t.s[0] || Math.abs(v.length - t.s.length) > budget) continue;
      const d = editDistance(t.s, v, budget);
      if (d > budget) continue;
      const sim = dice(g, trigrams(v));
      if (d < bestD || (d === bestD && sim > bestSim)) {
        best = v;
        bestD = d;
        bestSim = sim;
      }
    }
  }
  memo.set(t.s, best);
  return best;
}

/** What the scorer reads besides the words: the main verb, question form, value evidence, noise. */
export interface ScoreInput {
  words: readonly QueryWord[];
  /** Words read-only playbooks may use (questions about the past count for them). */
  readWords: readonly QueryWord[];
  mainVerb: QueryWord | null;
  question: boolean;
  /** Value shapes seen in the request: integer, version, duration, identifier, camel. */
  evidence: ReadonlySet<string>;
  /** Subtracted from every playbook: unknown words, an unknown leading verb. */
  noise: number;
  a: Analysis;
}

function evidenceFor(pp: PlaybookProfile, evidence: ReadonlySet<string>, a: Analysis, profile: CatalogProfile): number {
  let bonus = 0;
  for (const spec of pp.pb.params) {
    // "7 replicas", "300 lines": a number with the param's own unit is strong evidence.
    if (spec.type === 'integer' && evidence.has('integer') && hasUnitNumber(a, spec, profile)) bonus += 1.5;
    else if (spec.type === 'integer' && evidence.has('integer')) bonus += 0.4;
    else if (spec.type === 'version' && evidence.has('version')) bonus += 0.5;
    else if (spec.type === 'duration' && evidence.has('duration')) bonus += 0.4;
    else if (spec.type === 'string' && spec.example) {
      if (/[a-z][A-Z]/.test(spec.example) ? evidence.has('camel') : /[-_.:\d]/.test(spec.example) && evidence.has('identifier')) bonus += 0.4;
    }
  }
  return Math.min(bonus, 1.6);
}

const unitCache = new WeakMap<ParamSpec, Set<string>>();

function hasUnitNumber(a: Analysis, spec: Extract<ParamSpec, { type: 'integer' }>, profile: CatalogProfile): boolean {
  let units = unitCache.get(spec);
  if (!units) {
    units = new Set<string>();
    for (const w of [spec.name, spec.unit ?? '']) for (const c of profile.conceptsOf(stem(w.toLowerCase()))) units.add(c);
    unitCache.set(spec, units);
  }
  for (const t of a.tokens) {
    if (!/^\d+$/.test(t.w) && !(t.w in NUMBER_WORDS)) continue;
    const next = a.tokens[t.i + 1];
    if (next && next.clause === t.clause && profile.conceptsOf(next.s).some((c) => units!.has(c))) return true;
  }
  return false;
}

/** Scores every playbook against the query words; the main action word must agree with what the playbook does. */
export function scorePlaybooks(profile: CatalogProfile, input: ScoreInput): Scored[] {
  const { mainVerb, question } = input;
  const out: Scored[] = [];
  for (const pp of profile.playbooks) {
    const ws = pp.mutating ? input.words : input.readWords;
    let s = 0;
    let strong = false;
    const seen = new Set<string>();
    for (const q of ws) {
      let best = 0;
      let bestC = '';
      for (const c of q.concepts) {
        const w = pp.weights.get(c);
        if (w && w >= 2 && q.weight > 0) strong = true;
        if (w && !seen.has(c)) {
          const v = (profile.idf.get(c) ?? 0) * (w / 3) * q.weight;
          if (v > best) {
            best = v;
            bestC = c;
          }
        }
      }
      if (bestC) seen.add(bestC);
      s += best;
    }
    for (let i = 0; i + 1 < ws.length; i++) {
      const x = ws[i]!;
      const y = ws[i + 1]!;
      if (x.concepts.some((a) => y.concepts.some((b) => pp.bigrams.has(`${a} ${b}`)))) s += 0.3;
    }
    if (mainVerb && ws.includes(mainVerb)) {
      if (mainVerb.concepts.some((c) => pp.verbs.has(c))) {
        s += 1;
        strong = true;
      } else if (mainVerb.concepts.some((c) => profile.mutatingVerbs.has(c))) s -= pp.mutating ? 0.8 : 1.5;
      else if (mainVerb.concepts.some((c) => profile.actionConcepts.has(c))) s -= pp.mutating ? 0 : 0.8;
      else if (!mainVerb.concepts.some((c) => pp.weights.has(c))) s -= 0.6;
    }
    if (s > 0) {
      s += evidenceFor(pp, input.evidence, input.a, profile);
      // A question asks for information: read-only playbooks answer questions.
      if (question && !pp.mutating) s += 0.8;
      s -= input.noise;
    }
    out.push({ pp, score: s, strong });
  }
  return out.sort((x, y) => y.score - x.score);
}

function confidence(best: number, second: number): number {
  if (best <= 0) return 0;
  const strength = Math.min(1, best / 4);
  const margin = Math.max(0, (best - Math.max(0, second)) / best);
  return Math.round(strength * (0.55 + 0.45 * margin) * 100) / 100;
}

/**
 * Which clauses may carry the request: not negated, not hypothetical, not narrating the past.
 * A question about the past ("who deployed to checkout today?") still asks a read-only playbook.
 */
function clauseSets(a: Analysis, question: boolean): { active: Set<number>; read: Set<number> } {
  const active = new Set<number>();
  const read = new Set<number>();
  for (const c of a.clauses) {
    if (c.negated || c.hypothetical) continue;
    if (!c.past && !c.descriptive) active.add(c.index);
    if ((!c.past && !c.descriptive) || question) read.add(c.index);
  }
  return { active, read };
}

const SEMVER_OR_SHA = /^v?\d+\.\d+(?:\.\d+)?(?:-[0-9a-z.-]+)?$|^(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}$/;

/** Shapes of values in the request, so "6 replicas" leans to a playbook with an integer param. */
function valueEvidence(a: Analysis, profile: CatalogProfile): Set<string> {
  const ev = new Set<string>();
  const inMention = new Set<number>();
  for (const m of a.mentions) for (let i = m.from; i <= m.to; i++) inMention.add(i);
  for (const t of a.tokens) {
    if (inMention.has(t.i)) continue;
    if (SEMVER_OR_SHA.test(t.w)) ev.add('version');
    else if (/^\d{1,4}$/.test(t.w) && !/^[45]\d\d$/.test(t.w)) ev.add('integer');
    else if (/^\d+(?:s|m|h|d|min|mins|hr|hrs)$/.test(t.w)) ev.add('duration');
    else if (/[a-z]/.test(t.w) && /[-_:]|\d/.test(t.w) && !profile.vocabulary.has(t.s)) ev.add('identifier');
  }
  if (/\b\d+\s*(?:sec|second|min|minute|hour|hr|day)s?\b|\b(?:an?|half\s+an?)\s+(?:hour|minute|day)\b/.test(a.folded)) ev.add('duration');
  if (/\b[A-Za-z]*[a-z][A-Z][A-Za-z0-9]*\b/.test(a.own)) ev.add('camel');
  return ev;
}

function dangerous(a: Analysis, best: PlaybookProfile | null, profile: CatalogProfile): string | null {
  const whole = `${a.own}\n${a.material.join('\n')}`;
  if (DANGEROUS_SYNTAX.some((re) => re.test(whole))) return 'that is a destructive shell or SQL command; opsgate only runs reviewed playbooks';
  const live = a.tokens.filter((t) => !a.clauses[t.clause]?.negated);
  for (const t of live) {
    if (DESTRUCTIVE_STRONG.has(t.w) && !(best && best.stems.has(t.s))) {
      return `no playbook is allowed to ${t.w.replace(/ing$/, '')} things; ask a human with the right access`;
    }
    if (DESTRUCTIVE_WEAK.has(t.w)) {
      for (const o of live.slice(t.i + 1, t.i + 5)) {
        if (o.clause !== t.clause) break;
        const envRef = a.mentions.some((m) => m.from === o.i && m.refs.some((r) => r.kind === 'environment')) && o.i === t.i + 1;
        // "payments-db" is a db: a hyphenated name is judged by its parts.
        const obj = (DESTRUCTIVE_OBJECTS.has(o.w) || o.w.split('-').some((p) => DESTRUCTIVE_OBJECTS.has(p))) && !profile.entities.has(o.w);
        if ((obj && !(best && best.stems.has(o.s) && best.stems.has(t.s))) || envRef) {
          return `"${t.w} ${o.w}" is destructive and no playbook covers it; ask a human with the right access`;
        }
      }
    }
  }
  return null;
}

function candidatesOf(scored: readonly Scored[], n: number): Candidate[] {
  const best = scored[0]?.score ?? 0;
  return scored.slice(0, n).filter((s) => s.score > 0).map((s) => ({ playbookId: s.pp.pb.id, confidence: confidence(s.score, best === s.score ? (scored[1]?.score ?? 0) : best) }));
}

function clarifyParams(catalog: Catalog, pp: PlaybookProfile, params: Record<string, string | number>, missing: string[], options: Record<string, string[]>, question: string, candidates?: Candidate[]): PlanResult {
  const out: PlanResult = { kind: 'clarify', playbookId: pp.pb.id, params, missing, question, options };
  for (const name of missing) {
    if (options[name]) continue;
    const spec = pp.pb.params.find((p: ParamSpec) => p.name === name);
    const c = spec && choicesFor(spec, catalog.inventory, params);
    if (c) options[name] = c;
  }
  if (candidates?.length) out.candidates = candidates;
  return out;
}

/**
 * The default planner: reads a request against any catalog with no model and no network.
 * Refusals come first (injection, pasted text, danger), then intent, then params.
 */
export function createOfflinePlanner(opts: OfflinePlannerOptions = {}): Planner {
  const minScore = opts.minScore ?? 1.0;
  const tieRatio = opts.tieRatio ?? 0.88;
  return {
    name: 'offline',
    async plan(req: PlanRequest, catalog: Catalog): Promise<PlanResult> {
      return planOffline(req, catalog, minScore, tieRatio);
    },
  };
}

export function planOffline(req: PlanRequest, catalog: Catalog, minScore = 1.0, tieRatio = 0.88): PlanResult {
  const profile = profileCatalog(catalog);
  const raw = req.text ?? '';
  if (INJECTION.some((re) => re.test(raw))) {
    return refuse('injection', 'that reads like instructions to the bot rather than a request; opsgate only proposes catalog playbooks and every change needs a human to confirm');
  }
  const a = analyze(raw, profile);
  if (!a.own.replace(/[\s\p{P}\p{S}]/gu, '')) {
    if (a.pasted.length || a.material.length) return refuse('not-a-request', 'that looks like pasted alert or bot output, not a request; say what you want done, e.g. "restart checkout in staging"');
    return refuse('not-a-request', 'nothing to do: the message is empty');
  }
  if (HELP.test(a.own)) return { kind: 'answer', text: helpText(catalog) };

  // Small talk: greetings, thanks and reactions with nothing from the inventory in them.
  const content = a.tokens.filter((t) => !STOPWORDS.has(t.w) || SOCIAL.has(t.w));
  const social = content.filter((t) => SOCIAL.has(t.w));
  if (!a.mentions.length && !REQUEST_CUE.test(a.own) && (content.length === 0 || social.length / content.length >= 0.5) && !a.material.length) {
    if (a.pasted.length) return refuse('not-a-request', 'that looks like pasted alert or bot output, not a request; say what you want done');
    return refuse('not-a-request', 'nothing to do here; ask for help to see what I can run');
  }

  const question = isQuestion(a.own);
  const { active, read } = clauseSets(a, question);
  const activeWords = queryWords(a, profile, active);
  const readWords = queryWords(a, profile, read);
  const allWords = queryWords(a, profile, allSet(a));
  const mainVerb = mainVerbOf(activeWords, profile) ?? mainVerbOf(readWords, profile);
  const evidence = valueEvidence(a, profile);
  const noise = noiseOf(a, activeWords.length ? activeWords : readWords, profile);
  const scored = scorePlaybooks(profile, { words: activeWords, readWords, mainVerb, question, evidence, noise, a });
  const top = scored[0];
  const best = top && top.score >= minScore && top.strong ? top : null;

  // A command inside quotes, with no request of the writer's own around it, is being discussed.
  if (a.material.length) {
    const quoted = analyze(a.material.join('. '), profile);
    const qw = queryWords(quoted, profile, allSet(quoted));
    const qv = mainVerbOf(qw, profile);
    const qs = scorePlaybooks(profile, { words: qw, readWords: qw, mainVerb: qv, question: false, evidence: valueEvidence(quoted, profile), noise: 0, a: quoted })[0];
    const ownVerb = !!best && !!mainVerb && mainVerb.concepts.some((c) => best.pp.verbs.has(c));
    if (qv && qs && qs.score >= minScore && !ownVerb) {
      return refuse('not-a-request', 'that quotes a command in conversation; send the command on its own if you want it proposed');
    }
  }

  const danger = dangerous(a, best?.pp ?? null, profile);
  if (danger) return refuse('dangerous', danger);
  if ((best?.pp.mutating ?? true) && BULK.test(a.folded) && mainVerb && !a.mentions.some((m) => !m.excluded && m.refs.some((r) => r.kind === 'service'))) {
    return refuse('dangerous', 'playbooks act on one target at a time; name the service (e.g. "restart checkout in staging")');
  }

  // "what did we do last time…?": a question about history, answered from incident memory, unless
  // it plainly asks a read-only playbook ("who deployed to checkout today?").
  if (question && HISTORY_QUESTION.test(a.own) && (!best || best.pp.mutating || !mainVerb)) return historyAnswer(catalog);

  if (!best) {
    // Why nothing matched decides the answer: a negated, past or hypothetical request, small
    // talk, a name with no verb, or something outside the catalog.
    const inactive = scorePlaybooks(profile, { words: allWords, readWords: allWords, mainVerb: mainVerbOf(allWords, profile), question: false, evidence, noise, a })[0];
    if (inactive && inactive.score >= minScore) {
      const actionClauses = a.clauses.filter((c) => a.tokens.some((t) => t.clause === c.index && isAction(t, profile)));
      const why = actionClauses.length ? actionClauses : a.clauses;
      if (why.some((c) => c.negated)) return refuse('negated', 'you said not to, so nothing is proposed; ask again without the "don\'t" if you change your mind');
      if (why.some((c) => c.hypothetical)) return refuse('not-a-request', 'that sounds like a question or a what-if, not a request; say "restart checkout in staging" (for example) when you want a proposal');
      if (why.some((c) => c.past || c.descriptive)) return refuse('not-a-request', 'that describes something that already happened, so nothing is proposed; ask directly if you want it done again');
    }
    // A name with nothing the catalog does ("checkout prod", "same in staging"): ask what to do,
    // unless the request leads with an action the catalog does not have ("write a haiku about checkout").
    if (a.mentions.some((m) => !m.excluded) && noise < 1) {
      return {
        kind: 'clarify',
        missing: [],
        question: `What should I do with ${a.mentions.map((m) => m.refs[0]!.id).join(' ')}? For example: ${catalog.playbooks.slice(0, 4).map((p) => p.title.toLowerCase()).join(', ')}.`,
        candidates: candidatesOf(scored, 3),
      };
    }
    if (a.pasted.length && !activeWords.some((w) => w.weight > 0)) return refuse('not-a-request', 'that looks like pasted alert or bot output, not a request; say what you want done');
    return refuse('out-of-catalog', `no playbook does that. I can run: ${catalogLine(catalog)}`);
  }

  const second = scored.find((s) => s !== best) ?? null;
  if (second && second.score >= best.score * tieRatio && second.score >= minScore) {
    return {
      kind: 'clarify',
      missing: [],
      question: `Did you mean ${best.pp.pb.title.toLowerCase()} (${best.pp.pb.id}) or ${second.pp.pb.title.toLowerCase()} (${second.pp.pb.id})?`,
      candidates: candidatesOf(scored, 2),
    };
  }
  // Two requests in one message ("restart X and then scale Y"): one at a time.
  if (a.sequenced.size) {
    const per = new Set<string>();
    for (const c of active) {
      const ws = activeWords.filter((w) => w.t.clause === c);
      const mv = mainVerbOf(ws, profile);
      if (!mv) continue;
      const s = scorePlaybooks(profile, { words: ws, readWords: ws, mainVerb: mv, question: false, evidence: new Set(), noise: 0, a })[0];
      if (s && s.score >= minScore) per.add(s.pp.pb.id);
    }
    if (per.size > 1) {
      return {
        kind: 'clarify',
        missing: [],
        question: `That is ${per.size} requests; I propose one at a time. Which first: ${[...per].join(' or ')}?`,
        candidates: [...per].map((id) => ({ playbookId: id, confidence: 0.5 })),
      };
    }
  }

  const pp = best.pp;
  const conf = confidence(best.score, second?.score ?? 0);
  const runnerUp: Candidate | undefined = second && second.score > 0 ? { playbookId: second.pp.pb.id, confidence: confidence(second.score, best.score) } : undefined;
  const actionTok = mainVerb && mainVerb.concepts.some((c) => pp.weights.has(c)) ? mainVerb.t : null;
  const slots = fillSlots({
    a,
    profile,
    pp,
    actionClause: actionTok ? actionTok.clause : null,
    actionIndex: actionTok ? actionTok.i : null,
    ...(req.now ? { now: req.now } : {}),
  });
  if (slots.ambiguous.length) {
    const options: Record<string, string[]> = {};
    for (const x of slots.ambiguous) options[x.param] = x.options;
    const q = slots.ambiguous.map((x) => `which ${x.param}: ${x.options.join(' or ')}?`).join(' ');
    return clarifyParams(catalog, pp, slots.params, slots.ambiguous.map((x) => x.param), options, `To ${pp.pb.title.toLowerCase()}, ${q}`);
  }
  if (slots.unresolved.length) {
    return clarifyParams(catalog, pp, slots.params, slots.unresolved, {}, `For how long? Give ${slots.unresolved.join(', ')} as a duration like 30m or 2h (I cannot read clock times without a time zone).`);
  }
  const result: PlanResult = { kind: 'proposal', playbookId: pp.pb.id, params: slots.params, confidence: conf };
  if (runnerUp) result.runnerUp = runnerUp;
  return result;
}

/** "how many replicas…?", "is search healthy?": asks for information rather than an action. */
export function isQuestion(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (REQUEST_CUE.test(t)) return false;
  return /\?\s*$/.test(t) || /^(?:what|what's|whats|how|how's|hows|is|are|which|who|when|where|does|do|has|have|did|any)\b/.test(t);
}

/** The top scores for a request, for explaining a decision ("did you mean…"). */
export function explainOffline(req: PlanRequest, catalog: Catalog, n = 3): Array<{ playbookId: string; score: number }> {
  const profile = profileCatalog(catalog);
  const a = analyze(req.text, profile);
  const question = isQuestion(a.own);
  const { active, read } = clauseSets(a, question);
  const words = queryWords(a, profile, active);
  const readWords = queryWords(a, profile, read);
  const mainVerb = mainVerbOf(words, profile) ?? mainVerbOf(readWords, profile);
  return scorePlaybooks(profile, { words, readWords, mainVerb, question, evidence: valueEvidence(a, profile), noise: noiseOf(a, words.length ? words : readWords, profile), a })
    .slice(0, n)
    .map((s) => ({ playbookId: s.pp.pb.id, score: Math.round(s.score * 100) / 100 }));
}

function mainVerbOf(ws: readonly QueryWord[], profile: CatalogProfile): QueryWord | null {
  return ws.find((q) => isAction(q.t, profile) || q.concepts.some((c) => profile.actionConcepts.has(c))) ?? null;
}

/**
 * Words that mean nothing to the catalog make a match less likely; an unknown word where the verb
 * belongs ("rotate the api key", "open an incident") names an action the catalog does not have.
 */
function noiseOf(a: Analysis, words: readonly QueryWord[], profile: CatalogProfile): number {
  const unknown = words.filter((w) => w.weight === 0 && !SOCIAL.has(w.t.w) && !/\d/.test(w.t.w));
  let noise = Math.min(0.9, unknown.length * 0.3);
  const lead = a.tokens.find((t) => !LEAD_IN.has(t.w) && t.w !== 'the' && t.w !== 'a' && a.clauses[t.clause] && !a.clauses[t.clause]!.negated);
  const lw = lead && words.find((w) => w.t === lead);
  if (lw && !a.mentions.some((m) => m.from === lead!.i) && !isQuestion(a.own)) {
    // "write me…", "order us…": a word followed by me/us is a verb; if no playbook does it, it is foreign.
    const imperativeMe = ['me', 'us'].includes(a.tokens[lead!.i + 1]?.w ?? '');
    const foreignVerb = lw.concepts.length > 0 && lw.concepts.every((c) => (VERB_GROUPS.has(c) || imperativeMe) && !profile.actionConcepts.has(c));
    if (lw.weight === 0 || foreignVerb) noise += 1.5;
  }
  return noise;
}

function allSet(a: Analysis): Set<number> {
  return new Set(a.clauses.map((c) => c.index));
}

function historyAnswer(catalog: Catalog): PlanResult {
  return {
    kind: 'answer',
    text: `That is a question about past incidents, which opsgate cannot answer yet: it has no incident memory in this build. To act now, ask for a playbook: ${catalogLine(catalog)}.`,
  };
}

/**
 * The refusals no other planner may override: injected instructions and destructive requests.
 * The LLM planner runs this before asking a model.
 */
export function screenRequest(req: PlanRequest, catalog: Catalog): PlanResult | null {
  const r = planOffline(req, catalog);
  return r.kind === 'refuse' && (r.code === 'injection' || r.code === 'dangerous') ? r : null;
}
