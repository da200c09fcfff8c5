// Placeholder API surface; the full rule set lands with the redaction work (issue 4).
export interface Finding {
  kind: string;
  rule: string;
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
export function createRedactor(opts: RedactorOptions = {}): Redactor {
  const known = (opts.knownSecrets ?? []).filter((s) => s.length >= 4);
  return {
    redact(text: string): RedactResult {
      const findings: Finding[] = [];
      let out = text;
      for (const s of known) {
        let i = out.indexOf(s);
        while (i >= 0) {
          findings.push({ kind: 'configured-secret', rule: 'known-value', start: i, end: i + s.length });
          out = out.slice(0, i) + '[REDACTED:configured-secret]' + out.slice(i + s.length);
          i = out.indexOf(s);
        }
      }
      return { text: out, findings };
    },
  };
}
export function redact(text: string): RedactResult {
  return createRedactor().redact(text);
}
