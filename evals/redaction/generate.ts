// Writes evals/redaction/positives.jsonl and negatives.jsonl. Deterministic: a fixed seed, no clock.
//   npx tsx evals/redaction/generate.ts
// Positives: {id, kind, text, secrets}; negatives: {id, category, text}. Every secret is checked to be an
// exact substring of its text, and every text is unique.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NEGATIVE_CATEGORIES } from './gen/negatives.js';
import { POSITIVE_KINDS } from './gen/positives.js';
import { BLOCK_WRAPPERS, Gen, WRAPPERS } from './gen/rng.js';

const SEED = 0x0b5_6a7e;
const PER_KIND = 11;
const PER_CATEGORY = 28;

export interface GeneratedCorpus {
  positives: Array<{ id: string; kind: string; text: string; secrets: string[] }>;
  negatives: Array<{ id: string; category: string; text: string }>;
}

export function generateCorpus(seed = SEED): GeneratedCorpus {
  const g = new Gen(seed);
  const seen = new Set<string>();
  const positives: GeneratedCorpus['positives'] = [];
  for (const k of POSITIVE_KINDS) {
    // At least PER_KIND cases, and every context of the kind at least once.
    const want = Math.max(PER_KIND, k.templates.length);
    let n = 0;
    for (let attempt = 0; n < want && attempt < want * 20; attempt++) {
      const c = k.templates[attempt % k.templates.length]!(g);
      const multiline = c.multiline === true || c.text.includes('\n');
      const text = multiline ? g.pick(BLOCK_WRAPPERS)(g, c.text) : g.pick(WRAPPERS)(g, c.text);
      // A wrapper that escapes characters (the JSON log line) may hide a secret; try another context.
      if (!c.secrets.every((s) => s.length >= 8 && text.includes(s))) continue;
      if (seen.has(text)) continue;
      seen.add(text);
      n++;
      positives.push({ id: `pos-${k.kind}-${String(n).padStart(3, '0')}`, kind: k.kind, text, secrets: c.secrets });
    }
    if (n < want) throw new Error(`could not generate ${want} cases for ${k.kind}`);
  }
  const negatives: GeneratedCorpus['negatives'] = [];
  for (const c of NEGATIVE_CATEGORIES) {
    let n = 0;
    for (let attempt = 0; n < PER_CATEGORY && attempt < PER_CATEGORY * 20; attempt++) {
      const raw = c.templates[attempt % c.templates.length]!(g);
      const text = raw.includes('\n') ? g.pick(BLOCK_WRAPPERS)(g, raw) : g.pick(WRAPPERS)(g, raw);
      if (seen.has(text)) continue;
      seen.add(text);
      n++;
      negatives.push({ id: `neg-${c.category}-${String(n).padStart(3, '0')}`, category: c.category, text });
    }
  }
  return { positives, negatives };
}

function main(): void {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const { positives, negatives } = generateCorpus();
  writeFileSync(`${dir}positives.jsonl`, positives.map((p) => JSON.stringify(p)).join('\n') + '\n');
  writeFileSync(`${dir}negatives.jsonl`, negatives.map((p) => JSON.stringify(p)).join('\n') + '\n');
  const kinds = new Set(positives.map((p) => p.kind)).size;
  const cats = new Set(negatives.map((p) => p.category)).size;
  process.stdout.write(`positives: ${positives.length} across ${kinds} kinds; negatives: ${negatives.length} across ${cats} categories\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
