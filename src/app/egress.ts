import type { Redactor } from '../core/redaction/index.js';

/**
 * The one wrapper for everything that leaves the process: chat, terminal, LLM prompts, stored text,
 * logs, reports. A surface registers itself by name, so tests can prove every exit goes through here.
 */
export interface Egress {
  text(s: string): string;
  /** Redacts every string inside a JSON-like value (object keys are kept). */
  deep<T>(value: T): T;
  /** Wraps a sink so whatever it is given is redacted first; counts redactions per sink. */
  sink<A extends unknown[]>(name: string, write: (text: string, ...rest: A) => void): (text: string, ...rest: A) => void;
  readonly sinks: ReadonlyMap<string, { writes: number; redactions: number }>;
}

export function createEgress(redactor: Redactor): Egress {
  const sinks = new Map<string, { writes: number; redactions: number }>();
  const text = (s: string) => redactor.redact(s).text;
  const deep = <T>(value: T): T => {
    if (typeof value === 'string') return text(value) as T;
    if (Array.isArray(value)) return value.map((v) => deep(v)) as T;
    if (value instanceof Date) return value;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v)])) as T;
    }
    return value;
  };
  return {
    text,
    deep,
    sinks,
    sink(name, write) {
      const stat = sinks.get(name) ?? { writes: 0, redactions: 0 };
      sinks.set(name, stat);
      return (s, ...rest) => {
        const r = redactor.redact(s);
        stat.writes++;
        stat.redactions += r.findings.length;
        write(r.text, ...rest);
      };
    },
  };
}
