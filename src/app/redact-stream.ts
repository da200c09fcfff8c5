// `opsgate redact`: a filter on-call engineers pipe logs through. Line mode redacts whole lines (the
// complete lines of each input chunk together; a PEM private key block as one piece); `--jsonl` mode maps
// `{"id", "text"}` lines to `{"id", "redacted", "findings"}`. Streams are passed in; no other I/O.
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import type { Finding, Redactor } from '../core/redaction/index.js';

export interface RedactStreamOptions {
  jsonl?: boolean;
  /** A multi-line block (PEM key) is flushed after this many lines even without its END line. */
  maxBlockLines?: number;
}

export interface RedactStreamStats {
  lines: number;
  findings: number;
  /** JSONL lines that were not `{id, text}` objects (reported on the output without echoing them). */
  errors: number;
}

const JsonlInput = z.object({ id: z.union([z.string(), z.number()]), text: z.string() });

export interface JsonlOutput {
  id: string | number;
  redacted: string;
  findings: Finding[];
}

/** Splits decoded chunks into lines, keeping each line's terminator; never concatenates quadratically. */
class LineSplitter {
  private parts: string[] = [];
  push(chunk: string, emit: (line: string) => void): void {
    let from = 0;
    let nl = chunk.indexOf('\n');
    while (nl >= 0) {
      this.parts.push(chunk.slice(from, nl + 1));
      emit(this.parts.join(''));
      this.parts = [];
      from = nl + 1;
      nl = chunk.indexOf('\n', from);
    }
    if (from < chunk.length) this.parts.push(chunk.slice(from));
  }
  flush(emit: (line: string) => void): void {
    if (this.parts.length > 0) emit(this.parts.join(''));
    this.parts = [];
  }
}

const BEGIN_PRIVATE = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/;
const END_MARKER = '-----END ';
const MAX_BATCH_CHARS = 1 << 20;

/**
 * Line mode: the complete lines of each input chunk are redacted together, so context spanning lines
 * (a k8s `name:` / `value:` pair) is seen, with no added latency when input trickles in. A PEM private
 * key block is held back until its END line (or maxBlockLines) even across chunks.
 */
class LineRedactor {
  private batch: string[] = [];
  private batchChars = 0;
  private block: string[] | null = null;
  constructor(
    private readonly redactor: Redactor,
    private readonly maxBlockLines: number,
    private readonly write: (s: string) => void,
    private readonly stats: RedactStreamStats,
  ) {}

  line(line: string): void {
    this.stats.lines++;
    if (this.block) {
      this.block.push(line);
      if (line.includes(END_MARKER) || this.block.length >= this.maxBlockLines) this.flushBlock();
      return;
    }
    const begin = BEGIN_PRIVATE.exec(line);
    if (begin && !line.includes(END_MARKER, begin.index)) {
      this.flushBatch();
      this.block = [line];
      return;
    }
    this.batch.push(line);
    this.batchChars += line.length;
    if (this.batchChars >= MAX_BATCH_CHARS) this.flushBatch();
  }

  /** End of an input chunk: emit what is complete (an open key block waits for its END line). */
  flushBatch(): void {
    if (this.batch.length === 0) return;
    const text = this.batch.join('');
    this.batch = [];
    this.batchChars = 0;
    this.emit(text);
  }

  end(): void {
    this.flushBatch();
    if (this.block) this.flushBlock();
  }

  private flushBlock(): void {
    const text = this.block!.join('');
    this.block = null;
    this.emit(text);
  }

  private emit(text: string): void {
    const r = this.redactor.redact(text);
    this.stats.findings += r.findings.length;
    this.write(r.text);
  }
}

function jsonlLine(line: string, n: number, redactor: Redactor, stats: RedactStreamStats): string | null {
  const body = line.endsWith('\n') ? line.slice(0, line.endsWith('\r\n') ? -2 : -1) : line;
  if (body.trim() === '') return null;
  stats.lines++;
  let parsed: z.infer<typeof JsonlInput>;
  try {
    parsed = JsonlInput.parse(JSON.parse(body));
  } catch {
    stats.errors++;
    // The offending line may hold a secret, so it is not echoed back.
    return JSON.stringify({ line: n, error: 'expected a JSON object {"id": string|number, "text": string}' }) + '\n';
  }
  const r = redactor.redact(parsed.text);
  stats.findings += r.findings.length;
  const out: JsonlOutput = { id: parsed.id, redacted: r.text, findings: r.findings };
  return JSON.stringify(out) + '\n';
}

/** Reads `input` to its end, writes the redacted text to `output` (respecting backpressure). */
export async function redactStream(input: Readable, output: Writable, redactor: Redactor,
  opts: RedactStreamOptions = {}): Promise<RedactStreamStats> {
  const stats: RedactStreamStats = { lines: 0, findings: 0, errors: 0 };
  const pending: string[] = [];
  const write = (s: string): void => {
    if (s.length > 0) pending.push(s);
  };
  const drain = async (): Promise<void> => {
    if (pending.length === 0) return;
    const s = pending.join('');
    pending.length = 0;
    if (!output.write(s)) await new Promise<void>((resolve) => output.once('drain', resolve));
  };
  const splitter = new LineSplitter();
  const decoder = new TextDecoder('utf-8');
  let lineNo = 0;
  const lines = new LineRedactor(redactor, opts.maxBlockLines ?? 200, write, stats);
  const onLine = opts.jsonl
    ? (line: string): void => {
      lineNo++;
      const out = jsonlLine(line, lineNo, redactor, stats);
      if (out) write(out);
    }
    : (line: string): void => lines.line(line);

  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    splitter.push(text, onLine);
    if (!opts.jsonl) lines.flushBatch();
    await drain();
  }
  splitter.push(decoder.decode(), onLine);
  splitter.flush(onLine);
  if (!opts.jsonl) lines.end();
  await drain();
  return stats;
}
