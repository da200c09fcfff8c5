// Exact masking of configured secret values (the values of secret env vars opsgate was given),
// also when they appear URL-encoded, JSON-escaped or base64-encoded inside a longer base64 string
// (`Authorization: Basic base64(user:secret)`, a k8s Secret manifest, a docker config.json `auth`).
import { base64Encode, isBase64Char, runEnd, runStart, toBase64Url, utf8 } from './text.js';
import type { Candidate } from './tokens.js';

interface Needle {
  text: string;
  rule: string;
  /** Widen the match to the whole base64 run it sits in. */
  expand: boolean;
}

const MIN_EXACT = 4;
const MIN_ENCODED = 6;
const MIN_CORE = 8;

/**
 * The part of base64(prefix + secret) that depends only on the secret, for each of the three byte
 * alignments the secret can have inside a longer encoded string.
 */
function base64Cores(secret: string): string[] {
  const bytes = utf8(secret);
  const cores: string[] = [];
  for (let k = 0; k < 3; k++) {
    const buf = new Uint8Array(k + bytes.length);
    buf.set(bytes, k);
    const b64 = base64Encode(buf);
    const first = Math.ceil((8 * k) / 6);
    const last = Math.floor((8 * (k + bytes.length)) / 6); // exclusive
    const core = b64.slice(first, last);
    if (core.length >= MIN_CORE) cores.push(core);
  }
  return cores;
}

function needlesFor(secret: string): Needle[] {
  const out: Needle[] = [{ text: secret, rule: 'known-value', expand: false }];
  if (secret.length < MIN_ENCODED) return out;
  const add = (text: string, rule: string, expand: boolean): void => {
    if (text.length >= MIN_EXACT && !out.some((n) => n.text === text)) out.push({ text, rule, expand });
  };
  const uri = encodeURIComponent(secret);
  add(uri, 'known-value-urlencoded', false);
  add(uri.replace(/%20/g, '+'), 'known-value-urlencoded', false);
  add(uri.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()), 'known-value-urlencoded', false);
  add(JSON.stringify(secret).slice(1, -1), 'known-value-escaped', false);
  for (const core of base64Cores(secret)) {
    add(core, 'known-value-base64', true);
    add(toBase64Url(core), 'known-value-base64', true);
  }
  return out;
}

export interface KnownMatcher {
  scan(text: string, out: Candidate[]): void;
}

export function createKnownMatcher(secrets: readonly string[]): KnownMatcher {
  const unique = [...new Set(secrets.filter((s) => s.length >= MIN_EXACT))];
  // Longer needles first, so an encoded form is found before a shorter value inside it.
  const needles = unique.flatMap(needlesFor).sort((a, b) => b.text.length - a.text.length);
  return {
    scan(text, out) {
      for (const n of needles) {
        let i = text.indexOf(n.text);
        while (i >= 0) {
          let start = i;
          let end = i + n.text.length;
          if (n.expand) {
            start = runStart(text, start, isBase64Char, 8192);
            end = runEnd(text, end, isBase64Char, 8192);
          }
          out.push({ start, end, kind: 'configured-secret', rule: n.rule, priority: 4 });
          i = text.indexOf(n.text, end);
        }
      }
    },
  };
}
