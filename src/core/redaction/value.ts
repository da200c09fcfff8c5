// Does a value sitting next to a secret-named key look like a real secret?
// Two strengths: `password` accepts human-chosen values (short, symbols, words with digits);
// `token` expects machine-generated values (longer, mixed classes, high entropy).
import { isDigit, isLower, isUpper } from './text.js';

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

const TEMPLATE_WORD = /your|here|replace|insert|placeholder|change|example|sample|dummy|redacted|masked|xxx|todo|tbd|fixme|goes|put/;
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
  // Template words only make sense in short values, and the split runs only when one occurs at all.
  if (n <= 64 && TEMPLATE_WORD.test(lower)) {
    for (const seg of lower.split(/[^a-z0-9]+/)) if (seg && PLACEHOLDER_SEGMENTS.has(seg)) return true;
  }
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

/** `TestTokenRefresh`, `someValue`, `rotated`: letters where every capital starts a lowercase run. */
function isCamelWords(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    if (isUpper(v.charCodeAt(i)) && !isLower(v.charCodeAt(i + 1))) return false;
  }
  return true;
}

/** Numbers, versions, dates, times, durations, percentages, addresses: digits with punctuation, few letters. */
function isNumberish(v: string): boolean {
  return /^[0-9][0-9.,:/+%-]*(?:[a-zA-Z]{0,3})$/.test(v) && !/[a-zA-Z]{4}/.test(v);
}

interface ValueProfile {
  lower: boolean;
  upper: boolean;
  digit: boolean;
  /** Any character other than a letter or digit. */
  other: boolean;
  /** Words joined by - _ . or space, with at most short tags (`orders-db-v2`); see wordySegment. */
  wordy: boolean;
  distinct: number;
  /** Shannon entropy in bits per character. */
  entropy: number;
}

const counts = new Int32Array(128);
const touched = new Int32Array(128);
const PROFILE_MAX = 512;
/** k·log2(k), so entropy needs no logarithm per character: H = log2(n) − Σ k·log2(k) / n. */
const KLOGK = new Float64Array(PROFILE_MAX + 1);
for (let k = 1; k <= PROFILE_MAX; k++) KLOGK[k] = k * Math.log2(k);
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
const SEP = 4; // - _ . space: word separators
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  CLASS[c] = isLower(c) ? LOWER : isUpper(c) ? UPPER : isDigit(c) ? DIGIT : c === 45 || c === 95 || c === 46 || c === 32 ? SEP : 0;
}

/** Everything the shape checks need, in one pass over (the first 512 characters of) the value. */
function profile(v: string): ValueProfile {
  let lower = false;
  let upper = false;
  let digit = false;
  let other = false;
  let wordy = true;
  let segLen = 0;
  let segUpper = 0;
  let segLower = 0;
  let segDigit = 0;
  let firstUpper = false;
  let nTouched = 0;
  let nonAscii = 0;
  // The first 512 characters decide the shape; a value is never judged by what follows them.
  const len = Math.min(v.length, PROFILE_MAX);
  const n = len;
  for (let i = 0; i < len; i++) {
    const c = v.charCodeAt(i);
    const k = c < 128 ? CLASS[c]! : 0;
    if (i < n) {
      if (c < 128) {
        if (counts[c] === 0) touched[nTouched++] = c;
        counts[c]!++;
      } else nonAscii++;
    }
    if (k === LOWER) {
      lower = true;
      segLower++;
    } else if (k === UPPER) {
      upper = true;
      if (segLen === 0) firstUpper = true;
      segUpper++;
    } else if (k === DIGIT) {
      digit = true;
      segDigit++;
    } else {
      other = true;
      if (k === SEP) {
        if (segLen === 0 || !wordySegment(segLen, segUpper, segLower, segDigit, firstUpper)) wordy = false;
        segLen = segUpper = segLower = segDigit = 0;
        firstUpper = false;
        continue;
      }
      wordy = false;
    }
    segLen++;
  }
  if (segLen === 0 || !wordySegment(segLen, segUpper, segLower, segDigit, firstUpper)) wordy = false;
  let sum = 0;
  for (let t = 0; t < nTouched; t++) {
    const c = touched[t]!;
    sum += KLOGK[counts[c]!]!;
    counts[c] = 0;
  }
  sum += KLOGK[nonAscii]!;
  const entropy = n > 0 ? Math.log2(n) - sum / n : 0;
  return { lower, upper, digit, other, wordy, distinct: nTouched + (nonAscii > 0 ? 1 : 0), entropy };
}

/** A word (lower, ACRONYM or Capitalised), a ≤3-character tag such as v2 / eu1, or a ≤4-digit number. */
function wordySegment(len: number, upper: number, lower: number, digit: number, firstUpper: boolean): boolean {
  if (len <= 3) return true;
  if (digit === len) return len <= 4;
  if (digit > 0) return false;
  if (upper === len || lower === len) return true;
  return upper === 1 && firstUpper;
}

export function looksLikeSecret(value: string, strength: Strength): boolean {
  const v = value;
  const n = v.length;
  // Cheapest checks first: this runs for every value next to a secret-named key.
  if (n < (strength === 'password' ? 6 : 8)) return false;
  if (isPlaceholder(v) || isReference(v)) return false;
  const p = profile(v);
  if (p.other && /\s/.test(v)) {
    // Values with inner spaces are prose ("see the runbook"), except long passphrases.
    if (strength !== 'password' || n < 20) return false;
  }
  if (p.other && v.includes('@') && /^[^@\s]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(v)) return false; // an email address
  const numberish = !p.lower && !p.upper ? isNumberish(v) : p.digit && isNumberish(v);
  if (strength === 'password') {
    if (numberish) return /^\d{8,}$/.test(v);
    if (p.wordy && n < 16) return false;
    // Letters only: words and CamelCase identifiers (`TestTokenRefresh`) are not passwords.
    if (!p.digit && !p.other && (n < 12 || isCamelWords(v))) return false;
    return true;
  }
  if (numberish) return false;
  const classes = (p.lower ? 1 : 0) + (p.upper ? 1 : 0) + (p.digit ? 1 : 0);
  if (classes < 2) {
    // One letter case plus digits counts as two; a single class is only credible as long hex.
    if (!(p.digit && n >= 16 && /^[0-9a-f]+$/i.test(v))) return false;
  }
  if (n < 12 && classes < 3 && !p.other) return false;
  if (p.distinct < Math.min(8, Math.ceil(n / 3))) return false;
  if (p.wordy) {
    // Machine tokens made only of letters exist (mixed case, long, no separators).
    if (!(n >= 20 && p.upper && p.lower && !p.other && p.entropy >= 3.5)) return false;
  }
  if (p.entropy < Math.min(3.0, Math.log2(Math.min(n, 512)) * 0.75)) return false;
  return true;
}
