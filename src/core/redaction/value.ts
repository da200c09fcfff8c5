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
/** Template syntax (`${`, `{{`, `$(`, `%(`, `#{`) or a masked value (`redacted`, `***`, `…`), in one regex pass. */
const TEMPLATE_OR_MASKED = /\$\{|\{\{|\$\(|%\(|#\{|redacted|\[masked|<masked|\*\*\*|•••|…|\.\.\./i;
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
  if (TEMPLATE_OR_MASKED.test(v)) return true;
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

// The shape checks look at the first 512 characters of a value; a value is never judged by what follows.
// They run for every value next to a secret-named key, so the characters are read in one pass over the
// text the value sits in (reading a sliced copy is markedly slower); the distinct-character count and
// entropy are only computed for token strength, the only one that uses them, and the word structure only
// when a check reaches it.
const PROFILE_MAX = 512;
/** k·log2(k), so entropy needs no logarithm per character: H = log2(n) − Σ k·log2(k) / n. */
const KLOGK = new Float64Array(PROFILE_MAX + 1);
for (let k = 1; k <= PROFILE_MAX; k++) KLOGK[k] = k * Math.log2(k);

const LOWER_BIT = 1;
const UPPER_BIT = 2;
const DIGIT_BIT = 4;
const SEP_BIT = 8; // - _ . space: word separators
const OTHER_BIT = 16; // anything else, non-ASCII included
const CLASS_BITS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  CLASS_BITS[c] = isLower(c) ? LOWER_BIT : isUpper(c) ? UPPER_BIT : isDigit(c) ? DIGIT_BIT
    : c === 45 || c === 95 || c === 46 || c === 32 ? SEP_BIT : OTHER_BIT;
}

/** A word (lower, ACRONYM or Capitalised), a ≤3-character tag such as v2 / eu1, or a ≤4-digit number. */
function wordySegment(len: number, upper: number, lower: number, digit: number, firstUpper: boolean): boolean {
  if (len <= 3) return true;
  if (digit === len) return len <= 4;
  if (digit > 0) return false;
  if (upper === len || lower === len) return true;
  return upper === 1 && firstUpper;
}

/** Words joined by - _ . or space, with at most short tags (`orders-db-v2`); see wordySegment. */
function isWordy(text: string, start: number, len: number, mask: number): boolean {
  if ((mask & OTHER_BIT) !== 0) return false;
  let segLen = 0;
  let segUpper = 0;
  let segLower = 0;
  let segDigit = 0;
  let firstUpper = false;
  const end = start + len;
  for (let i = start; i < end; i++) {
    const k = CLASS_BITS[text.charCodeAt(i)]!; // ASCII only: OTHER_BIT is absent from the mask
    if (k === SEP_BIT) {
      if (segLen === 0 || !wordySegment(segLen, segUpper, segLower, segDigit, firstUpper)) return false;
      segLen = segUpper = segLower = segDigit = 0;
      firstUpper = false;
      continue;
    }
    if (k === LOWER_BIT) segLower++;
    else if (k === UPPER_BIT) {
      if (segLen === 0) firstUpper = true;
      segUpper++;
    } else segDigit++;
    segLen++;
    // A segment longer than 3 that mixes digits and letters, has more than 4 digits, or mixes cases other
    // than as one Capitalised word can no longer pass wordySegment, whatever follows.
    if (segLen > 3 && (segDigit > 4 || (segDigit > 0 && segDigit < segLen) ||
      (segLower > 0 && segUpper > 0 && !(segUpper === 1 && firstUpper)))) return false;
  }
  return segLen !== 0 && wordySegment(segLen, segUpper, segLower, segDigit, firstUpper);
}

const counts = new Int32Array(128);
const touched = new Int32Array(128);

// Results of the last profile() call (module state, so the hot path allocates nothing).
/** Union of the class bits of the characters. */
let pMask = 0;
/** Distinct characters (all non-ASCII counted as one); only when counted. */
let pDistinct = 0;
/** Shannon entropy in bits per character; only when counted. */
let pEntropy = 0;

/** Character classes of text[start, start + len), and with `counting` its distinct characters and entropy. */
function profile(text: string, start: number, len: number, counting: boolean): void {
  let mask = 0;
  const end = start + len;
  if (!counting) {
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      mask |= c < 128 ? CLASS_BITS[c]! : OTHER_BIT;
    }
    pMask = mask;
    return;
  }
  let nTouched = 0;
  let nonAscii = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      mask |= CLASS_BITS[c]!;
      if (counts[c] === 0) touched[nTouched++] = c;
      counts[c]!++;
    } else {
      mask |= OTHER_BIT;
      nonAscii++;
    }
  }
  pMask = mask;
  let sum = 0;
  for (let t = 0; t < nTouched; t++) {
    const c = touched[t]!;
    sum += KLOGK[counts[c]!]!;
    counts[c] = 0;
  }
  sum += KLOGK[nonAscii]!;
  pDistinct = nTouched + (nonAscii > 0 ? 1 : 0);
  pEntropy = len > 0 ? Math.log2(len) - sum / len : 0;
}

const EMAIL = /^[^@\s]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;

export function looksLikeSecret(value: string, strength: Strength): boolean {
  return judge(value, value, 0, strength);
}

/** looksLikeSecret(text.slice(start, end)), reading the characters from `text` itself. */
export function looksLikeSecretAt(text: string, start: number, end: number, strength: Strength): boolean {
  if (end - start < (strength === 'password' ? 6 : 8)) return false;
  return judge(text.slice(start, end), text, start, strength);
}

/** `v` is text.slice(start, start + v.length). */
function judge(v: string, text: string, start: number, strength: Strength): boolean {
  const n = v.length;
  // Cheapest checks first: this runs for every value next to a secret-named key.
  if (n < (strength === 'password' ? 6 : 8)) return false;
  if (isPlaceholder(v) || isReference(v)) return false;
  // The first 512 characters decide the shape; a value is never judged by what follows them.
  const len = Math.min(n, PROFILE_MAX);
  profile(text, start, len, strength === 'token');
  const mask = pMask;
  const lower = (mask & LOWER_BIT) !== 0;
  const upper = (mask & UPPER_BIT) !== 0;
  const digit = (mask & DIGIT_BIT) !== 0;
  const other = (mask & (SEP_BIT | OTHER_BIT)) !== 0;
  if (other && /\s/.test(v)) {
    // Values with inner spaces are prose ("see the runbook"), except long passphrases.
    if (strength !== 'password' || n < 20) return false;
  }
  if (other && v.includes('@') && EMAIL.test(v)) return false; // an email address
  const numberish = !lower && !upper ? isNumberish(v) : digit && isNumberish(v);
  if (strength === 'password') {
    if (numberish) return /^\d{8,}$/.test(v);
    if (n < 16 && isWordy(text, start, len, mask)) return false;
    // Letters only: words and CamelCase identifiers (`TestTokenRefresh`) are not passwords.
    if (!digit && !other && (n < 12 || isCamelWords(v))) return false;
    return true;
  }
  if (numberish) return false;
  const classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0);
  if (classes < 2) {
    // One letter case plus digits counts as two; a single class is only credible as long hex.
    if (!(digit && n >= 16 && /^[0-9a-f]+$/i.test(v))) return false;
  }
  if (n < 12 && classes < 3 && !other) return false;
  if (pDistinct < Math.min(8, Math.ceil(n / 3))) return false;
  if (isWordy(text, start, len, mask)) {
    // Machine tokens made only of letters exist (mixed case, long, no separators).
    if (!(n >= 20 && upper && lower && !other && pEntropy >= 3.5)) return false;
  }
  if (pEntropy < Math.min(3.0, Math.log2(Math.min(n, 512)) * 0.75)) return false;
  return true;
}
