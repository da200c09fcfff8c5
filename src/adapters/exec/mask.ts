/** A secret the step receives, by env var name, so the marker can say which one was hidden. */
export interface NamedSecret {
  name: string;
  value: string;
}

/** Values shorter than this are not masked: they would mangle ordinary output and hide little. */
export const MIN_MASKED_LENGTH = 4;
/** Lines of a multi-line secret (a PEM key) at least this long are masked on their own too. */
const MIN_MASKED_LINE_LENGTH = 12;

export function maskMarker(name: string): string {
  return `[REDACTED:secret:${name}]`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Returns a function that replaces every occurrence of each secret value with a marker naming the
 * secret. One regex pass, longest value first, so a secret containing another is hidden whole and a
 * marker is never re-matched by a later value.
 */
export function maskerFor(secrets: readonly NamedSecret[]): (text: string) => string {
  const byValue = new Map<string, string>();
  const add = (value: string, name: string): void => {
    if (value.length >= MIN_MASKED_LENGTH && !byValue.has(value)) byValue.set(value, name);
  };
  for (const s of secrets) add(s.value, s.name);
  // Output is streamed and stored line by line, so each line of a multi-line value must be hidden alone.
  for (const s of secrets) {
    if (!s.value.includes('\n')) continue;
    for (const line of s.value.split(/\r?\n/)) {
      const t = line.trim();
      if (t.length >= MIN_MASKED_LINE_LENGTH) add(t, s.name);
    }
  }
  if (byValue.size === 0) return (text) => text;
  const values = [...byValue.keys()].sort((a, b) => b.length - a.length);
  const re = new RegExp(values.map(escapeRegExp).join('|'), 'g');
  return (text) => (text ? text.replace(re, (v) => maskMarker(byValue.get(v) ?? 'unknown')) : text);
}
