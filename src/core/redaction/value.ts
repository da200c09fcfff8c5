// Does a value sitting next to a secret-named key look like a real secret?
// Two strengths: `password` accepts human-chosen values (short, symbols, words with digits);
// `token` expects machine-generated values (longer, mixed classes, high entropy).
import { charClasses, entropy, hasDistinct, isAlnum, isLower, isUpper } from './text.js';

export type Strength = 'password' | 'token';

/** Whole values that are documentation stand-ins, empty markers or literals, never secrets. */
const PLACEHOLDER_WORDS = new Set([
  'changeme', 'change-me', 'change_me', 'changeit', 'change-it', 'password', 'passwd', 'pass', 'pwd', 'secret',
  'secrets', 'token', 'apikey', 'api_key', 'api-key', 'key', 'example', 'sample', 'placeholder', 'redacted',
  'masked', 'hidden', 'removed', 'none', 'null', 'nil', 'undefined', 'true', 'false', 'yes', 'no', 'on', 'off',
  'empty', 'required', 'optional', 'todo', 'tbd', 'fixme', 'dummy', 'default', 'unset', 'notset', 'not-set',
  'n/a', 'na', 'xxx', 'foo', 'bar', 'baz', 'foobar', 'test', 'testing', 'string', 'value', 'your-token',
  'your_token', 'yourtoken', 'mypassword', 'mysecret', 'mytoken', 'bearer', 'basic', 'env', 'vault', 'sops',
  'keychain',
]);

/** Words that, standing as their own segment of a value, mark it as a template (`your-api-key-here`). */
const PLACEHOLDER_SEGMENTS = new Set([
  'your', 'yours', 'here', 'replace', 'replaceme', 'insert', 'placeholder', 'changeme', 'changeit', 'example',
  'sample', 'dummy', 'redacted', 'masked', 'xxx', 'xxxx', 'todo', 'tbd', 'fixme', 'goes', 'put',
]);

const TEMPLATE = /\$\{|\{\{|\$\(|%\(|#\{/;
const MASKED = /redacted|\[masked|<masked|\*\*\*|•••|…|\.\.\./i;
const LONGEST_PLACEHOLDER_WORD = 24;

/** `${VAR}`, `{{ .Values.x }}`, `$(cat f)`, `%(x)s`, `<your-token>`, `***`, `[REDACTED:…]` and friends. */
export function isPlaceholder(value: string): boolean {
  const v = value.length > 256 ? value.slice(0, 256) : value.trim();
  const n = v.length;
  if (n === 0) return true;
  const first = v.charCodeAt(0);
  const last = v.charCodeAt(n - 1);
  if (first === 123 || first === 91) return true; // { [  objects, lists, [REDACTED:…]
  if (first === 60 && last === 62) return true; // <your-token>
  if (first === 36 && n > 1 && /[A-Za-z_]/.test(v[1]!)) return true; // $VAR
  if (first === 37 && last === 37 && /^%[A-Za-z_][A-Za-z0-9_]*%$/.test(v)) return true; // %VAR%
  if (TEMPLATE.test(v) || MASKED.test(v)) return true;
  const lower = n <= 64 ? v.toLowerCase() : '';
  if (n <= LONGEST_PLACEHOLDER_WORD && PLACEHOLDER_WORDS.has(lower)) return true;
  // A single repeated character, possibly grouped: `xxxxxxxx`, `0000-0000-0000`, `********`.
  let f = -1;
  let same = true;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c === 45 || c === 95 || c === 46 || c === 58) continue;
    if (f < 0) f = c | 0x20;
    else if ((c | 0x20) !== f) {
      same = false;
      break;
    }
  }
  if (same) return true;
  // Template words only make sense in short values; long random values skip the split.
  if (n <= 64) for (const seg of lower.split(/[^a-z0-9]+/)) if (seg && PLACEHOLDER_SEGMENTS.has(seg)) return true;
  return false;
}

/** Values that are references to where a secret lives, not the secret itself. */
function isReference(v: string): boolean {
  const c = v.charCodeAt(0);
  if (c === 47 || c === 126 || (c === 46 && (v.startsWith('./') || v.startsWith('../')))) return true; // / ~ ./ ../
  if (v.charCodeAt(1) === 58 && v.charCodeAt(2) === 92) return true; // C:\
  if (v.includes('://') && /^[a-z][a-z0-9+.-]{1,15}:\/\//i.test(v)) return true; // URLs have their own rule
  if (v.includes(':') && /^(?:arn|vault|op|sm|ssm|gcpsm|azkv|k8s|secretref|ref|file|env):/i.test(v)) return true;
  if (v.includes('.') || v.includes('[')) {
    if (/^(?:process\.env|os\.environ|env\.|secrets\.|vars\.|ENV\[|getenv)/.test(v)) return true;
    // Expressions naming where the value comes from: `var.client_secret`, `data.aws_secret.db.secret_string`.
    if (/^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+$/.test(v) && (v.includes('_') || /(?:\.[a-z_][a-z0-9_]*){2}/.test(v))) return true;
  }
  return false;
}

/** Lowercase words joined by separators, with at most short digit/alnum tags: `orders-db-v2`, `prod_api`. */
function isWordy(v: string): boolean {
  // Segments split on - _ . or space; each must be a word (lower, Capitalised, ACRONYM), a ≤3-char tag
  // such as v2 / eu1, or a ≤4-digit number.
  let start = 0;
  for (let i = 0; i <= v.length; i++) {
    const c = i < v.length ? v.charCodeAt(i) : 45;
    if (c === 45 || c === 95 || c === 46 || c === 32) {
      if (i === start || !wordySegment(v, start, i)) return false;
      start = i + 1;
    } else if (!isAlnum(c)) {
      return false;
    }
  }
  return true;
}

function wordySegment(v: string, s: number, e: number): boolean {
  const len = e - s;
  if (len <= 3) return true;
  let upper = 0;
  let lower = 0;
  let digit = 0;
  for (let i = s; i < e; i++) {
    const c = v.charCodeAt(i);
    if (isUpper(c)) upper++;
    else if (isLower(c)) lower++;
    else digit++;
  }
  if (digit === len) return len <= 4;
  if (digit > 0) return false;
  if (upper === len || lower === len) return true;
  return upper === 1 && isUpper(v.charCodeAt(s)); // Capitalised
}

/** `TestTokenRefresh`, `someValue`, `rotated`: letters where every capital starts a lowercase run. */
function isCamelWords(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    if (isUpper(v.charCodeAt(i)) && !isLower(v.charCodeAt(i + 1))) return false;
  }
  return true;
}

/** Numbers, versions, dates, times, durations, addresses: digits with punctuation and no letters to speak of. */
function isNumberish(v: string): boolean {
  return /^[0-9][0-9.,:/+-]*(?:[a-zA-Z]{0,3})$/.test(v) && !/[a-zA-Z]{4}/.test(v);
}

export function looksLikeSecret(value: string, strength: Strength): boolean {
  const v = value;
  const n = v.length;
  // Cheapest checks first: this runs for every value next to a secret-named key.
  if (n < (strength === 'password' ? 6 : 8)) return false;
  if (isPlaceholder(v) || isReference(v)) return false;
  if (/\s/.test(v)) {
    // Values with inner spaces are prose ("see the runbook"), except long passphrases.
    if (strength !== 'password' || n < 20) return false;
  }
  if (v.includes('@') && /^[^@\s]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(v)) return false; // an email address
  const cls = charClasses(v);
  if (strength === 'password') {
    if (isNumberish(v)) return /^\d{8,}$/.test(v);
    if (isWordy(v) && n < 16) return false;
    // Letters only: words and CamelCase identifiers (`TestTokenRefresh`) are not passwords.
    if (!cls.digit && !cls.other && (n < 12 || isCamelWords(v))) return false;
    return true;
  }
  if (isNumberish(v)) return false;
  const classes = (cls.lower ? 1 : 0) + (cls.upper ? 1 : 0) + (cls.digit ? 1 : 0);
  if (classes < 2) {
    // One letter case plus digits counts as two; a single class is only credible as long hex.
    if (!(cls.digit && n >= 16 && /^[0-9a-f]+$/i.test(v))) return false;
  }
  if (n < 12 && classes < 3 && !cls.other) return false;
  if (!hasDistinct(v, Math.min(8, Math.ceil(n / 3)))) return false;
  if (isWordy(v)) {
    // Machine tokens made only of letters exist (mixed case, long, no separators).
    if (!(n >= 20 && cls.upper && cls.lower && !/[-_. ]/.test(v) && entropy(v) >= 3.5)) return false;
  }
  if (entropy(v) < Math.min(3.0, Math.log2(n) * 0.75)) return false;
  return true;
}
