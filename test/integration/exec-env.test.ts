import { describe, expect, it } from 'vitest';
import { buildStepEnv, createProcessRunner, maskerFor } from '../../src/adapters/exec/index.js';
import { argvStep, opts } from '../fixtures/exec/helpers.js';

describe('buildStepEnv', () => {
  const base = {
    PATH: '/usr/bin:/bin',
    HOME: '/home/ops',
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    DATABASE_URL: 'postgres://u:p@db/opsgate',
    SLACK_BOT_TOKEN: 'xoxb-not-for-steps',
    DEPLOY_TOKEN: 'dt-123456',
    EMPTY_TOKEN: '',
  };

  it('keeps only PATH, HOME, LANG, TZ, the declared secrets that are set, and extra', () => {
    const r = buildStepEnv(base, ['DEPLOY_TOKEN', 'MISSING_TOKEN', 'EMPTY_TOKEN'], { OPSGATE_PROPOSAL_ID: 'p-1' });
    expect(r.env).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/ops',
      LANG: 'C.UTF-8',
      TZ: 'UTC',
      DEPLOY_TOKEN: 'dt-123456',
      OPSGATE_PROPOSAL_ID: 'p-1',
    });
    expect(r.missing).toEqual(['MISSING_TOKEN', 'EMPTY_TOKEN']);
    expect(r.secrets).toEqual([{ name: 'DEPLOY_TOKEN', value: 'dt-123456' }]);
  });

  it('omits inherited names that are not set', () => {
    expect(buildStepEnv({ PATH: '/bin' }, [], {}).env).toEqual({ PATH: '/bin' });
  });

  it('is what the child sees, and the mask built from it hides the secret', async () => {
    const { env, secrets } = buildStepEnv({ ...base, PATH: process.env.PATH ?? '/usr/bin:/bin' }, ['DEPLOY_TOKEN'], {});
    const r = await createProcessRunner().run(argvStep(['node', 'env.mjs']), opts({ env, mask: maskerFor(secrets) }));
    const seen = JSON.parse(r.output) as Record<string, string>;
    expect(Object.keys(seen).sort()).toEqual(['DEPLOY_TOKEN', 'HOME', 'LANG', 'PATH', 'TZ']);
    expect(seen.DEPLOY_TOKEN).toBe('[REDACTED:secret:DEPLOY_TOKEN]');
  });
});

describe('maskerFor', () => {
  it('replaces every occurrence with a marker naming the secret', () => {
    const m = maskerFor([
      { name: 'A_TOKEN', value: 'aaaa1111' },
      { name: 'B_TOKEN', value: 'b.b*b+b' },
    ]);
    expect(m('x aaaa1111 y aaaa1111 z b.b*b+b')).toBe(
      'x [REDACTED:secret:A_TOKEN] y [REDACTED:secret:A_TOKEN] z [REDACTED:secret:B_TOKEN]',
    );
  });

  it('leaves values shorter than 4 characters alone', () => {
    expect(maskerFor([{ name: 'SHORT', value: 'abc' }])('abc abcd')).toBe('abc abcd');
  });

  it('hides the longer secret whole when one secret contains another', () => {
    const m = maskerFor([
      { name: 'INNER', value: 'secret' },
      { name: 'OUTER', value: 'mysecretvalue' },
    ]);
    expect(m('mysecretvalue and secret')).toBe('[REDACTED:secret:OUTER] and [REDACTED:secret:INNER]');
  });

  it('does not treat $ patterns in values or markers specially', () => {
    expect(maskerFor([{ name: 'D', value: "$&$'x" }])("a $&$'x b")).toBe('a [REDACTED:secret:D] b');
  });

  it('masks each line of a multi-line secret on its own', () => {
    const key = '-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQ\nEFAASCBKcwggSjAgEAAoIBAQC\n-----END KEY-----';
    const m = maskerFor([{ name: 'TLS_KEY', value: key }]);
    expect(m(key)).toBe('[REDACTED:secret:TLS_KEY]');
    expect(m('line: MIIEvQIBADANBgkqhkiG9w0BAQ')).toBe('line: [REDACTED:secret:TLS_KEY]');
  });

  it('is the identity without secrets', () => {
    expect(maskerFor([])('anything')).toBe('anything');
  });
});
