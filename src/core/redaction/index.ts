// redact(text) → { text, findings }: every rule proposes spans in the original text, overlapping spans
// are merged, and each merged span is replaced by `[REDACTED:<kind>]` so the surrounding context stays
// readable (`AWS_SECRET_ACCESS_KEY=[REDACTED:aws-secret-key]`, `postgres://app:[REDACTED:password]@db`).
// Redacting already-redacted text changes nothing: spans touching an existing marker are dropped.
import { assignmentHandler, basicHandler, bearerHandler } from './assignments.js';
import { KEY_KINDS } from './keys.js';
import { createKnownMatcher } from './known.js';
import { createLiteralScanner } from './literals.js';
import { cliPasswordHandler, pemHandler, puttyHandler, urlCredentialsHandler } from './structural.js';
import { scanNoLiteralRules, tokenHandler, TOKEN_RULES, type Candidate } from './tokens.js';

export interface Finding {
  kind: string;
  rule: string;
  /** Span in the ORIGINAL text (UTF-16 offsets), end exclusive. */
  start: number;
  end: number;
}
export interface RedactResult {
  text: string;
  findings: Finding[];
}
export interface Redactor {
  redact(text: string): RedactResult;
}
export interface RedactorOptions {
  /** Exact values to mask wherever they appear (configured secret env var values). */
  knownSecrets?: readonly string[];
}

export const REDACTION_MARKER_PREFIX = '[REDACTED:';

export function marker(kind: string): string {
  return `${REDACTION_MARKER_PREFIX}${kind}]`;
}

/** Every kind a built-in rule can report (configured secrets report `configured-secret`). */
export const REDACTION_KINDS: readonly string[] = [...new Set([
  ...TOKEN_RULES.map((r) => r.kind),
  ...KEY_KINDS,
  'mailgun-api-key', 'password', 'url-token', 'sentry-dsn', 'private-key', 'openssh-private-key', 'pgp-private-key',
  'putty-private-key', 'bearer-token', 'basic-auth', 'session-cookie', 'token', 'configured-secret',
])].sort();

/** `[REDACTED:kind]` markers already present in the input. */
function markerSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let i = text.indexOf(REDACTION_MARKER_PREFIX);
  while (i >= 0) {
    const close = text.indexOf(']', i + REDACTION_MARKER_PREFIX.length);
    const end = close >= 0 && close - i <= 64 ? close + 1 : i + REDACTION_MARKER_PREFIX.length;
    spans.push([i, end]);
    i = text.indexOf(REDACTION_MARKER_PREFIX, end);
  }
  return spans;
}

function dropMarkerOverlaps(cands: Candidate[], markers: ReadonlyArray<[number, number]>): Candidate[] {
  if (markers.length === 0) return cands;
  return cands.filter((c) => {
    // binary search for the first marker ending after c.start
    let lo = 0;
    let hi = markers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (markers[mid]![1] <= c.start) lo = mid + 1;
      else hi = mid;
    }
    const m = markers[lo];
    return !(m && m[0] < c.end);
  });
}

/** Merges overlapping candidates; the reported kind is the most specific rule's (then the longest span's). */
export function mergeCandidates(cands: Candidate[]): Finding[] {
  if (cands.length === 1) {
    const c = cands[0]!;
    return c.end > c.start ? [{ kind: c.kind, rule: c.rule, start: c.start, end: c.end }] : [];
  }
  const sorted = cands.filter((c) => c.end > c.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Finding[] = [];
  let cur: { start: number; end: number; best: Candidate } | null = null;
  for (const c of sorted) {
    if (cur && c.start < cur.end) {
      cur.end = Math.max(cur.end, c.end);
      const b = cur.best;
      if (c.priority > b.priority || (c.priority === b.priority && c.end - c.start > b.end - b.start)) cur.best = c;
      continue;
    }
    if (cur) out.push({ kind: cur.best.kind, rule: cur.best.rule, start: cur.start, end: cur.end });
    cur = { start: c.start, end: c.end, best: c };
  }
  if (cur) out.push({ kind: cur.best.kind, rule: cur.best.rule, start: cur.start, end: cur.end });
  return out;
}

// Kinds form a small fixed set, so each marker string is built once.
const markerCache = new Map<string, string>();

function cachedMarker(kind: string): string {
  let m = markerCache.get(kind);
  if (m === undefined) {
    m = marker(kind);
    markerCache.set(kind, m);
  }
  return m;
}

export function applyFindings(text: string, findings: readonly Finding[]): string {
  if (findings.length === 0) return text;
  let out = '';
  let last = 0;
  for (const f of findings) {
    out += text.slice(last, f.start) + cachedMarker(f.kind);
    last = f.end;
  }
  return out + text.slice(last);
}

// Built once: the literal tables of every detector, scanned in a single pass per text.
const scanner = createLiteralScanner([
  tokenHandler(),
  pemHandler,
  puttyHandler,
  urlCredentialsHandler,
  bearerHandler,
  basicHandler,
  cliPasswordHandler,
  assignmentHandler,
]);

export function createRedactor(opts: RedactorOptions = {}): Redactor {
  const known = createKnownMatcher(opts.knownSecrets ?? []);
  return {
    redact(text: string): RedactResult {
      const cands: Candidate[] = [];
      known.scan(text, cands);
      scanner.scan(text, cands);
      scanNoLiteralRules(text, cands);
      if (cands.length === 0) return { text, findings: [] };
      const findings = mergeCandidates(dropMarkerOverlaps(cands, markerSpans(text)));
      return { text: applyFindings(text, findings), findings };
    },
  };
}

let defaultRedactor: Redactor | undefined;

export function redact(text: string): RedactResult {
  defaultRedactor ??= createRedactor();
  return defaultRedactor.redact(text);
}

export type { Candidate } from './tokens.js';
export { looksLikeSecret, isPlaceholder, type Strength } from './value.js';
export { classifyKey } from './keys.js';
