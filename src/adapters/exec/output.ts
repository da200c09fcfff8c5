import { StringDecoder } from 'node:string_decoder';

/**
 * Bytes kept past the cap before masking, so a secret that straddles the cap is masked whole and the
 * cut then falls inside the marker, never inside the secret. Secrets longer than this are not covered
 * at the cut point (they are still masked everywhere else).
 */
export const MASK_MARGIN_BYTES = 16 * 1024;

export type StreamName = 'stdout' | 'stderr';

/** Longest prefix of `text` whose UTF-8 encoding fits in `maxBytes`, never splitting a character. */
export function cutToBytes(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const buf = Buffer.from(text, 'utf8');
  let end = maxBytes;
  // Back up to the start of the character that would be split (continuation bytes are 10xxxxxx).
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  let out = buf.subarray(0, end).toString('utf8');
  // A cut through a mask marker would leave "[REDACTED:sec"; drop the partial marker instead.
  const open = out.lastIndexOf('[REDACTED');
  if (open >= 0 && out.indexOf(']', open) < 0) out = out.slice(0, open);
  return out;
}

export interface CollectedOutput {
  output: string;
  truncated: boolean;
}

/**
 * Collects stdout and stderr in arrival order: decodes UTF-8 per stream (safe across chunk
 * boundaries), keeps the first `cap` bytes (plus a masking margin), masks the text before it leaves,
 * and streams masked whole lines to `onOutput`. Bytes past the limit are counted and dropped, so the
 * caller can keep draining the pipes and the child never blocks on a full pipe.
 */
export class OutputCollector {
  private readonly parts: string[] = [];
  private readonly decoders: Record<StreamName, StringDecoder> = {
    stdout: new StringDecoder('utf8'),
    stderr: new StringDecoder('utf8'),
  };
  private readonly pending: Record<StreamName, string> = { stdout: '', stderr: '' };
  private readonly limit: number;
  private retainedBytes = 0;
  private totalBytes = 0;
  private streamedBytes = 0;
  private streaming: boolean;

  constructor(
    private readonly cap: number,
    private readonly mask: (text: string) => string,
    private readonly onOutput?: (chunk: string) => void,
  ) {
    this.cap = Math.max(0, Math.floor(cap));
    this.limit = this.cap + MASK_MARGIN_BYTES;
    this.streaming = onOutput !== undefined;
  }

  /** True once everything worth keeping has been kept; later bytes are only counted. */
  get full(): boolean {
    return this.retainedBytes >= this.limit;
  }

  push(stream: StreamName, chunk: Buffer): void {
    this.totalBytes += chunk.length;
    if (this.full) return;
    const room = this.limit - this.retainedBytes;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.retainedBytes += kept.length;
    this.append(stream, this.decoders[stream].write(kept));
  }

  /** Masked, capped output; `notes` (opsgate's own remarks) are appended and count against the cap. */
  finish(notes: readonly string[] = []): CollectedOutput {
    // A partial character left in a decoder after a cut is dropped; without a cut it is real output.
    if (this.totalBytes <= this.limit) {
      for (const s of ['stdout', 'stderr'] as const) this.append(s, this.decoders[s].end());
    }
    for (const s of ['stdout', 'stderr'] as const) {
      if (this.pending[s]) this.emit(this.pending[s]);
      this.pending[s] = '';
    }

    let truncated = this.totalBytes > this.cap;
    const masked = this.mask(this.parts.join(''));
    const noteText = notes.length === 0 ? '' : (masked && !masked.endsWith('\n') ? '\n' : '') + notes.map((n) => this.mask(n)).join('\n');
    const budget = Math.max(0, this.cap - Buffer.byteLength(noteText, 'utf8'));
    // Masking can lengthen the text (markers are longer than short secrets), so the cap applies after it.
    if (Buffer.byteLength(masked, 'utf8') > budget) truncated = true;
    const body = cutToBytes(masked, budget);
    const output = cutToBytes(body + (body ? noteText : noteText.replace(/^\n/, '')), this.cap);
    return { output, truncated };
  }

  private append(stream: StreamName, text: string): void {
    if (!text) return;
    this.parts.push(text);
    if (!this.streaming) return;
    // Stream whole lines only, so a secret written in several chunks is masked as one string.
    const buf = this.pending[stream] + text;
    const cut = Math.max(buf.lastIndexOf('\n'), buf.lastIndexOf('\r'));
    if (cut < 0) {
      this.pending[stream] = buf;
      return;
    }
    this.pending[stream] = buf.slice(cut + 1);
    this.emit(buf.slice(0, cut + 1));
  }

  private emit(raw: string): void {
    if (!this.streaming || !this.onOutput) return;
    let text = this.mask(raw);
    const room = this.cap - this.streamedBytes;
    if (Buffer.byteLength(text, 'utf8') >= room) {
      text = cutToBytes(text, room);
      this.streaming = false;
    }
    if (!text) return;
    this.streamedBytes += Buffer.byteLength(text, 'utf8');
    try {
      this.onOutput(text);
    } catch {
      // A failing listener must not break the run or leak as an uncaught exception; stop streaming.
      this.streaming = false;
    }
  }
}
