// Character classes, bounded scans and base64 helpers shared by the redaction rules.
// Every scan here is a plain loop with an explicit bound, so no rule depends on regex backtracking.

export type Span = readonly [start: number, end: number];

export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isUpper = (c: number): boolean => c >= 65 && c <= 90;
export const isLower = (c: number): boolean => c >= 97 && c <= 122;
export const isAlpha = (c: number): boolean => isUpper(c) || isLower(c);
export const isAlnum = (c: number): boolean => isDigit(c) || isAlpha(c);
export const isHexLower = (c: number): boolean => isDigit(c) || (c >= 97 && c <= 102);
export const isSpaceOrTab = (c: number): boolean => c === 32 || c === 9;
export const isWhitespace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
/** Characters of the standard and URL-safe base64 alphabets, padding included. */
export const isBase64Char = (c: number): boolean => isAlnum(c) || c === 43 || c === 47 || c === 61 || c === 45 || c === 95;
/** Characters that may appear in an identifier-like key (`DB_PASSWORD`, `x-api-key`, `spring.datasource.password`). */
export const isKeyChar = (c: number): boolean => isAlnum(c) || c === 95 || c === 45 || c === 46;

/** Index just past the run of `pred` characters starting at `i`, scanning at most `max` characters. */
export function runEnd(text: string, i: number, pred: (c: number) => boolean, max: number): number {
  const limit = Math.min(text.length, i + max);
  let j = i;
  while (j < limit && pred(text.charCodeAt(j))) j++;
  return j;
}

/** Index of the first character of the run of `pred` characters ending just before `i`, at most `max` back. */
export function runStart(text: string, i: number, pred: (c: number) => boolean, max: number): number {
  const limit = Math.max(0, i - max);
  let j = i;
  while (j > limit && pred(text.charCodeAt(j - 1))) j--;
  return j;
}

export function charAt(text: string, i: number): number {
  return i >= 0 && i < text.length ? text.charCodeAt(i) : -1;
}

const counts = new Int32Array(128);

/** Shannon entropy in bits per character, over the first `max` characters (ASCII counted exactly). */
export function entropy(s: string, max = 512): number {
  const n = Math.min(s.length, max);
  if (n === 0) return 0;
  counts.fill(0);
  let other = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) counts[c]!++;
    else other++;
  }
  let h = 0;
  for (let c = 0; c < 128; c++) {
    const k = counts[c]!;
    if (k > 0) {
      const p = k / n;
      h -= p * Math.log2(p);
    }
  }
  if (other > 0) {
    const p = other / n;
    h -= p * Math.log2(p);
  }
  return h;
}

const seen = new Uint8Array(128);

/** Whether `s` uses at least `k` distinct characters (stops as soon as it does). */
export function hasDistinct(s: string, k: number): boolean {
  if (k <= 1) return s.length > 0 || k <= 0;
  seen.fill(0);
  let d = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) & 127;
    if (seen[c] === 0) {
      seen[c] = 1;
      if (++d >= k) return true;
    }
  }
  return false;
}

export interface CharClasses {
  lower: boolean;
  upper: boolean;
  digit: boolean;
  other: boolean;
}

export function charClasses(s: string): CharClasses {
  const r: CharClasses = { lower: false, upper: false, digit: false, other: false };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isLower(c)) r.lower = true;
    else if (isUpper(c)) r.upper = true;
    else if (isDigit(c)) r.digit = true;
    else r.other = true;
  }
  return r;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

export function base64Encode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + '=';
  }
  return out;
}

export function toBase64Url(b64: string): string {
  let out = '';
  for (const ch of b64) out += ch === '+' ? '-' : ch === '/' ? '_' : ch === '=' ? '' : ch;
  return out;
}

function b64Value(c: number): number {
  if (isUpper(c)) return c - 65;
  if (isLower(c)) return c - 97 + 26;
  if (isDigit(c)) return c - 48 + 52;
  if (c === 43 || c === 45) return 62; // + or -
  if (c === 47 || c === 95) return 63; // / or _
  return -1;
}

/** Decodes standard or URL-safe base64 (padding optional); null when the input is not base64. */
export function base64Decode(s: string, maxBytes = 1 << 20): Uint8Array | null {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 61) end--;
  if (s.length - end > 2) return null;
  const outLen = Math.min(Math.floor((end * 6) / 8), maxBytes);
  const out = new Uint8Array(outLen);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end && o < outLen; i++) {
    const v = b64Value(s.charCodeAt(i));
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Latin-1 view of bytes, for checking decoded ASCII content without a UTF-8 decoder. */
export function bytesToAscii(bytes: Uint8Array, max = bytes.length): string {
  let s = '';
  const n = Math.min(max, bytes.length);
  for (let i = 0; i < n; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

export function isPrintableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 126) return false;
  }
  return true;
}
