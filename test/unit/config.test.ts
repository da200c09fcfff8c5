import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const dir = () => mkdtempSync(path.join(tmpdir(), 'opsgate-cfg-'));

describe('config', () => {
  it('defaults to the embedded setup when nothing is configured', () => {
    const c = loadConfig({ env: {}, cwd: dir() });
    expect(c.databaseUrl).toBeNull();
    expect(c.planner).toBe('offline');
    expect(c.slack).toBeNull();
    expect(c.proposalTtlMinutes).toBe(15);
  });

  it('wraps secrets so printing or serialising the config never shows them', () => {
    const env = { DATABASE_URL: 'postgres://app:fake-db-pass-0000@db:5432/ops', OPENAI_API_KEY: 'sk-fake-EXAMPLE-0000000000', PAGER_API_TOKEN: 'fake-pager-0000' };
    const d = dir();
    writeFileSync(path.join(d, 'opsgate.yaml'), 'secrets: [PAGER_API_TOKEN]\n');
    const c = loadConfig({ env, cwd: d });
    const shown = `${inspect(c, { depth: 5 })} ${JSON.stringify(c)} ${String(c.llm.apiKey)}`;
    for (const v of ['fake-db-pass-0000', 'sk-fake-EXAMPLE-0000000000']) expect(shown).not.toContain(v);
    expect(c.databaseUrl?.reveal()).toBe(env.DATABASE_URL);
    expect(c.knownSecretValues().sort()).toEqual(['fake-db-pass-0000', 'fake-pager-0000', 'sk-fake-EXAMPLE-0000000000'].sort());
  });

  it('names a bad variable without echoing its value, and says what to do', () => {
    expect(() => loadConfig({ env: { DATABASE_URL: 'not a url fake-secret-0000' }, cwd: dir() })).toThrow(/DATABASE_URL/);
    try {
      loadConfig({ env: { DATABASE_URL: 'not a url fake-secret-0000' }, cwd: dir() });
    } catch (e) {
      expect(String(e)).not.toContain('fake-secret-0000');
      expect((e as { hint: string }).hint).toContain('unset');
    }
  });

  it('rejects unknown settings and resolves paths relative to the config file', () => {
    const d = dir();
    writeFileSync(path.join(d, 'opsgate.yaml'), 'playbook: ./x\n');
    expect(() => loadConfig({ env: {}, cwd: d })).toThrow(/invalid settings/);
    writeFileSync(path.join(d, 'opsgate.yaml'), 'playbooks: ./pb\ndataDir: ./data\n');
    const c = loadConfig({ env: {}, cwd: '/' , configFile: path.join(d, 'opsgate.yaml') });
    expect(c.paths.playbooks).toBe(path.join(d, 'pb'));
    expect(c.paths.dataDir).toBe(path.join(d, 'data'));
  });

  it('refuses the llm planner without an endpoint', () => {
    const d = dir();
    writeFileSync(path.join(d, 'opsgate.yaml'), 'planner: llm\n');
    expect(() => loadConfig({ env: {}, cwd: d })).toThrow(/OPENAI_API_KEY/);
  });
});
