import { describe, expect, it } from 'vitest';
import { checkParam, checkParams, parseDurationText, isoToSeconds, secondsToIso } from '../../src/core/catalog/params.js';
import { displayArgv, renderPlan } from '../../src/core/catalog/render.js';
import { ParamSpec, PlaybookSchema } from '../../src/core/catalog/schema.js';
import { validateCatalog } from '../../src/core/catalog/validate.js';
import { planExplicit, tokenize } from '../../src/core/planner/explicit.js';
import { TERMINAL, TRANSITIONS, sourcesOf, transition } from '../../src/core/proposal/state.js';
import { planHash } from '../../src/core/proposal/plan.js';
import { mayConfirm } from '../../src/core/policy/authorize.js';
import { testCatalog } from '../helpers/app.js';

const cat = testCatalog();
const inv = cat.inventory;
const spec = (s: Record<string, unknown>) => ParamSpec.parse({ name: 'x', ...s });

describe('param normalisers', () => {
  it('resolves services and environments by id or alias, case-insensitively', () => {
    expect(checkParam(spec({ type: 'service' }), ' CO ', inv)).toEqual({ ok: true, value: 'checkout' });
    expect(checkParam(spec({ type: 'environment' }), 'Production', inv)).toEqual({ ok: true, value: 'prod' });
    const bad = checkParam(spec({ type: 'service' }), 'checkout; rm -rf /', inv);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toContain('known: checkout, payments');
  });

  it('integers are whole numbers inside their bounds', () => {
    const s = spec({ type: 'integer', min: 1, max: 50 });
    expect(checkParam(s, '12', inv)).toEqual({ ok: true, value: 12 });
    expect(checkParam(s, 0, inv).ok).toBe(false);
    expect(checkParam(s, '51', inv).ok).toBe(false);
    expect(checkParam(s, '3.5', inv).ok).toBe(false);
    expect(checkParam(s, '1e3', inv).ok).toBe(false);
  });

  it('versions normalise to v-prefixed semver; SHAs and declared keywords pass', () => {
    const s = spec({ type: 'version', keywords: ['previous'] });
    expect(checkParam(s, '2.14.1', inv)).toEqual({ ok: true, value: 'v2.14.1' });
    expect(checkParam(s, 'v3.2', inv)).toEqual({ ok: true, value: 'v3.2.0' });
    expect(checkParam(s, 'A1B2C3D', inv)).toEqual({ ok: true, value: 'a1b2c3d' });
    expect(checkParam(s, 'Previous', inv)).toEqual({ ok: true, value: 'previous' });
    expect(checkParam(s, 'latest; curl x', inv).ok).toBe(false);
  });

  it('durations normalise to ISO-8601 and respect bounds', () => {
    expect(parseDurationText('20 min')).toBe(1200);
    expect(parseDurationText('1h30m')).toBe(5400);
    expect(parseDurationText('an hour')).toBe(3600);
    expect(parseDurationText('half an hour')).toBe(1800);
    expect(parseDurationText('PT45M')).toBe(2700);
    expect(parseDurationText('soon')).toBeNull();
    expect(secondsToIso(5400)).toBe('PT1H30M');
    expect(secondsToIso(90000)).toBe('P1DT1H');
    expect(isoToSeconds('P')).toBeNull();
    const s = spec({ type: 'duration', max: 'PT4H' });
    expect(checkParam(s, '2h', inv)).toEqual({ ok: true, value: 'PT2H' });
    expect(checkParam(s, '5 hours', inv).ok).toBe(false);
  });

  it('enums, patterned strings and free text', () => {
    expect(checkParam(spec({ type: 'enum', values: ['on', 'off'] }), 'ON', inv)).toEqual({ ok: true, value: 'on' });
    expect(checkParam(spec({ type: 'string', pattern: '[A-Z]+-\\d+' }), 'INC-42', inv)).toEqual({ ok: true, value: 'INC-42' });
    expect(checkParam(spec({ type: 'string', pattern: '[A-Z]+-\\d+' }), 'INC-42; ls', inv).ok).toBe(false);
    const text = spec({ type: 'text', maxLength: 20 });
    expect(checkParam(text, '$(id) `x` ; | &', inv)).toEqual({ ok: true, value: '$(id) `x` ; | &' });
    expect(checkParam(text, 'x'.repeat(21), inv).ok).toBe(false);
  });

  it('checkParams reports missing, unknown and cross-field problems together', () => {
    const restart = cat.playbooks.find((p) => p.id === 'restart')!;
    const r = checkParams(restart, { service: 'checkout', colour: 'blue' }, inv);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.missing).toEqual(['environment']);
    expect(!r.ok && r.errors.map((e) => e.param)).toEqual(['colour']);
    const status = cat.playbooks.find((p) => p.id === 'status')!;
    expect(checkParams(status, { service: 'checkout' }, inv)).toEqual({ ok: true, params: { service: 'checkout', environment: 'prod' } });
  });
});

describe('rendering a plan', () => {
  const pb = PlaybookSchema.parse({
    id: 'demo',
    title: 'Demo',
    description: 'd',
    examples: ['e'],
    risk: 'low',
    confirm: { roles: ['responder'] },
    lock: '{service}/{environment}',
    params: [
      { name: 'service', type: 'service' },
      { name: 'environment', type: 'environment' },
      { name: 'note', type: 'text' },
    ],
    steps: [
      { name: 'a', run: ['tool', '--target={service}', '{note}'] },
      { name: 'b', http: { method: 'POST', url: 'http://127.0.0.1/svc/{service}?note={note}', body: { note: '{note}' } } },
    ],
  });

  it('keeps each placeholder value inside its one argv element and encodes URL parts', () => {
    const params = { service: 'checkout', environment: 'prod', note: 'a b; $(rm -rf /)&x=1' };
    const plan = renderPlan(pb, params);
    expect(plan.steps[0]).toMatchObject({ kind: 'argv', argv: ['tool', '--target=checkout', 'a b; $(rm -rf /)&x=1'] });
    expect(plan.steps[1]).toMatchObject({ kind: 'http', url: 'http://127.0.0.1/svc/checkout?note=a%20b%3B%20%24(rm%20-rf%20%2F)%26x%3D1', body: { note: params.note } });
    expect(plan.lockKey).toBe('checkout/prod');
    expect(displayArgv(['echo', 'it\'s here'])).toBe(`echo 'it'\\''s here'`);
  });

  it('the plan hash changes with any param or step and not with key order', () => {
    const base = { playbookId: 'demo', playbookVersion: 'v1', params: { a: 1, b: 'x' }, steps: [], dryRun: null, lockKey: null };
    expect(planHash(base)).toBe(planHash({ ...base, params: { b: 'x', a: 1 } }));
    expect(planHash(base)).not.toBe(planHash({ ...base, params: { a: 2, b: 'x' } }));
    expect(planHash(base)).not.toBe(planHash({ ...base, playbookVersion: 'v2' }));
  });
});

describe('the confirmation state table', () => {
  it('has exactly the documented transitions; terminal states go nowhere', () => {
    expect(transition('awaiting', 'approve')).toEqual({ ok: true, to: 'approved' });
    expect(transition('approved', 'start')).toEqual({ ok: true, to: 'running' });
    expect(transition('running', 'interrupt')).toEqual({ ok: true, to: 'interrupted' });
    expect(transition('succeeded', 'start').ok).toBe(false);
    expect(transition('running', 'cancel').ok).toBe(false);
    expect(transition('expired', 'approve').ok).toBe(false);
    expect([...TERMINAL].sort()).toEqual(['cancelled', 'expired', 'failed', 'interrupted', 'rejected', 'succeeded']);
    expect(sourcesOf('approve').sort()).toEqual(['awaiting', 'proposed']);
    for (const s of TERMINAL) expect(Object.keys(TRANSITIONS[s])).toEqual([]);
  });
});

describe('policy', () => {
  const pol = cat.policy;
  const high = { id: 'failover', confirmRoles: ['sre'], twoPerson: true };
  it('requires a role and, for two-person playbooks, someone other than the requester', () => {
    expect(mayConfirm(pol, high, 'U3CAROL', 'U1ALICE')).toEqual({ ok: true });
    expect(mayConfirm(pol, high, 'U1ALICE', 'U1ALICE')).toMatchObject({ ok: false, code: 'two-person' });
    expect(mayConfirm(pol, high, 'U2BOB', 'U1ALICE')).toMatchObject({ ok: false, code: 'not-authorized' });
    expect(mayConfirm(pol, { ...high, twoPerson: false }, 'U1ALICE', 'U1ALICE')).toEqual({ ok: true });
    // A display name is not an identity.
    expect(mayConfirm(pol, high, 'carol', 'U1ALICE')).toMatchObject({ ok: false, code: 'not-authorized' });
  });
});

describe('catalog validation across files', () => {
  it('finds undeclared placeholders, unknown roles, defaulted environments, missing locks and alias clashes', () => {
    const pb = PlaybookSchema.parse({
      id: 'bad',
      title: 'Bad',
      description: 'd',
      examples: ['e'],
      risk: 'high',
      confirm: { roles: ['wizard'], twoPerson: false },
      params: [{ name: 'environment', type: 'environment', required: false, default: 'prod' }],
      steps: [{ name: 's', run: ['x', '{service}'] }],
    });
    const inv2 = { ...inv, environments: [...inv.environments, { id: 'qa', aliases: ['co'], protected: false }] };
    const msgs = validateCatalog([pb], inv2, cat.policy).map((i) => i.message);
    expect(msgs.some((m) => m.includes('placeholder {service}'))).toBe(true);
    expect(msgs.some((m) => m.includes('role "wizard"'))).toBe(true);
    expect(msgs.some((m) => m.includes('must not default the environment'))).toBe(true);
    expect(msgs.some((m) => m.includes('needs a lock key'))).toBe(true);
    expect(msgs.some((m) => m.includes('always need two people'))).toBe(true);
    expect(msgs.some((m) => m.includes('alias "co"'))).toBe(true);
    expect(validateCatalog(cat.playbooks, inv, cat.policy)).toEqual([]);
  });
});

describe('explicit syntax', () => {
  it('tokenises quotes without interpreting anything', () => {
    expect(tokenize(`a=1 b="two words" c='it"s' d=""`).tokens).toEqual(['a=1', 'b=two words', 'c=it"s', 'd=']);
    expect(tokenize('a="open').error).toContain('unclosed');
  });
  it('maps run <id> key=value to a proposal plan, and explains malformed input', () => {
    expect(planExplicit('run restart service=co environment=prod', cat)).toMatchObject({ kind: 'proposal', playbookId: 'restart', params: { service: 'co', environment: 'prod' } });
    expect(planExplicit('restart checkout', cat)).toBeNull();
    expect(planExplicit('run restart checkout', cat)).toMatchObject({ kind: 'refuse', code: 'invalid' });
  });
});
