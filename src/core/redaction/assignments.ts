// `key=value`, `key: value`, JSON `"key": "value"`, `.env` lines, `--flag value`, XML `<key>value</key>`,
// k8s/ECS `name: X` + `value: Y` pairs, and the Authorization / Cookie headers.
// Scanning starts only where a secret word stem occurs; the key around it is read with bounded loops
// and scanning resumes after whatever was consumed, so each character is visited a bounded number of times.
import { classifyWords, keyWords, type KeyClass } from './keys.js';
import { base64Decode, bytesToAscii, charAt, isAlnum, isAlpha, isKeyChar, isPrintableAscii, isSpaceOrTab,
  isWhitespace, runEnd, runStart } from './text.js';
import type { LiteralHandler } from './literals.js';
import type { Candidate } from './tokens.js';
import { isPlaceholder, looksLikeSecretAt } from './value.js';

const MAX_KEY = 80;
const MAX_VALUE = 4096;

interface ValueSpan {
  start: number;
  end: number;
  /** Where scanning may resume. */
  next: number;
}

/** Characters that end a bare value: whitespace " ' ` , ; & | < > ) ] } \ */
const TERMINATOR = new Uint8Array(128);
for (const ch of ' \t\n\r\f\v"\'`,;&|<>)]}\\') TERMINATOR[ch.charCodeAt(0)] = 1;
const KEY_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) KEY_CHAR[c] = isKeyChar(c) ? 1 : 0;

function skipSpaces(text: string, i: number, max: number): number {
  return runEnd(text, i, isSpaceOrTab, max);
}

/** Reads a quoted, escaped-quoted (`\"…\"` inside a JSON string) or bare value starting at `pos`. */
export function readValue(text: string, pos: number, xml = false): ValueSpan | null {
  const i = skipSpaces(text, pos, 16);
  if (i >= text.length) return null;
  const c = text.charCodeAt(i);
  if (c === 10 || c === 13) return null;
  const limit = Math.min(text.length, i + MAX_VALUE);
  if (xml) {
    let j = i;
    while (j < limit && text.charCodeAt(j) !== 60 && text.charCodeAt(j) !== 10) j++;
    return { start: i, end: j, next: j };
  }
  if (c === 34 || c === 39 || c === 96) {
    let j = i + 1;
    while (j < limit) {
      const d = text.charCodeAt(j);
      if (d === c || d === 10) break;
      j += d === 92 ? 2 : 1;
    }
    if (j < limit && text.charCodeAt(j) === c) return { start: i + 1, end: j, next: j + 1 };
    return bare(text, i + 1, limit);
  }
  if (c === 92 && charAt(text, i + 1) === 34) {
    let j = i + 2;
    while (j < limit) {
      const d = text.charCodeAt(j);
      if (d === 10 || (d === 92 && charAt(text, j + 1) === 34)) break;
      j += d === 92 ? 2 : 1;
    }
    return { start: i + 2, end: Math.min(j, limit), next: Math.min(j + 2, limit) };
  }
  return bare(text, i, limit);
}

function bare(text: string, i: number, limit: number): ValueSpan {
  let j = i;
  for (; j < limit; j++) {
    const c = text.charCodeAt(j);
    if (c < 128 && TERMINATOR[c] === 1) break;
  }
  let end = j;
  // Sentence punctuation after a value is not part of it.
  while (end > i && ':.'.includes(text[end - 1]!)) end--;
  return { start: i, end, next: j };
}

/** Position just after an assignment operator following a key, or -1. */
function readSeparator(text: string, pos: number, xml: boolean): number {
  const i = skipSpaces(text, pos, 8);
  const c = charAt(text, i);
  const n = charAt(text, i + 1);
  if (c === 61) {
    if (n === 61) return -1; // ==
    return n === 62 ? i + 2 : i + 1; // => or =
  }
  if (c === 58) {
    if (n === 47 || n === 58) return -1; // :// or ::
    return n === 61 ? i + 2 : i + 1; // := or :
  }
  if (c === 62 && xml) return i + 1;
  return -1;
}

/** After the key: a closing quote, `]` of `env["KEY"]`, and a hint such as aws-cli's `[None]`. */
function afterKey(text: string, ke: number): number {
  let i = ke;
  const c = charAt(text, i);
  if (c === 34 || c === 39) i++;
  else if (c === 92 && charAt(text, i + 1) === 34) i += 2;
  if (charAt(text, i) === 93) i++;
  const s = skipSpaces(text, i, 4);
  const o = charAt(text, s);
  if (o === 91 || o === 40) {
    const close = o === 91 ? 93 : 41;
    const j = runEnd(text, s + 1, (d) => d !== close && d !== 10, 48);
    if (charAt(text, j) === close) return j + 1;
  }
  return i;
}

/** Up to `max` plain words before `ks`, for prose keys such as "AWS Secret Access Key" or "staging api key". */
function precedingWords(text: string, ks: number, max: number): string[] {
  const words: string[] = [];
  let j = ks;
  while (words.length < max) {
    const sp = runStart(text, j, isSpaceOrTab, 2);
    if (sp === j || sp === 0) break;
    const ws = runStart(text, sp, isAlpha, 25);
    if (ws === sp || sp - ws > 24 || isKeyChar(charAt(text, ws - 1))) {
      if (ws !== sp && sp - ws <= 24) words.unshift(text.slice(ws, sp).toLowerCase());
      break;
    }
    words.unshift(text.slice(ws, sp).toLowerCase());
    j = ws;
  }
  return words;
}

const NAME_KEYS = new Set(['name', 'key', 'parameterkey', 'envname', 'variable', 'varname', 'setting', 'secretname']);
const VALUE_KEY = /(?<![A-Za-z0-9_])["']?(?:value|Value|VALUE|ParameterValue|parameterValue)["']?\s{0,4}[:=]/;
const NAME_KEY = /(?<![A-Za-z0-9_])["']?(?:name|Name|NAME|ParameterKey|key|Key)["']?\s{0,4}[:=]/;

/** Is the identifier at [ks, ke) the value of a `name:` / `"Name":` / `key=` entry? */
function isNameEntry(text: string, ks: number): boolean {
  let i = ks;
  const q = charAt(text, i - 1);
  if (q === 34 || q === 39) i--;
  i = runStart(text, i, isSpaceOrTab, 8);
  const sep = charAt(text, i - 1);
  if (sep !== 58 && sep !== 61) return false;
  i = runStart(text, i - 1, isSpaceOrTab, 8);
  const q2 = charAt(text, i - 1);
  if (q2 === 34 || q2 === 39) i--;
  const s = runStart(text, i, isKeyChar, 24);
  return NAME_KEYS.has(text.slice(s, i).replace(/[-_.]/g, '').toLowerCase());
}

/** The `value` that belongs to a `name` entry, looked for in the next few lines only. */
function pairedValue(text: string, from: number): ValueSpan | null {
  const window = text.slice(from, Math.min(text.length, from + 240));
  const v = VALUE_KEY.exec(window);
  if (!v) return null;
  const n = NAME_KEY.exec(window);
  if (n && n.index < v.index) return null;
  return readValue(text, from + v.index + v[0].length);
}

const VALUE_FLAG = /(?:^|[ \t])--?(?:value|body|secret-string|secret-value|string-value)(?:=|[ \t]+)/;

/** A `--value` / `--body` / `--secret-string` flag later on the same command line. */
function valueFlagAhead(text: string, from: number): ValueSpan | null {
  const end = runEnd(text, from, (c) => c !== 10 && c !== 13 && c !== 124 && c !== 59, 240);
  const m = VALUE_FLAG.exec(text.slice(from, end));
  return m ? readValue(text, from + m.index + m[0].length) : null;
}

const SKIP_SCHEMES = new Set(['digest', 'negotiate', 'ntlm', 'aws4-hmac-sha256', 'hmac', 'signature', 'hawk', 'oauth',
  'mutual', 'vapid']);
const isCredChar = (c: number): boolean => isAlnum(c) || c === 46 || c === 95 || c === 126 || c === 43 || c === 47 ||
  c === 61 || c === 45;

/** Value of an Authorization header: `Bearer x`, `Basic x`, `token x`, `Bot x`, `SSWS x` or a bare key. */
function authorizationValue(text: string, pos: number, out: Candidate[]): number {
  let i = skipSpaces(text, pos, 16);
  const q = charAt(text, i);
  if (q === 34 || q === 39) i++;
  else if (q === 92 && charAt(text, i + 1) === 34) i += 2;
  const schemeEnd = runEnd(text, i, (c) => isAlnum(c) || c === 45, 32);
  let credStart = i;
  let kind = 'token';
  if (schemeEnd > i && isSpaceOrTab(charAt(text, schemeEnd))) {
    const scheme = text.slice(i, schemeEnd).toLowerCase();
    if (SKIP_SCHEMES.has(scheme)) return schemeEnd;
    credStart = skipSpaces(text, schemeEnd, 8);
    if (scheme === 'basic') kind = 'basic-auth';
    else if (scheme === 'bearer') kind = 'bearer-token';
  }
  if (text.startsWith('token=', credStart)) credStart += 6; // PagerDuty: `Token token=…`
  const credEnd = runEnd(text, credStart, isCredChar, 16384);
  if (credEnd - credStart >= 8 && looksLikeSecretAt(text, credStart, credEnd, 'password')) {
    out.push({ start: credStart, end: credEnd, kind, rule: 'authorization-header', priority: 2 });
  }
  return credEnd;
}

const SESSIONISH = /sess|sid|auth|token|remember|login|jwt|csrf|xsrf/i;

/** `Cookie: a=1; session=…` (every pair) or `Set-Cookie: session=…; Path=/` (the first pair). */
function cookieValue(text: string, pos: number, setCookie: boolean, out: Candidate[]): number {
  let i = skipSpaces(text, pos, 16);
  const q = charAt(text, i);
  if (q === 34 || q === 39) i++;
  const limit = Math.min(text.length, i + 8192);
  while (i < limit) {
    const nameEnd = runEnd(text, i, (c) => c !== 61 && c !== 59 && !isWhitespace(c) && c !== 34 && c !== 39, 256);
    if (charAt(text, nameEnd) !== 61) return nameEnd;
    const name = text.slice(i, nameEnd);
    let vs = nameEnd + 1;
    if (charAt(text, vs) === 34) vs++;
    const ve = runEnd(text, vs, (c) => c !== 59 && !isWhitespace(c) && c !== 34 && c !== 39 && c !== 44, 4096);
    if (looksLikeSecretAt(text, vs, ve, 'token') || (SESSIONISH.test(name) && looksLikeSecretAt(text, vs, ve, 'password'))) {
      out.push({ start: vs, end: ve, kind: 'session-cookie', rule: 'cookie-header', priority: 2 });
    }
    if (setCookie) return ve;
    let j = ve;
    if (charAt(text, j) === 34) j++;
    if (charAt(text, j) !== 59) return j;
    i = skipSpaces(text, j + 1, 4);
  }
  return i;
}

function pushValue(text: string, v: ValueSpan, cls: KeyClass, strength: KeyClass['strength'], rule: string,
  out: Candidate[]): void {
  if (v.end > v.start && looksLikeSecretAt(text, v.start, v.end, strength)) {
    out.push({ start: v.start, end: v.end, kind: cls.kind, rule, priority: 1 });
  }
}

interface KeyInfo {
  flag: boolean;
  /** SNAKE_CASE, kebab-case, dotted or camelCase: shaped like an identifier, not a plain word. */
  identLike: boolean;
  bare: string;
  words: string[];
  compact: string;
  cls: KeyClass | null;
}

// Keys repeat endlessly in logs; classifying each distinct key once keeps the scan fast.
const keyCache = new Map<string, KeyInfo>();

function keyInfo(key: string): KeyInfo {
  let info = keyCache.get(key);
  if (!info) {
    const bare = key.replace(/^[-.]+/, '');
    const words = keyWords(bare);
    const identLike = /[-_.]/.test(bare) || /[A-Z]/.test(bare.slice(1));
    info = { flag: key.charCodeAt(0) === 45, identLike, bare, words, compact: words.join(''), cls: classifyWords(words) };
    if (keyCache.size >= 4096) keyCache.clear();
    keyCache.set(key, info);
  }
  return info;
}

function handleKey(text: string, ks: number, ke: number, out: Candidate[]): number {
  const { flag, identLike, bare, words, compact, cls: keyCls } = keyInfo(text.slice(ks, ke));
  const xml = charAt(text, ks - 1) === 60;
  const pos = afterKey(text, ke);
  const sep = readSeparator(text, pos, xml);
  if (compact === 'authorization' || compact === 'proxyauthorization') {
    return sep >= 0 ? authorizationValue(text, sep, out) : ke;
  }
  if ((compact === 'cookie' || compact === 'setcookie') && sep >= 0 && charAt(text, sep - 1) === 58) {
    return cookieValue(text, sep, compact === 'setcookie', out);
  }
  let cls = keyCls;
  if (!cls) {
    if (sep < 0 || !/^[A-Za-z]+$/.test(bare)) return ke;
    const phrase = precedingWords(text, ks, 3);
    if (phrase.length === 0) return ke;
    cls = classifyWords([...phrase, ...words]);
    if (!cls) return ke;
  }
  if (sep >= 0) {
    // `arn:aws:secretsmanager:…:secret:name`, `system:serviceaccount:…`: a name inside a colon-joined
    // identifier, not a `key: value` pair.
    if (charAt(text, ks - 1) === 58 && charAt(text, sep - 1) === 58 && !isWhitespace(charAt(text, sep))) return ke;
    const v = readValue(text, sep, xml);
    if (!v) return ke;
    // XML: the value counts only when the element closes (`<password>x</password>`), not in `<password>@host`.
    if (xml && !text.startsWith(`</${text.slice(ks, ke)}>`, v.end)) return ke;
    pushValue(text, v, cls, cls.strength, 'assignment', out);
    return Math.max(v.next, ke);
  }
  const before = charAt(text, ks - 1);
  if (before === 36 || (before === 123 && charAt(text, ks - 2) === 36) || before === 37) return ke; // $VAR ${VAR} %VAR
  // Env var names in `name:` entries are SNAKE_CASE, kebab, dotted or camelCase, never a plain word.
  if (identLike && isNameEntry(text, ks)) {
    const v = pairedValue(text, ke);
    if (v) {
      pushValue(text, v, cls, cls.strength, 'name-value-pair', out);
      return Math.max(v.next, ke);
    }
    return ke;
  }
  // `az keyvault secret set --name db-password --value x`, `aws ssm put-parameter --name /p/db/password
  // --value x`, `gh secret set API_KEY --body x`: the secret-named thing and its value flag on one command.
  if (identLike || charAt(text, ks - 1) === 47) {
    const v = valueFlagAhead(text, ke);
    if (v) {
      pushValue(text, v, cls, cls.strength, 'name-value-flags', out);
      return Math.max(v.next, ke);
    }
  }
  // Space-separated forms: `--password x`, `aws configure set aws_secret_access_key x`, `.netrc`'s
  // `password x`, redis.conf's `requirepass x`. Plain words need a value that cannot be prose.
  const plainPassword = !flag && cls.strength === 'password' && /^[A-Za-z]+$/.test(bare);
  if ((flag || bare.includes('_') || plainPassword) && isSpaceOrTab(charAt(text, ke))) {
    const i = skipSpaces(text, ke, 8);
    const c = charAt(text, i);
    if (c === 45 || c === 10 || c === 13 || c < 0) return ke;
    const v = readValue(text, i);
    if (!v) return ke;
    const value = text.slice(v.start, v.end);
    // `reason=invalid_password attempts=3`: a value shaped like the next assignment is not this key's value.
    if (/^[A-Za-z_][A-Za-z0-9_.-]*[=:]/.test(value)) return ke;
    if (plainPassword && !/[0-9!@#$%^&*+=?~]/.test(value)) return ke;
    const strength = flag || plainPassword ? cls.strength : 'token';
    pushValue(text, v, cls, strength, flag ? 'cli-flag' : 'assignment', out);
    return Math.max(v.next, ke);
  }
  return ke;
}

const STEMS = ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'cred', 'cookie', 'sess', 'sid', 'bearer', 'pat'];

/** Finds the key around each secret word stem and reads its value. */
export const assignmentHandler: LiteralHandler = {
  literals: STEMS,
  caseInsensitive: true,
  onMatch(text, p, stem, ctx) {
    let ks = p;
    const lo = Math.max(0, p - MAX_KEY - 1);
    while (ks > lo) {
      const c = text.charCodeAt(ks - 1);
      if (c >= 128 || KEY_CHAR[c] === 0) break;
      ks--;
    }
    let ke = p;
    const hi = Math.min(text.length, p + MAX_KEY + 1);
    while (ke < hi) {
      const c = text.charCodeAt(ke);
      if (c >= 128 || KEY_CHAR[c] === 0) break;
      ke++;
    }
    if (ke - ks > MAX_KEY) return ke;
    while (ke > p + stem.length && (text.charCodeAt(ke - 1) === 46 || text.charCodeAt(ke - 1) === 45)) ke--;
    return Math.max(handleKey(text, ks, ke, ctx.out), ke, p + 1);
  },
};

const isB64 = (c: number): boolean => isAlnum(c) || c === 43 || c === 47 || c === 61;

/** `Bearer <token>` outside a recognisable Authorization header (logs, prose, code). */
export const bearerHandler: LiteralHandler = {
  literals: ['bearer'],
  caseInsensitive: true,
  onMatch(text, at, _lit, ctx) {
    if (isAlnum(charAt(text, at - 1))) return at + 1;
    let i = at + 6;
    if (text.startsWith('%20', i)) i += 3;
    else if (isSpaceOrTab(charAt(text, i)) || charAt(text, i) === 43) i = skipSpaces(text, i + 1, 8);
    else return at + 1;
    const end = runEnd(text, i, isCredChar, 16384);
    if (end - i >= 10 && looksLikeSecretAt(text, i, end, 'password')) {
      ctx.out.push({ start: i, end, kind: 'bearer-token', rule: 'bearer', priority: 2 });
    }
    return Math.max(end, at + 1);
  },
};

/** `Basic <base64 of user:password>`, recognised by decoding. */
export const basicHandler: LiteralHandler = {
  literals: ['basic'],
  caseInsensitive: true,
  onMatch(text, at, _lit, ctx) {
    if (isAlnum(charAt(text, at - 1))) return at + 1;
    let i = at + 5;
    if (!isSpaceOrTab(charAt(text, i))) return at + 1;
    i = skipSpaces(text, i, 8);
    const end = runEnd(text, i, isB64, 4096);
    if (end - i < 8 || isKeyChar(charAt(text, end))) return Math.max(end, at + 1);
    const decoded = base64Decode(text.slice(i, end), 3072);
    if (decoded) {
      const s = bytesToAscii(decoded);
      const colon = s.indexOf(':');
      if (isPrintableAscii(s) && colon > 0 && colon < s.length - 1 && !isPlaceholder(s.slice(colon + 1))) {
        ctx.out.push({ start: i, end, kind: 'basic-auth', rule: 'basic', priority: 2 });
      }
    }
    return Math.max(end, at + 1);
  },
};
