import { describe, expect, it } from 'vitest';
import { fixtureCatalog } from '../../evals/planner/fixture-catalog.js';
import { aliasFormats, createAliasBaseline } from '../../src/core/planner/baseline.js';

const catalog = fixtureCatalog();
const baseline = createAliasBaseline();

describe('alias baseline', () => {
  it('derives StackStorm-style formats from the examples', () => {
    const displays = aliasFormats(catalog).map((f) => f.display);
    expect(displays).toContain('restart {app} in {env}');
    expect(displays).toContain('set {app} to {workers} workers in {env}');
  });
  it('matches only the exact format', async () => {
    expect(await baseline.plan({ text: 'restart mailer in qa', user: 'u', channel: 'c' }, catalog)).toMatchObject({ kind: 'proposal', playbookId: 'bounce-app', params: { app: 'mailer', env: 'qa' } });
    expect(await baseline.plan({ text: 'please restart the mailer in qa', user: 'u', channel: 'c' }, catalog)).toMatchObject({ kind: 'refuse' });
  });
});
