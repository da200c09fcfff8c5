// Format-correct fake credentials: each has its real prefix, length and alphabet, plus a test marker.
import { ALNUM, B64, B64URL, BASE32, DIGITS, Gen, HEX, LOWER, UPPER, UPPER_ALNUM } from './rng.js';

const b64url = (b: Buffer): string => b.toString('base64url');

export const S = {
  awsAccessKeyId: (g: Gen) => `${g.pick(['AKIA', 'AKIA', 'ASIA'])}${g.fake(16, BASE32)}`,
  awsSecretKey: (g: Gen) => g.fake(40, B64),
  awsSessionToken: (g: Gen) => `${g.pick(['IQoJb3JpZ2luX2VjE', 'FwoGZXIvYXdzE'])}${g.fake(g.int(280, 420), B64)}`,
  gcpApiKey: (g: Gen) => `AIza${g.fake(35, ALNUM + '-_')}`,
  gcpOauthSecret: (g: Gen) => `GOCSPX-${g.fake(28, ALNUM + '-_')}`,
  azureStorageKey: (g: Gen) => Buffer.concat([Buffer.from('FAKE0000'), g.bytes(56)]).toString('base64'),
  azureSharedAccessKey: (g: Gen) => Buffer.concat([Buffer.from('FAKE'), g.bytes(28)]).toString('base64'),
  azureSasSig: (g: Gen) => encodeURIComponent(Buffer.concat([Buffer.from('FAKE'), g.bytes(28)]).toString('base64')),
  azureClientSecret: (g: Gen) => `${g.str(3, ALNUM)}${g.int(7, 8)}Q~${g.fake(34, ALNUM + '_~.-')}`,
  githubPat: (g: Gen) => `ghp_${g.fake(36, ALNUM)}`,
  githubFineGrained: (g: Gen) => `github_pat_11${g.fake(20, UPPER_ALNUM)}_${g.fake(59, ALNUM)}`,
  githubApp: (g: Gen) => `${g.pick(['ghs_', 'ghs_', 'ghu_', 'ghr_'])}${g.fake(36, ALNUM)}`,
  githubOauth: (g: Gen) => `gho_${g.fake(36, ALNUM)}`,
  gitlabPat: (g: Gen) => `glpat-${g.fake(20, ALNUM + '-_')}`,
  gitlabRunner: (g: Gen) => g.pick([() => `glrt-${g.fake(20, ALNUM + '-_')}`, () => `GR1348941${g.fake(20, ALNUM + '-_')}`])(),
  bitbucketAppPassword: (g: Gen) => `ATBB${g.fake(28, ALNUM)}${g.str(8, HEX.toUpperCase())}`,
  atlassianToken: (g: Gen) => `ATATT3xFfGF0${g.fake(170, ALNUM + '-_')}=${g.str(8, HEX.toUpperCase())}`,
  npmToken: (g: Gen) => `npm_${g.fake(36, ALNUM)}`,
  pypiToken: (g: Gen) => `pypi-AgEIcHlwaS5vcmc${g.fake(g.int(140, 190), ALNUM + '-_')}`,
  dockerhubPat: (g: Gen) => `dckr_pat_${g.fake(27, ALNUM + '-_')}`,
  circleciToken: (g: Gen) => `CCIPAT_${g.fake(22, ALNUM)}_${g.fake(40, HEX)}`,
  slackBot: (g: Gen) => `xoxb-${g.str(11, DIGITS)}-${g.str(13, DIGITS)}-${g.fake(24, ALNUM)}`,
  slackUser: (g: Gen) => `xoxp-${g.str(11, DIGITS)}-${g.str(11, DIGITS)}-${g.str(13, DIGITS)}-${g.fake(32, HEX)}`,
  slackApp: (g: Gen) => `xapp-1-A0${g.str(9, UPPER_ALNUM)}-${g.str(13, DIGITS)}-${g.fake(64, HEX)}`,
  slackWebhookPath: (g: Gen) => `T0${g.str(8, UPPER_ALNUM)}/B0${g.str(8, UPPER_ALNUM)}/${g.fake(24, ALNUM)}`,
  discordBot: (g: Gen) => {
    const id = `1${g.str(g.int(17, 18), DIGITS)}`;
    return `${b64url(Buffer.from(id))}.${g.str(6, ALNUM + '-_')}.${g.fake(38, ALNUM + '-_')}`;
  },
  discordWebhook: (g: Gen) => ({ id: `1${g.str(18, DIGITS)}`, token: g.fake(68, ALNUM + '-_') }),
  telegramBot: (g: Gen) => `${g.int(1, 7)}${g.str(9, DIGITS)}:AA${g.fake(33, ALNUM + '-_')}`,
  stripeSecret: (g: Gen) => `${g.pick(['sk_live_', 'sk_live_', 'sk_test_', 'rk_live_'])}${g.pick(['51', '4e'])}${g.fake(g.pick([22, 97]), ALNUM)}`,
  stripeWebhook: (g: Gen) => `whsec_${g.fake(32, ALNUM)}`,
  twilioAuthToken: (g: Gen) => g.fake(32, HEX),
  twilioAccountSid: (g: Gen) => `AC${g.hex(32)}`,
  twilioApiKey: (g: Gen) => `SK${g.fake(32, HEX)}`,
  sendgrid: (g: Gen) => `SG.${g.fake(22, ALNUM + '-_')}.${g.fake(43, ALNUM + '-_')}`,
  mailgun: (g: Gen) => g.pick([() => `key-${g.fake(32, HEX)}`, () => `${g.fake(32, HEX)}-${g.hex(8)}-${g.hex(8)}`])(),
  shopify: (g: Gen) => `${g.pick(['shpat_', 'shpat_', 'shpca_', 'shppa_'])}${g.fake(32, HEX)}`,
  datadogApiKey: (g: Gen) => g.fake(32, HEX),
  datadogAppKey: (g: Gen) => g.fake(40, HEX),
  newrelicUser: (g: Gen) => `NRAK-${g.fake(27, UPPER_ALNUM)}`,
  newrelicLicense: (g: Gen) => `${g.fake(36, HEX)}NRAL`,
  sentryKey: (g: Gen) => g.fake(32, HEX),
  sentryAuth: (g: Gen) => g.pick([
    () => `sntryu_${g.fake(64, HEX)}`,
    () => `sntrys_${Buffer.from(JSON.stringify({ iat: 1714000000 + g.int(0, 9e6), url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: 'acme-fake' })).toString('base64').replace(/=+$/, '')}_${g.fake(43, ALNUM + '+/')}`,
  ])(),
  pagerdutyRouting: (g: Gen) => g.pick([() => g.fake(32, HEX), () => `R0${g.fake(30, UPPER_ALNUM)}`])(),
  pagerdutyRest: (g: Gen) => `${g.pick(['u+', 'y_', 'e+'])}${g.fake(18, ALNUM + '-_')}`,
  openai: (g: Gen) => g.pick([
    () => `sk-proj-${g.fake(74, ALNUM + '-_')}T3BlbkFJ${g.fake(74, ALNUM + '-_')}`,
    () => `sk-proj-${g.fake(58, ALNUM + '-_')}T3BlbkFJ${g.fake(58, ALNUM + '-_')}`,
    () => `sk-${g.fake(20, ALNUM)}T3BlbkFJ${g.fake(20, ALNUM)}`,
    () => `sk-svcacct-${g.fake(74, ALNUM + '-_')}T3BlbkFJ${g.fake(74, ALNUM + '-_')}`,
  ])(),
  anthropic: (g: Gen) => `sk-ant-api03-${g.fake(93, ALNUM + '-_')}AA`,
  huggingface: (g: Gen) => `hf_${g.fake(34, UPPER + LOWER)}`,
  vault: (g: Gen) => `hvs.${g.fake(g.pick([24, 91]), ALNUM + '-_')}`,
  digitalocean: (g: Gen) => `dop_v1_${g.fake(64, HEX)}`,
  terraform: (g: Gen) => `${g.str(14, ALNUM)}.atlasv1.${g.fake(67, ALNUM + '-_=')}`,
  jwt: (g: Gen) => {
    const header = { alg: g.pick(['HS256', 'RS256', 'ES256']), typ: 'JWT', ...(g.chance(0.5) ? { kid: `fake-${g.hex(8)}` } : {}) };
    const now = 1714000000 + g.int(0, 9e6);
    const payload = {
      sub: g.pick([`user-0000-${g.hex(6)}`, `system:serviceaccount:${g.ns()}:${g.svc()}`, `fake|${g.str(12, DIGITS)}`]),
      iss: g.pick(['https://auth.acme.internal', 'https://kubernetes.default.svc.cluster.local', 'https://fake-idp.example']),
      aud: g.pick(['orders-api', 'checkout', 'https://api.acme.internal']),
      iat: now,
      exp: now + 3600,
      ...(g.chance(0.5) ? { scope: 'orders:read orders:write' } : { email: `${g.user()}@acme.example` }),
    };
    const sigLen = header.alg === 'RS256' ? 342 : header.alg === 'ES256' ? 86 : 43;
    return `${b64url(Buffer.from(JSON.stringify(header)))}.${b64url(Buffer.from(JSON.stringify(payload)))}.${g.fake(sigLen, B64URL)}`;
  },
  opaqueBearer: (g: Gen) => g.pick([() => g.fake(g.int(32, 64), ALNUM), () => g.fake(43, B64URL), () => `${g.fake(20, ALNUM)}.${g.fake(27, ALNUM)}`])(),
  sessionId: (g: Gen) => g.pick([
    () => g.fake(32, HEX),
    () => g.fake(g.int(26, 40), LOWER + DIGITS),
    () => `s%3A${g.fake(32, ALNUM + '-_')}.${g.fake(43, ALNUM + '%')}`,
    () => g.fake(32, UPPER_ALNUM),
  ])(),
};

/** PEM bodies: DER-shaped bytes (so they start like real keys), base64 in 64-character lines. */
export function pemBody(g: Gen, kind: 'rsa' | 'pkcs8' | 'ec' | 'openssh'): string[] {
  let der: Buffer;
  let width = 64;
  if (kind === 'rsa') der = Buffer.concat([Buffer.from([0x30, 0x82, 0x04, 0xa4, 0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00]), g.bytes(g.int(500, 1100))]);
  else if (kind === 'pkcs8') der = Buffer.concat([Buffer.from([0x30, 0x82, 0x04, 0xbe, 0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09]), g.bytes(g.int(500, 1100))]);
  else if (kind === 'ec') der = Buffer.concat([Buffer.from([0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20]), g.bytes(114)]);
  else {
    der = Buffer.concat([Buffer.from('openssh-key-v1\0', 'latin1'), Buffer.from([0, 0, 0, 4]), Buffer.from('none'), g.bytes(g.int(300, 700))]);
    width = 70;
  }
  const b64 = der.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += width) lines.push(b64.slice(i, i + width));
  // A visible marker in the second line keeps the body obviously fake.
  if (lines.length > 2) lines[1] = `FAKEKEY0000FAKEKEY0000${lines[1]!.slice(22)}`;
  return lines;
}
