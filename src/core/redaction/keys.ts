// Does a key name (`DB_PASSWORD`, `x-api-key`, `spring.datasource.password`, "AWS Secret Access Key")
// name a secret, and which kind? Decided on the key's last meaningful word, so `password_min_length`,
// `token_type` and `secret_name` are not secrets while `MYSQL_ROOT_PASSWORD` and `client_secret` are.
import type { Strength } from './value.js';

export interface KeyClass {
  kind: string;
  strength: Strength;
}

/** Trailing words that carry the secret's value rather than describe it (`password_b64`, `client-key-data`). */
const CARRIERS = new Set(['value', 'val', 'str', 'string', 'b64', 'base64', 'enc', 'encoded', 'raw', 'plain',
  'plaintext', 'data', 'contents', 'literal', 'base', 'hex', 'bytes']);

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode', 'pword',
  // redis.conf directives
  'requirepass', 'masterauth']);
const TOKEN_WORDS = new Set(['token', 'secret', 'apikey', 'credential', 'credentials', 'creds', 'auth', 'cookie',
  'sid', 'sessionid', 'sessid', 'session', 'bearer', 'pat', 'privatekey', 'accesskey', 'secretkey', 'accountkey',
  'authkey', 'signingkey', 'masterkey', 'licensekey', 'sharedaccesskey', 'authtoken', 'accesstoken']);
const TOKEN_SUFFIX = /(?:token|secret|apikey|sessionid|sessid|privatekey|secretkey|accesskey|accountkey|authkey|signingkey|masterkey)$/;
const PASSWORD_SUFFIX = /(?:password|passwd|passphrase)$/;

/** Words that turn a following `key` into a credential: `api_key`, `SecretAccessKey`, `routing_key`. */
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private', 'auth', 'master', 'signing', 'sign',
  'encryption', 'encrypt', 'crypt', 'crypto', 'account', 'license', 'licence', 'app', 'application', 'service',
  'integration', 'routing', 'shared', 'storage', 'subscription', 'client', 'ingest', 'admin', 'deploy', 'write',
  'sas', 'hmac', 'jwt', 'session', 'webhook', 'root', 'consumer', 'cipher', 'aes', 'gpg', 'pgp', 'server',
  'backend', 'management', 'mgmt', 'secure', 'user', 'personal', 'rest', 'partner', 'merchant', 'developer']);

/** Keys that name things which look random but are not credentials: pagination cursors, cache keys, counts. */
const DISQUALIFIERS = new Set(['page', 'pagination', 'continuation', 'cursor', 'sync', 'resume', 'idempotency',
  'public', 'publishable', 'pub', 'max', 'min', 'num', 'total', 'count', 'prompt', 'completion', 'input', 'output',
  'cache', 'partition', 'sort', 'primary', 'foreign', 'lookup', 'hash', 'range', 'object', 'policy', 'rotation',
  'length', 'next', 'prev', 'previous', 'ssh', 'kms', 'issuer', 'type']);

/** Vendor words in a key name give a token-class key its specific kind. */
const VENDOR_KINDS: ReadonlyArray<readonly [string, string]> = [
  ['twilio', 'twilio-auth-token'], ['datadog', 'datadog-api-key'], ['dd', 'datadog-api-key'],
  ['pagerduty', 'pagerduty-key'], ['sendgrid', 'sendgrid-api-key'], ['mailgun', 'mailgun-api-key'],
  ['newrelic', 'newrelic-key'], ['relic', 'newrelic-key'], ['sentry', 'sentry-auth-token'], ['slack', 'slack-token'],
  ['github', 'github-token'], ['gh', 'github-token'], ['gitlab', 'gitlab-token'], ['npm', 'npm-token'],
  ['circleci', 'circleci-token'], ['circle', 'circleci-token'], ['stripe', 'stripe-secret-key'],
  ['openai', 'openai-api-key'], ['anthropic', 'anthropic-api-key'], ['hf', 'huggingface-token'],
  ['huggingface', 'huggingface-token'], ['heroku', 'heroku-api-key'], ['cloudflare', 'cloudflare-api-token'],
  ['cf', 'cloudflare-api-token'], ['vault', 'vault-token'], ['okta', 'okta-api-token'],
  ['discord', 'discord-bot-token'], ['telegram', 'telegram-bot-token'], ['dockerhub', 'dockerhub-token'],
  ['docker', 'dockerhub-token'], ['pypi', 'pypi-token'], ['shopify', 'shopify-token'], ['bitbucket', 'bitbucket-token'],
  ['jira', 'atlassian-api-token'], ['atlassian', 'atlassian-api-token'], ['snyk', 'snyk-token'],
  ['algolia', 'algolia-api-key'], ['mapbox', 'mapbox-token'], ['linear', 'linear-api-key'],
  ['grafana', 'grafana-token'], ['opsgenie', 'opsgenie-api-key'], ['azure', 'azure-secret'], ['gcp', 'gcp-secret'],
  ['google', 'gcp-secret'],
];
const VENDOR_MAP = new Map(VENDOR_KINDS);

/** Every kind classifyKey can report. */
export const KEY_KINDS: readonly string[] = [...new Set([
  ...VENDOR_KINDS.map(([, k]) => k), 'datadog-app-key', 'password', 'aws-secret-key', 'aws-session-token',
  'azure-storage-key', 'azure-shared-access-key', 'integration-key', 'private-key', 'session-cookie', 'api-key',
  'credential', 'secret', 'token',
])];

/** Splits `SecretAccessKey`, `DB_PASSWORD`, `x-api-key`, `APIKey` into lowercase words. */
export function keyWords(raw: string): string[] {
  const words: string[] = [];
  for (const part of raw.split(/[^A-Za-z0-9]+/)) {
    if (!part) continue;
    // camelCase and ACRONYMWord boundaries
    const pieces = part.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').split(' ');
    for (const p of pieces) if (p) words.push(p.toLowerCase());
  }
  return words;
}

export function classifyKey(raw: string): KeyClass | null {
  if (raw.length === 0 || raw.length > 100) return null;
  return classifyWords(keyWords(raw));
}

export function classifyWords(words: readonly string[]): KeyClass | null {
  if (words.length === 0) return null;
  let i = words.length - 1;
  while (i > 0 && CARRIERS.has(words[i]!)) i--;
  const last = words[i]!;
  const prev = i > 0 ? words[i - 1]! : '';
  for (let j = 0; j <= i; j++) if (DISQUALIFIERS.has(words[j]!)) return null;
  // `sid` alone or express-session's `connect.sid` is a session; `MessageSid`, `AccountSid` are Twilio ids.
  if (last === 'sid' && i > 0 && prev !== 'connect' && prev !== 'session') return null;
  let strength: Strength;
  if (PASSWORD_WORDS.has(last) || PASSWORD_SUFFIX.test(last)) strength = 'password';
  else if (TOKEN_WORDS.has(last) || TOKEN_SUFFIX.test(last)) strength = 'token';
  else if (last === 'key' && (KEY_QUALIFIERS.has(prev) || VENDOR_MAP.has(prev))) strength = 'token';
  else if (last === 'id' && prev === 'session') strength = 'token';
  else return null;
  return { strength, kind: kindFor(words.slice(0, i + 1), words, strength) };
}

function kindFor(words: readonly string[], all: readonly string[], strength: Strength): string {
  if (strength === 'password') return 'password';
  const compact = words.join('');
  const has = (w: string): boolean => words.includes(w);
  const last = words[words.length - 1]!;
  if (compact.includes('secretaccesskey') || (has('aws') && has('secret'))) return 'aws-secret-key';
  if (has('aws') && has('session')) return 'aws-session-token';
  if (compact.endsWith('accountkey')) return 'azure-storage-key';
  if (compact.endsWith('sharedaccesskey')) return 'azure-shared-access-key';
  if (has('routing') || has('integration')) return 'integration-key';
  for (const w of words) {
    const vendor = VENDOR_MAP.get(w);
    if (!vendor) continue;
    if (vendor === 'datadog-api-key' && has('app')) return 'datadog-app-key';
    return vendor;
  }
  if ((has('private') && last === 'key') || last.endsWith('privatekey') || (last === 'key' && all.includes('data'))) {
    return 'private-key';
  }
  if (['session', 'sid', 'sessionid', 'sessid', 'cookie'].includes(last) || last.endsWith('sessionid') ||
    last.endsWith('sessid') || (last === 'id' && words.includes('session'))) {
    return 'session-cookie';
  }
  if (compact.endsWith('apikey') || last === 'key') return 'api-key';
  if (last.startsWith('credential') || last === 'creds') return 'credential';
  if (last.endsWith('secret')) return 'secret';
  return 'token';
}
