import { describe, expect, it } from 'vitest';
import { createRedactor, redact, REDACTION_KINDS, type Finding } from '../../src/core/redaction/index.js';

// Fake credentials built from pieces so that each is obviously test data and format-correct.
const rep = (s: string, n: number): string => s.repeat(Math.ceil(n / s.length)).slice(0, n);
const FAKE = {
  awsId: 'AKIAFAKE0000EXAMPLE7',
  awsSecret: 'Fk3/FAKE0000secretKEYexample+0000FAKEx9Q',
  ghp: `ghp_FAKE0000${rep('aB3dE5gH7j', 28)}`,
  glpat: 'glpat-FAKE0000abcdEFGH_ijk',
  slackBot: `xoxb-10000000001-20000000000002-${rep('FAKEa1b2C3d4', 24)}`,
  stripe: `sk_live_51FAKE0000${rep('Abc123Def456', 24)}`,
  sendgrid: `SG.FAKE0000abcdEFGH-ijkl_m.${rep('Zyx987Wvu654_-', 43)}`,
  openai: `sk-proj-${rep('FAKE0000abcDEF123_-', 58)}T3BlbkFJ${rep('ghiJKL456mnoPQR-_', 58)}`,
  anthropic: `sk-ant-api03-${rep('FAKE0000AbCdEf12_-', 93)}AA`,
  hf: `hf_FAKE${rep('abcdEFGHijklMNOP', 30)}`,
  gcp: `AIzaFAKE0000${rep('aB3-dE5_gH7', 27)}`,
  npm: `npm_FAKE0000${rep('aB3dE5gH7j', 28)}`,
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTAwMDAtZmFrZSIsImV4cCI6MTcxNDAwMDAwMH0.FAKE0000sigabcdefghijklmnopqrstuvwxyz012',
  dsnKey: 'fa4e0000c3b9d2e17a6f5b8e0000d4c1',
};

function redacted(text: string): string {
  return redact(text).text;
}

describe('readable replacements', () => {
  it('keeps the key, scheme and host readable and names the kind', () => {
    expect(redacted(`AWS_SECRET_ACCESS_KEY=${FAKE.awsSecret}`)).toBe('AWS_SECRET_ACCESS_KEY=[REDACTED:aws-secret-key]');
    expect(redacted('postgres://app:Xk9FAKE-pw2024@db:5432/orders')).toBe('postgres://app:[REDACTED:password]@db:5432/orders');
    expect(redacted('Authorization: Bearer Zt8FAKE0000opaqueQ2w9e8r7t6y5u')).toBe('Authorization: Bearer [REDACTED:bearer-token]');
  });

  it('reports only known kinds', () => {
    const r = redact(`token=${FAKE.ghp} and ${FAKE.slackBot}`);
    for (const f of r.findings) expect(REDACTION_KINDS).toContain(f.kind);
  });
});

describe('credential formats', () => {
  const cases: Array<[string, string, string]> = [
    ['aws access key id', `export AWS_ACCESS_KEY_ID=${FAKE.awsId}`, 'aws-access-key-id'],
    ['github pat in a clone url', `git clone https://${FAKE.ghp}@github.com/acme/orders.git`, 'github-pat'],
    ['gitlab pat header', `curl --header "PRIVATE-TOKEN: ${FAKE.glpat}" https://gitlab.internal/api/v4/user`, 'gitlab-pat'],
    ['slack bot token', `client = WebClient(token="${FAKE.slackBot}")`, 'slack-bot-token'],
    ['stripe secret key', `curl https://api.stripe.com/v1/charges -u ${FAKE.stripe}:`, 'stripe-secret-key'],
    ['sendgrid key', `sg = SendGridAPIClient("${FAKE.sendgrid}")`, 'sendgrid-api-key'],
    ['openai project key', `client = OpenAI(api_key="${FAKE.openai}")`, 'openai-api-key'],
    ['anthropic key', `-H "x-api-key: ${FAKE.anthropic}"`, 'anthropic-api-key'],
    ['hugging face token', `huggingface-cli login --token ${FAKE.hf}`, 'huggingface-token'],
    ['gcp api key in a query string', `https://maps.googleapis.com/maps/api/geocode/json?key=${FAKE.gcp}`, 'gcp-api-key'],
    ['npm token in .npmrc', `//registry.npmjs.org/:_authToken=${FAKE.npm}`, 'npm-token'],
    ['jwt in a log line', `level=debug access_token=${FAKE.jwt} status=401`, 'jwt'],
    ['sentry dsn', `SENTRY_DSN=https://${FAKE.dsnKey}@o123456.ingest.sentry.io/7654321`, 'sentry-dsn'],
  ];
  it.each(cases)('%s', (_name, text, kind) => {
    const r = redact(text);
    expect(r.findings.map((f) => f.kind)).toContain(kind);
    expect(r.text).toContain(`[REDACTED:${kind}]`);
  });

  it('slack webhook: the host stays, the path goes', () => {
    const path = 'T0FAKE0000/B0FAKE0000/FAKE0000abcdEFGHijklMNOP';
    expect(redacted(`SLACK_WEBHOOK_URL=https://hooks.slack.com/services/${path}`))
      .toBe('SLACK_WEBHOOK_URL=https://hooks.slack.com/services/[REDACTED:slack-webhook-url]');
  });

  it('mysql -p, curl -u and --password flags', () => {
    expect(redacted('mysql -h db -u root -pXk9FAKEpw2 orders')).toBe('mysql -h db -u root -p[REDACTED:password] orders');
    expect(redacted('curl -u admin:Xk9FAKEpw2 https://jenkins.internal')).toBe('curl -u admin:[REDACTED:password] https://jenkins.internal');
    expect(redacted('helm repo add acme https://charts --username ci --password Xk9FAKEpw2'))
      .toBe('helm repo add acme https://charts --username ci --password [REDACTED:password]');
    expect(redacted('mongo --token=Zq8FAKE0000tokQ2w9e8r')).toBe('mongo --token=[REDACTED:token]');
  });

  it('cookies: every pair of Cookie, the first pair of Set-Cookie', () => {
    expect(redacted('Cookie: theme=dark; sessionid=k29FAKE0000q8w7e6r5t4y3u2i; lang=en'))
      .toBe('Cookie: theme=dark; sessionid=[REDACTED:session-cookie]; lang=en');
    expect(redacted('Set-Cookie: _app_session=k29FAKE0000q8w7e6r5t4y3u2i; path=/; HttpOnly'))
      .toBe('Set-Cookie: _app_session=[REDACTED:session-cookie]; path=/; HttpOnly');
  });
});

describe('spans', () => {
  it('point into the original text and rebuild the output', () => {
    const text = `DB=postgres://app:Xk9FAKE-pw2024@db/orders GITHUB_TOKEN=${FAKE.ghp} key=${FAKE.gcp}`;
    const r = redact(text);
    expect(r.findings.map((f) => text.slice(f.start, f.end))).toEqual(['Xk9FAKE-pw2024', FAKE.ghp, FAKE.gcp]);
    let rebuilt = '';
    let last = 0;
    for (const f of r.findings) {
      rebuilt += text.slice(last, f.start) + `[REDACTED:${f.kind}]`;
      last = f.end;
    }
    expect(rebuilt + text.slice(last)).toBe(r.text);
  });

  it('are sorted and disjoint', () => {
    const r = redact(`a=${FAKE.ghp} b=${FAKE.stripe} c=${FAKE.jwt}`);
    for (let i = 1; i < r.findings.length; i++) expect(r.findings[i]!.start).toBeGreaterThanOrEqual(r.findings[i - 1]!.end);
  });
});

describe('overlapping matches are merged', () => {
  it('an assignment and a token format on the same value give one finding, the specific kind', () => {
    const r = redact(`GITHUB_TOKEN=${FAKE.ghp}`);
    expect(r.findings).toEqual<Finding[]>([{ kind: 'github-pat', rule: 'github-pat', start: 13, end: 13 + FAKE.ghp.length }]);
  });

  it('a bearer header carrying a JWT gives one finding', () => {
    const r = redact(`Authorization: Bearer ${FAKE.jwt}`);
    expect(r.findings).toHaveLength(1);
    expect(r.text).toBe('Authorization: Bearer [REDACTED:jwt]');
  });

  it('a known secret inside a longer match widens to the union', () => {
    const r = createRedactor({ knownSecrets: ['FAKE0000opaque'] }).redact('Authorization: Bearer Zt8FAKE0000opaqueQ2w9e8r7t6y5u');
    expect(r.findings).toHaveLength(1);
    expect(r.text).toBe('Authorization: Bearer [REDACTED:configured-secret]');
  });
});

describe('negatives come back unchanged', () => {
  const negatives = [
    'commit 7f3a9b2c1d4e5f60718293a4b5c6d7e8f9012345 fixed token refresh',
    'request_id=3fa85f64-5717-4562-b3fc-2c963f66afa6 trace_id=4bf92f3577b34da6a3ce929d0e0e4736',
    'image: ghcr.io/acme/orders@sha256:9b2c1d4e5f60718293a4b5c6d7e8f90123459b2c1d4e5f60718293a4b5c6d7e8f9',
    'the password reset flow uses a token that expires in 10 minutes',
    'max_tokens: 4096, token_type: Bearer, next_page_token: CiAKGjBpNDd2Nmp2Zml2cXRsYmdqbXN0MGoSAhAB',
    'DB_PASSWORD=${DB_PASSWORD}',
    'password: "{{ .Values.postgresql.auth.password }}"',
    'api_key: <your-api-key>',
    'curl -H "Authorization: Bearer $TOKEN" https://api.internal/v1/me',
    'Successfully assigned prod/orders-api-7d9f8b6c5-x2x9q to ip-10-0-3-17.eu-west-1.compute.internal',
    'postgres://db.internal:5432/orders and https://grafana.internal/d/abc123/orders?orgId=1',
    '"integrity": "sha512-3oVnFAKEn0tAsecretJustAHashOfAPackage0000AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="',
    'password:  16 bytes',
    'STRIPE_PUBLISHABLE_KEY=pk_live_51FAKE0000abcdefGHIJKL',
    '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----',
    'ssh -i ~/.ssh/id_ed25519 -p 2222 deploy@bastion && docker run -p 8080:80 orders',
  ];
  it.each(negatives)('%s', (text) => {
    expect(redact(text)).toEqual({ text, findings: [] });
  });
});

describe('known secrets', () => {
  const secret = 'Sup3r-FAKE-0000/pass';
  const r = createRedactor({ knownSecrets: [secret] });
  it('masks the exact value anywhere', () => {
    expect(r.redact(`got ${secret} back from the step`).text).toBe('got [REDACTED:configured-secret] back from the step');
  });
  it('masks the base64 form, also inside a longer encoded string (Basic auth)', () => {
    expect(r.redact(`value: ${Buffer.from(secret).toString('base64')}`).text).toBe('value: [REDACTED:configured-secret]');
    const basic = Buffer.from(`deploy:${secret}`).toString('base64');
    const out = r.redact(`X-Upstream-Auth: ${basic}`).text;
    expect(out).toBe('X-Upstream-Auth: [REDACTED:configured-secret]');
  });
  it('masks the URL-encoded form', () => {
    expect(r.redact(`https://x.internal/cb?p=${encodeURIComponent(secret)}&q=1`).text).toBe('https://x.internal/cb?p=[REDACTED:configured-secret]&q=1');
  });
  it('masks the JSON-escaped form', () => {
    const withQuote = 'FAKE"0000\\pass';
    const out = createRedactor({ knownSecrets: [withQuote] }).redact(JSON.stringify({ note: `x ${withQuote} y` })).text;
    expect(out).not.toContain('0000');
  });
  it('ignores values shorter than four characters', () => {
    expect(createRedactor({ knownSecrets: ['ab'] }).redact('ab ab').text).toBe('ab ab');
  });
});

describe('private keys', () => {
  const body = ['MIIEpAIBAAKCAQEAFAKE0000FAKE0000abcdefghijklmnopqrstuvwxyz012345', 'FAKEKEY0000FAKEKEY0000abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP', 'qrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUV=='];
  it('redacts a multi-line PEM body and keeps the armour lines', () => {
    const text = `here it is:\n-----BEGIN RSA PRIVATE KEY-----\n${body.join('\n')}\n-----END RSA PRIVATE KEY-----\nthanks`;
    expect(redacted(text)).toBe('here it is:\n-----BEGIN RSA PRIVATE KEY-----\n[REDACTED:private-key]\n-----END RSA PRIVATE KEY-----\nthanks');
  });
  it('redacts OpenSSH keys and truncated pastes', () => {
    const ssh = `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUFAKE0000${rep('abcDEF123', 40)}\n-----END OPENSSH PRIVATE KEY-----`;
    expect(redacted(ssh)).toContain('[REDACTED:openssh-private-key]');
    const truncated = `-----BEGIN PRIVATE KEY-----\n${body.slice(0, 2).join('\n')}`;
    expect(redacted(truncated)).toBe('-----BEGIN PRIVATE KEY-----\n[REDACTED:private-key]');
  });
  it('redacts a key inside a JSON string with escaped newlines (GCP service account)', () => {
    const json = `{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n${body.join('\\n')}\\n-----END PRIVATE KEY-----\\n"}`;
    const out = redacted(json);
    for (const line of body) expect(out).not.toContain(line.slice(8, 24));
    expect(out).toContain('"type": "service_account"');
  });
});

describe('pastes and assignments', () => {
  it('.env paste: secret keys redacted, others kept', () => {
    const env = ['NODE_ENV=production', 'PORT=8080', 'DB_PASSWORD=Winter42!FAKEpw', 'JWT_SECRET=FAKE0000a8f3c9d2e7b1046f5a9c3e8d7b2f1a0c',
      'LOG_LEVEL=info', 'export API_TOKEN="Zq8FAKE0000tokQ2w9e8r7t"'].join('\n');
    expect(redacted(env)).toBe(['NODE_ENV=production', 'PORT=8080', 'DB_PASSWORD=[REDACTED:password]', 'JWT_SECRET=[REDACTED:secret]',
      'LOG_LEVEL=info', 'export API_TOKEN="[REDACTED:token]"'].join('\n'));
  });
  it('JSON and YAML assignments', () => {
    expect(redacted('{"user": "app", "password": "Fk3#pw-0000-x", "clientSecret": "Zq8FAKE0000secretQ2w9e8r7t"}'))
      .toBe('{"user": "app", "password": "[REDACTED:password]", "clientSecret": "[REDACTED:secret]"}');
    expect(redacted('database:\n  password: Fk3#pw-0000-x\n  pool: 20')).toBe('database:\n  password: [REDACTED:password]\n  pool: 20');
  });
  it('space-separated password directives (.netrc, redis.conf)', () => {
    expect(redacted('machine api.internal login ops password Zq8FAKE-pw-77x')).toBe('machine api.internal login ops password [REDACTED:password]');
    expect(redacted('requirepass Zq8FAKE-pw-77x')).toBe('requirepass [REDACTED:password]');
  });
  it('k8s env entries pair name and value', () => {
    expect(redacted('- name: DB_PASSWORD\n  value: "Zq8FAKE-pw-77x"')).toBe('- name: DB_PASSWORD\n  value: "[REDACTED:password]"');
  });
  it('does not treat short words, booleans or references as secrets', () => {
    for (const text of ['password: required', 'token: true', 'secret: null', 'api_key: ""', 'password_file: /run/secrets/db',
      'client_secret = var.client_secret', 'token_ttl: 3600', 'secretName: orders-db-credentials',
      'amqp-url-password          100.00%  11/11', 'redis password 99.5% of the time']) {
      expect(redacted(text)).toBe(text);
    }
  });
});

describe('idempotence', () => {
  const samples = [
    `AWS_SECRET_ACCESS_KEY=${FAKE.awsSecret}`,
    'postgres://app:Xk9FAKE-pw2024@db:5432/orders',
    `Authorization: Bearer ${FAKE.jwt}`,
    `Cookie: sessionid=k29FAKE0000q8w7e6r5t4y3u2i; csrftoken=${rep('FAKE0000aB', 32)}`,
    `-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAFAKE0000FAKE0000abcdefghijklmnopqrstuvwxyz\n-----END RSA PRIVATE KEY-----`,
    `mysql -uroot -pXk9FAKEpw2 && curl -u a:Xk9FAKEpw2 https://x.internal`,
  ];
  it.each(samples)('redacting twice equals redacting once: %s', (text) => {
    const once = redact(text);
    expect(once.findings.length).toBeGreaterThan(0);
    expect(redact(once.text)).toEqual({ text: once.text, findings: [] });
  });
});
