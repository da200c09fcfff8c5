// Secrets recognised by the structure around them: credentials in URLs and connection strings,
// PEM / OpenSSH / PGP / PuTTY private key blocks (multi-line), and password flags of well-known CLIs.
import { charAt, isAlnum, isBase64Char, isDigit, isSpaceOrTab, isWhitespace, runEnd, runStart } from './text.js';
import type { LiteralHandler } from './literals.js';
import type { Candidate } from './tokens.js';
import { isPlaceholder, looksLikeSecret } from './value.js';

// ---- credentials in URLs ------------------------------------------------------------------------

/** Schemes whose passwords are pasted raw often enough that `/` inside them must not end the userinfo. */
const DB_SCHEMES = new Set(['postgres', 'postgresql', 'mysql', 'mysqlx', 'mariadb', 'mongodb', 'mongodb+srv', 'redis',
  'rediss', 'amqp', 'amqps', 'mssql', 'sqlserver', 'oracle', 'cockroachdb', 'clickhouse', 'nats', 'memcached']);

const isSchemeChar = (c: number): boolean => isAlnum(c) || c === 43 || c === 46 || c === 45;

function isUserinfoStop(c: number, allowSlash: boolean): boolean {
  return isWhitespace(c) || c === 34 || c === 39 || c === 60 || c === 62 || c === 96 || c === 63 || c === 35 ||
    c === 92 || c === 124 || c === 44 || (!allowSlash && c === 47);
}

/** `scheme://user:password@host` → the password; `https://<token>@host` → the token (Sentry DSNs, git remotes). */
export const urlCredentialsHandler: LiteralHandler = {
  literals: ['://'],
  onMatch(text, p, _lit, ctx) {
    const ss = runStart(text, p, isSchemeChar, 32);
    const scheme = text.slice(ss, p).toLowerCase();
    if (scheme.length === 0 || p - ss >= 32) return p + 3;
    const allowSlash = DB_SCHEMES.has(scheme);
    const start = p + 3;
    const limit = Math.min(text.length, start + 1024);
    let at = -1;
    let slash = -1;
    for (let j = start; j < limit; j++) {
      const c = text.charCodeAt(j);
      if (isUserinfoStop(c, allowSlash)) break;
      if (c === 64) at = j;
      if (c === 47 && slash < 0) slash = j;
    }
    // With raw `/` allowed, an `@` after the path began belongs to the path, not the userinfo.
    if (at > 0 && slash >= 0 && slash < at && !text.slice(start, slash).includes(':')) at = -1;
    if (at <= start) return p + 3;
    const userinfo = text.slice(start, at);
    const colon = userinfo.indexOf(':');
    if (colon >= 0) {
      const pw = userinfo.slice(colon + 1);
      if (pw.length >= 3 && !isPlaceholder(pw) && !/^\d{1,5}$/.test(pw)) {
        ctx.out.push({ start: start + colon + 1, end: at, kind: 'password', rule: 'url-credentials', priority: 2 });
      }
    } else if (userinfo.length >= 16 && looksLikeSecret(userinfo, 'token')) {
      const host = text.slice(at + 1, runEnd(text, at + 1, (c) => isAlnum(c) || c === 46 || c === 45, 256));
      const kind = host.includes('sentry') ? 'sentry-dsn' : 'url-token';
      ctx.out.push({ start, end: at, kind, rule: 'url-credentials', priority: 2 });
    }
    return at + 1;
  },
};

// ---- private key blocks -------------------------------------------------------------------------

const PEM_LABEL = /^[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?$/;
const isPemBodyChar = (c: number): boolean => isBase64Char(c) || isWhitespace(c) || c === 92 || c === 58 || c === 44;

function pemKind(label: string): string {
  if (label.startsWith('OPENSSH')) return 'openssh-private-key';
  if (label.startsWith('PGP')) return 'pgp-private-key';
  return 'private-key';
}

/** Trims whitespace and literal `\n` / `\r` escapes (keys inside JSON strings) from both ends of a body. */
function trimBody(text: string, s: number, e: number): [number, number] {
  for (;;) {
    if (s < e && isWhitespace(text.charCodeAt(s))) s++;
    else if (s + 1 < e && text.charCodeAt(s) === 92 && (text[s + 1] === 'n' || text[s + 1] === 'r')) s += 2;
    else break;
  }
  for (;;) {
    if (e > s && isWhitespace(text.charCodeAt(e - 1))) e--;
    else if (e - 1 > s && text.charCodeAt(e - 2) === 92 && (text[e - 1] === 'n' || text[e - 1] === 'r')) e -= 2;
    else break;
  }
  return [s, e];
}

/**
 * `-----BEGIN … PRIVATE KEY-----` … `-----END …-----`: the body is redacted, the armour lines stay so
 * the reader still sees what was pasted. A block without its END line (a truncated paste) is redacted
 * up to the end of its base64 lines.
 */
export const pemHandler: LiteralHandler = {
  literals: ['-----BEGIN '],
  onMatch(text, p, _lit, ctx) {
    const labelStart = p + 11;
    const labelEnd = text.indexOf('-----', labelStart);
    if (labelEnd < 0 || labelEnd - labelStart > 50) return labelStart;
    const label = text.slice(labelStart, labelEnd);
    if (!PEM_LABEL.test(label)) return labelStart;
    const headerEnd = labelEnd + 5;
    // Memoised position of the next "-----END ": many BEGINs without an END must not rescan the text.
    let nextEnd = ctx.pemEnd;
    if (nextEnd !== -1 && nextEnd < headerEnd) {
      nextEnd = text.indexOf('-----END ', headerEnd);
      ctx.pemEnd = nextEnd;
    }
    const bodyEnd = nextEnd >= 0 && nextEnd - headerEnd <= 1 << 20 ? nextEnd : truncatedBodyEnd(text, headerEnd);
    const [s, e] = trimBody(text, headerEnd, bodyEnd);
    if (e - s >= 16) ctx.out.push({ start: s, end: e, kind: pemKind(label), rule: 'pem-block', priority: 3 });
    return Math.max(bodyEnd, labelStart);
  },
};

function truncatedBodyEnd(text: string, from: number): number {
  const limit = Math.min(text.length, from + 65536);
  let j = from;
  let newlines = 0;
  while (j < limit) {
    const c = text.charCodeAt(j);
    if (!isPemBodyChar(c)) break;
    if (c === 10) {
      newlines++;
      if (newlines >= 2) break; // a blank line ends the paste
    } else if (!isWhitespace(c)) newlines = 0;
    j++;
  }
  return j;
}

/** PuTTY `.ppk`: `Private-Lines: N` followed by N base64 lines. */
export const puttyHandler: LiteralHandler = {
  literals: ['Private-Lines:'],
  onMatch(text, p, _lit, ctx) {
    const ns = runEnd(text, p + 14, isSpaceOrTab, 4);
    const ne = runEnd(text, ns, isDigit, 3);
    const lines = Number(text.slice(ns, ne));
    let j = runEnd(text, ne, (c) => c === 13 || c === 10, 2);
    const start = j;
    for (let k = 0; k < lines && j < text.length; k++) {
      j = runEnd(text, j, isBase64Char, 256);
      j = runEnd(text, j, (c) => c === 13 || c === 10, 2);
    }
    if (j - start >= 16) {
      const [s, e] = trimBody(text, start, j);
      ctx.out.push({ start: s, end: e, kind: 'putty-private-key', rule: 'putty-key', priority: 3 });
    }
    return Math.max(j, p + 14);
  },
};

// ---- password flags of well-known CLIs ----------------------------------------------------------

type FlagMode = 'attached' | 'separate' | 'both';
interface ToolFlags {
  flags: ReadonlyArray<readonly [flag: string, mode: FlagMode]>;
  /** The value is `user:password` (curl) or `user%password` (smbclient). */
  split?: string;
  /** Only after this sub-command (`docker login`). */
  sub?: string;
}

const MYSQL: ToolFlags = { flags: [['-p', 'attached']] };
const LOGIN: ToolFlags = { flags: [['-p', 'both']], sub: 'login' };
const TOOLS = new Map<string, ToolFlags>([
  ['mysql', MYSQL], ['mysqldump', MYSQL], ['mysqladmin', MYSQL], ['mysqlimport', MYSQL], ['mysqlcheck', MYSQL],
  ['mysqlsh', MYSQL], ['mariadb', MYSQL], ['mariadb-dump', MYSQL], ['mariadb-admin', MYSQL],
  ['sshpass', { flags: [['-p', 'both']] }],
  ['redis-cli', { flags: [['-a', 'both']] }],
  ['docker', LOGIN], ['podman', LOGIN], ['nerdctl', LOGIN], ['helm', LOGIN], ['oras', LOGIN], ['skopeo', LOGIN],
  ['buildah', LOGIN], ['crane', LOGIN],
  ['curl', { flags: [['-u', 'both'], ['--user', 'separate'], ['-U', 'separate'], ['--proxy-user', 'separate']], split: ':' }],
  ['sqlcmd', { flags: [['-P', 'both']] }], ['bcp', { flags: [['-P', 'both']] }],
  ['ldapsearch', { flags: [['-w', 'separate']] }], ['ldapmodify', { flags: [['-w', 'separate']] }],
  ['ldapadd', { flags: [['-w', 'separate']] }], ['ldapdelete', { flags: [['-w', 'separate']] }],
  ['ldapwhoami', { flags: [['-w', 'separate']] }],
  ['mongo', { flags: [['-p', 'separate']] }], ['mongosh', { flags: [['-p', 'separate']] }],
  ['mongodump', { flags: [['-p', 'separate']] }], ['mongorestore', { flags: [['-p', 'separate']] }],
  ['mongoexport', { flags: [['-p', 'separate']] }], ['mongoimport', { flags: [['-p', 'separate']] }],
  ['smbclient', { flags: [['-U', 'separate']], split: '%' }],
]);

interface Arg {
  start: number;
  end: number;
  /** Start/end without surrounding quotes. */
  vs: number;
  ve: number;
}

/** Splits one shell command (up to `|`, `;`, `&&` or a newline) into words with their offsets. */
function commandArgs(text: string, from: number): { args: Arg[]; end: number } {
  const args: Arg[] = [];
  const limit = Math.min(text.length, from + 2048);
  let i = from;
  while (i < limit) {
    i = runEnd(text, i, isSpaceOrTab, 64);
    if (i >= limit) break;
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 124 || c === 59 || (c === 38 && charAt(text, i + 1) === 38)) break;
    const start = i;
    let vs = i;
    let ve: number;
    if (c === 34 || c === 39) {
      const close = text.indexOf(text[i]!, i + 1);
      const nl = text.indexOf('\n', i + 1);
      if (close < 0 || close > limit || (nl >= 0 && nl < close)) break;
      vs = i + 1;
      ve = close;
      i = close + 1;
    } else {
      while (i < limit && !isWhitespace(text.charCodeAt(i)) && text.charCodeAt(i) !== 124 && text.charCodeAt(i) !== 59) i++;
      ve = i;
    }
    args.push({ start, end: i, vs, ve });
  }
  return { args, end: i };
}

function pushCliValue(text: string, vs: number, ve: number, split: string | undefined, out: Candidate[]): void {
  let s = vs;
  if (split) {
    const k = text.indexOf(split, vs);
    if (k < 0 || k >= ve) return;
    s = k + 1;
  }
  // Strip quotes that wrap only the value of an attached flag: -p'secret'
  let e = ve;
  if (s < e && (text[s] === '"' || text[s] === "'") && text[e - 1] === text[s]) {
    s++;
    e--;
  }
  const v = text.slice(s, e);
  if (v.length < 4 || isPlaceholder(v) || /^\d{1,5}(?::\d{1,5})*(?:\/(?:tcp|udp))?$/.test(v)) return;
  out.push({ start: s, end: e, kind: 'password', rule: 'cli-password', priority: 2 });
}

const isToolBoundary = (c: number): boolean => isAlnum(c) || c === 95 || c === 46 || c === 45;

export const cliPasswordHandler: LiteralHandler = {
  literals: [...TOOLS.keys()],
  onMatch(text, at, name, ctx) {
    const after = at + name.length;
    if (isToolBoundary(charAt(text, at - 1)) || (isToolBoundary(charAt(text, after)) && charAt(text, after) !== 46)) {
      return at;
    }
    const tool = TOOLS.get(name)!;
    const { args, end } = commandArgs(text, after);
    if (tool.sub && !args.some((a) => text.slice(a.vs, a.ve) === tool.sub)) return Math.max(end, after);
    for (let k = 0; k < args.length; k++) {
      const a = args[k]!;
      const word = text.slice(a.vs, a.ve);
      for (const [flag, mode] of tool.flags) {
        if (word === flag && mode !== 'attached') {
          const v = args[k + 1];
          if (v && text.charCodeAt(v.vs) !== 45) pushCliValue(text, v.vs, v.ve, tool.split, ctx.out);
        } else if (word.length > flag.length && word.startsWith(flag) && mode !== 'separate' && !flag.startsWith('--')) {
          pushCliValue(text, a.vs + flag.length, a.ve, tool.split, ctx.out);
        }
      }
    }
    return Math.max(end, after);
  },
};
