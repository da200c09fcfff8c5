// Credential formats with a recognisable literal (prefix, infix or suffix). The shared literal scanner
// finds candidate positions in one pass; each candidate is then checked by its rule with a sticky,
// bounded regex anchored at that position. No rule scans from positions that are not at a literal,
// so cost is linear in the text plus the bounded checks.
import type { LiteralHandler } from './literals.js';
import { base64Decode, bytesToAscii, charAt, hasDistinct, isAlnum, isBase64Char, isDigit, isHexLower,
  runEnd, runStart, type Span } from './text.js';

export interface Candidate {
  start: number;
  end: number;
  kind: string;
  rule: string;
  /** Higher wins when overlapping findings are merged and one kind must be reported. */
  priority: number;
}

export interface TokenRule {
  id: string;
  kind: string;
  triggers: readonly string[];
  /** Span to redact for the trigger found at `at`, or null. */
  match(text: string, at: number, trigger: string): Span | null;
}

interface PrefixOptions {
  /** Redact only what follows the trigger (webhook URLs keep their host readable). */
  afterTrigger?: boolean;
  /** Require a non-alphanumeric character before the trigger (default true). */
  boundary?: boolean;
  validate?: (token: string, body: string) => boolean;
}

/** Random parts of real tokens use many distinct characters; `ghp_xxxx…` is a documentation stand-in. */
function randomEnough(body: string): boolean {
  return body.length < 12 || hasDistinct(body, Math.min(6, Math.floor(body.length / 4)));
}

/**
 * A cheap necessary condition for a body regex that starts with `[class]{m}` or `[class]{m,n}`: its first
 * `m` characters must be in the class. Checked by table before running the regex, which most triggers
 * (common two- and three-letter prefixes) fail. null when the body does not start that way.
 */
interface LeadingRun {
  table: Uint8Array;
  min: number;
}

function leadingRun(body: string): LeadingRun | null {
  const m = /^(\[[^\]\\]+\])\{(\d+)(?:,\d*)?\}/.exec(body);
  if (!m) return null;
  const cls = new RegExp(`^${m[1]!}$`);
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) table[c] = cls.test(String.fromCharCode(c)) ? 1 : 0;
  return { table, min: Number(m[2]) };
}

/** False when the run cannot start at `from`: an ASCII character outside the class within the first `min`. */
function mayStartRun(text: string, from: number, run: LeadingRun): boolean {
  const end = from + run.min;
  if (end > text.length) return false;
  for (let j = from; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c >= 128) return true; // not decided by the table; let the regex judge
    if (run.table[c] === 0) return false;
  }
  return true;
}

function prefixed(id: string, kind: string, triggers: readonly string[], body: string, opts: PrefixOptions = {}): TokenRule {
  const re = new RegExp(body, 'y');
  const run = leadingRun(body);
  const boundary = opts.boundary ?? true;
  return {
    id,
    kind,
    triggers,
    match(text, at, trigger) {
      if (boundary && isAlnum(charAt(text, at - 1))) return null;
      const from = at + trigger.length;
      if (run && !mayStartRun(text, from, run)) return null;
      re.lastIndex = from;
      const m = re.exec(text);
      if (!m) return null;
      const end = from + m[0].length;
      const bodyText = m[0];
      if (!randomEnough(bodyText)) return null;
      if (opts.validate && !opts.validate(text.slice(at, end), bodyText)) return null;
      return opts.afterTrigger ? [from, end] : [at, end];
    },
  };
}

const NOT_ALNUM = '(?![A-Za-z0-9])';
const NOT_TOKEN = '(?![A-Za-z0-9_-])';

function mixedCase(_t: string, body: string): boolean {
  return /[a-z]/.test(body) && /[A-Z]/.test(body);
}
function mixedCaseDigit(_t: string, body: string): boolean {
  return /[a-z]/.test(body) && /[A-Z]/.test(body) && /[0-9]/.test(body);
}

/** `[0-9a-f]{36}NRAL`: New Relic license keys end in a literal. */
const newRelicLicense: TokenRule = {
  id: 'newrelic-license-key',
  kind: 'newrelic-key',
  triggers: ['NRAL'],
  match(text, at) {
    if (isAlnum(charAt(text, at + 4))) return null;
    const start = runStart(text, at, isHexLower, 36);
    if (at - start !== 36 || isAlnum(charAt(text, start - 1))) return null;
    return [start, at + 4];
  },
};

/** `<bot id>:AA<33>`: Telegram bot tokens. */
const telegram: TokenRule = {
  id: 'telegram-bot-token',
  kind: 'telegram-bot-token',
  triggers: [':AA'],
  match(text, at) {
    const start = runStart(text, at, isDigit, 10);
    if (at - start < 8) return null;
    // Bot API URLs put the token right after `/bot`: https://api.telegram.org/bot<token>/sendMessage
    const viaUrl = text.startsWith('/bot', start - 4);
    if (isAlnum(charAt(text, start - 1)) && !viaUrl) return null;
    const end = runEnd(text, at + 3, (c) => isAlnum(c) || c === 95 || c === 45, 40);
    if (end - (at + 3) < 32 || end - (at + 3) > 36) return null;
    return [start, end];
  },
};

/** `<3 chars><digit>Q~<31-34>`: Microsoft Entra (Azure AD) client secrets. */
const azureClientSecret: TokenRule = {
  id: 'azure-client-secret',
  kind: 'azure-client-secret',
  triggers: ['Q~'],
  match(text, at) {
    const cls = (c: number): boolean => isAlnum(c) || c === 95 || c === 126 || c === 46 || c === 45;
    const start = at - 4;
    if (start < 0 || !isDigit(charAt(text, at - 1))) return null;
    for (let i = start; i < at - 1; i++) if (!cls(text.charCodeAt(i))) return null;
    if (cls(charAt(text, start - 1))) return null;
    const end = runEnd(text, at + 2, cls, 40);
    if (end - (at + 2) < 30 || end - (at + 2) > 36) return null;
    return [start, end];
  },
};

/** `<14>.atlasv1.<60-70>`: Terraform Cloud / Enterprise API tokens. */
const terraform: TokenRule = {
  id: 'terraform-cloud-token',
  kind: 'terraform-cloud-token',
  triggers: ['.atlasv1.'],
  match(text, at) {
    const start = runStart(text, at, isAlnum, 14);
    if (at - start !== 14 || isAlnum(charAt(text, start - 1))) return null;
    const end = runEnd(text, at + 9, (c) => isAlnum(c) || c === 95 || c === 45 || c === 61, 80);
    if (end - (at + 9) < 50) return null;
    return [start, end];
  },
};

/** `<32 hex>-us<N>`: Mailchimp API keys carry their data-centre suffix. */
const mailchimp: TokenRule = {
  id: 'mailchimp-api-key',
  kind: 'mailchimp-api-key',
  triggers: ['-us'],
  match(text, at) {
    const start = runStart(text, at, isHexLower, 32);
    if (at - start !== 32 || isAlnum(charAt(text, start - 1))) return null;
    const end = runEnd(text, at + 3, isDigit, 2);
    if (end === at + 3 || isAlnum(charAt(text, end))) return null;
    return [start, end];
  },
};

/** `sig=` of an Azure SAS URL (also Logic Apps / Power Automate workflow URLs). */
const azureSas: TokenRule = {
  id: 'azure-sas-signature',
  kind: 'azure-sas-token',
  triggers: ['sig='],
  match(text, at) {
    const before = charAt(text, at - 1);
    if (before !== 38 && before !== 63 && before !== 59) return null; // & ? ;
    const from = at + 4;
    // standard or URL-safe base64, possibly percent-encoded
    const end = runEnd(text, from, (c) => isAlnum(c) || c === 37 || c === 43 || c === 47 || c === 61 || c === 45 || c === 95, 256);
    if (end - from < 30) return null;
    return [from, end];
  },
};

/** Base64 of a PEM private key (`LS0tLS1CRUdJTi…`), as in kubeconfig `client-key-data` or k8s Secrets. */
const base64Pem: TokenRule = {
  id: 'base64-pem-private-key',
  kind: 'private-key',
  triggers: ['LS0tLS1CRUdJTi'],
  match(text, at) {
    if (isBase64Char(charAt(text, at - 1))) return null;
    const end = runEnd(text, at, (c) => isBase64Char(c), 65536);
    const head = base64Decode(text.slice(at, Math.min(end, at + 80)).replace(/=+$/, ''), 60);
    if (!head || !bytesToAscii(head).includes('PRIVATE KEY')) return null;
    return [at, end];
  },
};

/**
 * Twilio Account SID (`AC` + 32 hex, an identifier) followed closely by a 32-hex auth token, as in
 * `Client("AC…", "<token>")` or `AC…:<token>`: the SID and its token travel together.
 */
const twilioPair: TokenRule = {
  id: 'twilio-sid-token-pair',
  kind: 'twilio-auth-token',
  triggers: ['AC'],
  match(text, at) {
    if (isAlnum(charAt(text, at - 1))) return null;
    const sidEnd = runEnd(text, at + 2, isHexLower, 33);
    if (sidEnd - (at + 2) !== 32) return null;
    const tokStart = runEnd(text, sidEnd, (c) => c === 32 || c === 34 || c === 39 || c === 44 || c === 58 || c === 47 || c === 61, 8);
    if (tokStart === sidEnd) return null;
    const tokEnd = runEnd(text, tokStart, isHexLower, 33);
    if (tokEnd - tokStart !== 32 || isAlnum(charAt(text, tokEnd))) return null;
    return [tokStart, tokEnd];
  },
};

/** Oracle thin JDBC URLs carry credentials as `user/password@`: jdbc:oracle:thin:app/secret@//db:1521/SVC */
const oracleThin: TokenRule = {
  id: 'oracle-thin-credentials',
  kind: 'password',
  triggers: ['thin:'],
  match(text, at) {
    const userEnd = runEnd(text, at + 5, (c) => isAlnum(c) || c === 95 || c === 36 || c === 35, 31);
    if (userEnd === at + 5 || charAt(text, userEnd) !== 47) return null;
    const pwStart = userEnd + 1;
    const pwEnd = runEnd(text, pwStart, (c) => c !== 64 && c > 32 && c !== 34 && c !== 39 && c !== 47, 129);
    if (pwEnd - pwStart < 3 || charAt(text, pwEnd) !== 64) return null;
    return [pwStart, pwEnd];
  },
};

/** Discord bot token first segment: base64 of a numeric snowflake id. */
function discordId(segment: string): boolean {
  const bytes = base64Decode(segment, 32);
  return bytes !== null && /^\d{17,20}$/.test(bytesToAscii(bytes));
}

const DISCORD_BODY = /[A-Za-z0-9_-]{21,25}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_.-])/y;
const DISCORD_RUN = leadingRun(DISCORD_BODY.source)!;
const isDotTokenChar = (c: number): boolean => isAlnum(c) || c === 95 || c === 45 || c === 46;

/**
 * `<base64 user id>.<timestamp>.<hmac>`: Discord bot tokens. base64 of an ASCII digit string always
 * starts with M, N or O followed by D, T, j or z, which gives the literals to trigger on.
 */
const discordBot: TokenRule = {
  id: 'discord-bot-token',
  kind: 'discord-bot-token',
  triggers: ['M', 'N', 'O'].flatMap((a) => ['D', 'T', 'j', 'z'].map((b) => a + b)),
  match(text, at) {
    if (isDotTokenChar(charAt(text, at - 1)) || !mayStartRun(text, at + 2, DISCORD_RUN)) return null;
    DISCORD_BODY.lastIndex = at + 2;
    const m = DISCORD_BODY.exec(text);
    if (!m) return null;
    const end = at + 2 + m[0].length;
    if (!discordId(text.slice(at, text.indexOf('.', at)))) return null;
    return [at, end];
  },
};

export const TOKEN_RULES: readonly TokenRule[] = [
  // Cloud
  prefixed('aws-access-key-id', 'aws-access-key-id', ['AKIA', 'ASIA', 'ABIA', 'ACCA'], `[A-Z0-9]{16}${NOT_ALNUM}`),
  prefixed('aws-session-token', 'aws-session-token', ['IQoJb3JpZ2luX2Vj', 'FwoGZXIvYXdz', 'FQoGZXIvYXdz', 'AQoDYXdz'],
    '[A-Za-z0-9+/=]{80,4096}(?![A-Za-z0-9+/=])'),
  prefixed('gcp-api-key', 'gcp-api-key', ['AIza'], `[0-9A-Za-z_-]{35}${NOT_TOKEN}`),
  prefixed('gcp-oauth-client-secret', 'gcp-oauth-client-secret', ['GOCSPX-'], `[A-Za-z0-9_-]{28}${NOT_TOKEN}`),
  prefixed('gcp-access-token', 'gcp-access-token', ['ya29.'], '[0-9A-Za-z_.-]{30,4096}(?![0-9A-Za-z_.-])'),
  azureClientSecret,
  azureSas,
  // Source hosting, registries, CI
  prefixed('github-pat', 'github-pat', ['ghp_'], `[A-Za-z0-9]{36}${NOT_ALNUM}`),
  prefixed('github-oauth-token', 'github-oauth-token', ['gho_'], `[A-Za-z0-9]{36}${NOT_ALNUM}`),
  prefixed('github-app-token', 'github-app-token', ['ghu_', 'ghs_', 'ghr_'], `[A-Za-z0-9]{36,80}${NOT_ALNUM}`),
  prefixed('github-fine-grained-pat', 'github-fine-grained-pat', ['github_pat_'], `[A-Za-z0-9_]{70,100}(?![A-Za-z0-9_])`),
  prefixed('gitlab-pat', 'gitlab-pat', ['glpat-'], '[A-Za-z0-9_.-]{20,120}(?![A-Za-z0-9_.-])'),
  prefixed('gitlab-runner-token', 'gitlab-runner-token', ['glrt-', 'GR1348941'], '[A-Za-z0-9_.-]{20,120}(?![A-Za-z0-9_.-])'),
  prefixed('gitlab-token', 'gitlab-token', ['gldt-', 'glft-', 'glsoat-', 'glcbt-', 'glimt-', 'glagent-', 'gloas-',
    'glptt-', 'glffct-'], '[A-Za-z0-9_.-]{20,120}(?![A-Za-z0-9_.-])'),
  prefixed('bitbucket-app-password', 'bitbucket-app-password', ['ATBB'], '[A-Za-z0-9_=.-]{24,64}(?![A-Za-z0-9_=.-])'),
  prefixed('atlassian-api-token', 'atlassian-api-token', ['ATATT3', 'ATCTT3'], '[A-Za-z0-9_=.-]{60,300}(?![A-Za-z0-9_=.-])'),
  prefixed('npm-token', 'npm-token', ['npm_'], `[A-Za-z0-9]{36}${NOT_ALNUM}`),
  prefixed('pypi-token', 'pypi-token', ['pypi-'], `AgE[A-Za-z0-9_-]{50,1000}${NOT_TOKEN}`),
  prefixed('rubygems-api-key', 'rubygems-api-key', ['rubygems_'], `[a-f0-9]{48}${NOT_ALNUM}`),
  prefixed('nuget-api-key', 'nuget-api-key', ['oy2'], `[a-z0-9]{43}${NOT_ALNUM}`),
  prefixed('dockerhub-token', 'dockerhub-token', ['dckr_pat_', 'dckr_oat_'], `[A-Za-z0-9_-]{20,100}${NOT_TOKEN}`),
  prefixed('circleci-token', 'circleci-token', ['CCIPAT_', 'CCIPRJ_'], `[A-Za-z0-9]{20,24}_[a-f0-9]{40}${NOT_ALNUM}`),
  prefixed('buildkite-token', 'buildkite-token', ['bkua_'], `[a-f0-9]{40}${NOT_ALNUM}`),
  prefixed('jfrog-token', 'jfrog-token', ['AKCp'], `[A-Za-z0-9]{60,80}${NOT_ALNUM}`),
  prefixed('sonarqube-token', 'sonarqube-token', ['squ_', 'sqp_', 'sqa_'], `[a-f0-9]{40}${NOT_ALNUM}`),
  prefixed('vault-token', 'vault-token', ['hvs.', 'hvb.', 'hvr.'], `[A-Za-z0-9_-]{24,400}${NOT_TOKEN}`),
  prefixed('databricks-token', 'databricks-token', ['dapi'], `[a-f0-9]{32}(?:-[0-9])?${NOT_ALNUM}`),
  prefixed('digitalocean-token', 'digitalocean-token', ['dop_v1_', 'doo_v1_', 'dor_v1_'], `[a-f0-9]{64}${NOT_ALNUM}`),
  prefixed('doppler-token', 'doppler-token', ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
    `[A-Za-z0-9]{40,44}${NOT_ALNUM}`),
  prefixed('pulumi-token', 'pulumi-token', ['pul-'], `[a-f0-9]{40}${NOT_ALNUM}`),
  prefixed('postman-api-key', 'postman-api-key', ['PMAK-'], `[a-f0-9]{24}-[a-f0-9]{34}${NOT_ALNUM}`),
  prefixed('linear-api-key', 'linear-api-key', ['lin_api_'], `[A-Za-z0-9]{40}${NOT_ALNUM}`),
  prefixed('grafana-token', 'grafana-token', ['glsa_'], `[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}${NOT_ALNUM}`),
  prefixed('grafana-cloud-token', 'grafana-token', ['glc_'], '[A-Za-z0-9+/]{32,400}={0,2}(?![A-Za-z0-9+/=])'),
  terraform,
  oracleThin,
  prefixed('age-secret-key', 'age-secret-key', ['AGE-SECRET-KEY-1'], `[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}${NOT_ALNUM}`),
  base64Pem,
  // Chat
  prefixed('slack-bot-token', 'slack-bot-token', ['xoxb-'], '[0-9]{6,16}-[A-Za-z0-9-]{10,200}(?![A-Za-z0-9-])'),
  prefixed('slack-user-token', 'slack-user-token', ['xoxp-'], '[0-9]{6,16}-[A-Za-z0-9-]{10,200}(?![A-Za-z0-9-])'),
  prefixed('slack-token', 'slack-token', ['xoxa-', 'xoxr-', 'xoxs-', 'xoxo-', 'xoxe-', 'xoxe.xoxp-'],
    '[0-9]{1,16}-[A-Za-z0-9-]{10,200}(?![A-Za-z0-9-])'),
  prefixed('slack-app-token', 'slack-app-token', ['xapp-'], '[0-9]-[A-Z0-9]{6,16}-[0-9]{6,16}-[a-f0-9]{32,80}(?![A-Za-z0-9])'),
  prefixed('slack-webhook-url', 'slack-webhook-url', ['hooks.slack.com/services/', 'hooks.slack.com/workflows/',
    'hooks.slack.com/triggers/'], '[A-Za-z0-9_/-]{20,200}', { afterTrigger: true, boundary: false }),
  prefixed('discord-webhook-url', 'discord-webhook-url', ['discord.com/api/webhooks/', 'discordapp.com/api/webhooks/'],
    `[0-9]{15,22}/[A-Za-z0-9_-]{40,100}${NOT_TOKEN}`, { afterTrigger: true, boundary: false }),
  prefixed('teams-webhook-url', 'teams-webhook-url', ['.webhook.office.com/webhookb2/', '.webhook.office.com/webhook/'],
    '[A-Za-z0-9@/_.-]{20,400}', { afterTrigger: true, boundary: false }),
  telegram,
  discordBot,
  // Payments and SaaS
  prefixed('stripe-secret-key', 'stripe-secret-key', ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'],
    `[A-Za-z0-9]{10,247}${NOT_ALNUM}`),
  prefixed('stripe-webhook-secret', 'stripe-webhook-secret', ['whsec_'], '[A-Za-z0-9+/=]{24,100}(?![A-Za-z0-9+/=])'),
  prefixed('twilio-api-key', 'twilio-api-key', ['SK'], `[0-9a-f]{32}${NOT_ALNUM}`),
  twilioPair,
  prefixed('sendgrid-api-key', 'sendgrid-api-key', ['SG.'], `[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{30,50}${NOT_TOKEN}`),
  prefixed('mailgun-api-key', 'mailgun-api-key', ['key-'], `[0-9a-f]{32}${NOT_ALNUM}`),
  mailchimp,
  prefixed('shopify-token', 'shopify-token', ['shpat_', 'shpca_', 'shppa_', 'shpss_'], `[a-fA-F0-9]{32}${NOT_ALNUM}`),
  prefixed('newrelic-key', 'newrelic-key', ['NRAK-', 'NRAA-', 'NRII-'], `[A-Za-z0-9_-]{27,32}${NOT_TOKEN}`),
  newRelicLicense,
  prefixed('sentry-auth-token', 'sentry-auth-token', ['sntrys_'], '[A-Za-z0-9+/=_-]{60,1000}(?![A-Za-z0-9+/=_-])'),
  prefixed('sentry-user-token', 'sentry-auth-token', ['sntryu_'], `[a-f0-9]{64}${NOT_ALNUM}`),
  // AI providers
  prefixed('anthropic-api-key', 'anthropic-api-key', ['sk-ant-'], `(?:api|admin|oat|ort)[0-9]{2}-[A-Za-z0-9_-]{40,200}${NOT_TOKEN}`),
  prefixed('openai-api-key', 'openai-api-key', ['sk-'], `(?!ant-)[A-Za-z0-9_-]{20,300}${NOT_TOKEN}`, { validate: mixedCaseDigit }),
  prefixed('huggingface-token', 'huggingface-token', ['hf_', 'api_org_'], `[A-Za-z]{30,40}${NOT_ALNUM}`, { validate: mixedCase }),
  prefixed('groq-api-key', 'groq-api-key', ['gsk_'], `[A-Za-z0-9]{48,56}${NOT_ALNUM}`),
  prefixed('replicate-api-token', 'replicate-api-token', ['r8_'], `[A-Za-z0-9]{37}${NOT_ALNUM}`),
  // Tokens
  prefixed('jwt', 'jwt', ['eyJ'], '[A-Za-z0-9_-]{5,8192}\\.ey[A-Za-z0-9_-]{5,16384}(?:\\.[A-Za-z0-9_-]{0,8192})?(?![A-Za-z0-9_-])'),
];

/** Formats without a literal worth triggering on, checked by one anchored regex pass each. */
export interface ScanRule {
  id: string;
  kind: string;
  re: RegExp;
  validate?: (m: string) => boolean;
}

export const SCAN_RULES: readonly ScanRule[] = [];

/** Finds token formats at their literals; shorter literals of the same handler get a turn when a longer one fails. */
export function tokenHandler(rules: readonly TokenRule[] = TOKEN_RULES): LiteralHandler {
  const byTrigger = new Map<string, TokenRule[]>();
  for (const rule of rules) {
    for (const t of rule.triggers) byTrigger.set(t, [...(byTrigger.get(t) ?? []), rule]);
  }
  return {
    literals: [...byTrigger.keys()],
    onMatch(text, at, literal, ctx) {
      for (const r of byTrigger.get(literal)!) {
        const span = r.match(text, at, literal);
        if (span) {
          ctx.out.push({ start: span[0], end: span[1], kind: r.kind, rule: r.id, priority: 3 });
          return Math.max(span[1], at + 1);
        }
      }
      return at;
    },
  };
}

/** Rules without a literal worth triggering on: one anchored regex pass each. */
export function scanNoLiteralRules(text: string, out: Candidate[], scanRules: readonly ScanRule[] = SCAN_RULES): void {
  let m: RegExpExecArray | null;
  for (const r of scanRules) {
    r.re.lastIndex = 0;
    while ((m = r.re.exec(text)) !== null) {
      if (!r.validate || r.validate(m[0])) {
        out.push({ start: m.index, end: m.index + m[0].length, kind: r.kind, rule: r.id, priority: 3 });
      }
    }
  }
  scanMailgunKeys(text, out);
}

/** `<32 hex>-<8 hex>-<8 hex>`: current Mailgun private API keys, checked around each `-` by hand. */
function scanMailgunKeys(text: string, out: Candidate[]): void {
  let d = text.indexOf('-');
  while (d >= 0) {
    let next = d + 1;
    if (d >= 32 && charAt(text, d + 9) === 45 && isHexLower(charAt(text, d - 1)) && isHexLower(charAt(text, d + 1))) {
      const start = d - 32;
      const ok = runStart(text, d, isHexLower, 32) === start && !isAlnum(charAt(text, start - 1)) &&
        charAt(text, start - 1) !== 45 && runEnd(text, d + 1, isHexLower, 8) === d + 9 &&
        runEnd(text, d + 10, isHexLower, 8) === d + 18 && !isAlnum(charAt(text, d + 18)) && charAt(text, d + 18) !== 45;
      if (ok) {
        out.push({ start, end: d + 18, kind: 'mailgun-api-key', rule: 'mailgun-api-key', priority: 3 });
        next = d + 18;
      }
    }
    d = text.indexOf('-', next);
  }
}
