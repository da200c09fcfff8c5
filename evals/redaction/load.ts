// Loads the redaction corpus (positives.jsonl, negatives.jsonl) and validates every line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NegativeCaseSchema, PositiveCaseSchema, type RedactionCorpus } from '../../src/app/eval-redaction.js';

export const REDACTION_CORPUS_DIR = fileURLToPath(new URL('.', import.meta.url));

function readJsonl<T>(file: string, parse: (v: unknown) => T): T[] {
  const out: T[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      out.push(parse(JSON.parse(line)));
    } catch (e) {
      throw new Error(`${file}:${i + 1}: invalid case (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); regenerate with npx tsx evals/redaction/generate.ts`);
    }
  });
  return out;
}

export function loadRedactionCorpus(dir: string = REDACTION_CORPUS_DIR): RedactionCorpus {
  const positives = readJsonl(join(dir, 'positives.jsonl'), (v) => PositiveCaseSchema.parse(v));
  const negatives = readJsonl(join(dir, 'negatives.jsonl'), (v) => NegativeCaseSchema.parse(v));
  for (const p of positives) {
    for (const s of p.secrets) {
      if (!p.text.includes(s)) throw new Error(`${p.id}: secret is not a substring of its text`);
    }
  }
  return { positives, negatives };
}
