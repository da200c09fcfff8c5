/**
 * The only reader of process.env. Parsed with zod at start; fails fast with what to fix.
 * Secret values are wrapped in `Secret` so they cannot be printed or serialised by accident.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { OpsgateError } from './core/errors.js';

export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[secret]';
  }
  toJSON(): string {
    return '[secret]';
  }
  [inspect.custom](): string {
    return '[secret]';
  }
}

const FileConfig = z
  .object({
    playbooks: z.string().default('./playbooks'),
    inventory: z.string().default('./playbooks/inventory.yaml'),
    policy: z.string().default('./playbooks/policy.yaml'),
    dataDir: z.string().default('./.opsgate'),
    proposalTtlMinutes: z.number().positive().max(24 * 60).default(15),
    outputCapBytes: z.number().int().positive().default(64 * 1024),
    heartbeatSeconds: z.number().positive().default(5),
    /** A running execution whose heartbeat is older than this is taken as crashed. */
    staleAfterSeconds: z.number().positive().default(30),
    planner: z.enum(['offline', 'llm']).default('offline'),
    llm: z
      .object({
        model: z.string().default('gpt-4o-mini'),
        embeddingModel: z.string().default('text-embedding-3-small'),
        timeoutMs: z.number().int().positive().default(15_000),
      })
      .strict()
      .default({ model: 'gpt-4o-mini', embeddingModel: 'text-embedding-3-small', timeoutMs: 15_000 }),
    /** Env var names whose values are masked everywhere, in addition to those the playbooks declare. */
    secrets: z.array(z.string().regex(/^[A-Z][A-Z0-9_]*$/)).default([]),
  })
  .strict();

const Env = z.object({
  DATABASE_URL: z.string().url().optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().min(1).optional(),
  OPSGATE_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info'),
  OPSGATE_PLANNER: z.enum(['offline', 'llm']).optional(),
});

export interface Config {
  configFile: string | null;
  baseDir: string;
  paths: { playbooks: string; inventory: string; policy: string; dataDir: string };
  proposalTtlMinutes: number;
  outputCapBytes: number;
  heartbeatMs: number;
  staleAfterMs: number;
  planner: 'offline' | 'llm';
  llm: { model: string; embeddingModel: string; timeoutMs: number; apiKey: Secret | null; baseUrl: string | null };
  databaseUrl: Secret | null;
  slack: { botToken: Secret; signingSecret: Secret | null; appToken: Secret | null } | null;
  logLevel: z.infer<typeof Env>['OPSGATE_LOG_LEVEL'];
  /** Names of env vars whose values are secrets (masked everywhere). */
  secretNames: string[];
  /** Reads a secret env var by name; the only way steps get secrets. */
  secret(name: string): string | undefined;
  /** Values of every configured secret that is set, for exact masking. */
  knownSecretValues(extraNames?: readonly string[]): string[];
}

function fail(message: string, hint: string): never {
  throw new OpsgateError('CONFIG_INVALID', message, hint);
}

/** `--config FILE` (default ./opsgate.yaml; absent file = all defaults). Paths are relative to the file. */
export function loadConfig(opts: { configFile?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Config {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const explicit = opts.configFile !== undefined;
  const file = path.resolve(cwd, opts.configFile ?? 'opsgate.yaml');
  let raw: unknown = {};
  if (existsSync(file)) {
    try {
      raw = parseYaml(readFileSync(file, 'utf8')) ?? {};
    } catch (e) {
      fail(`${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`, 'fix the syntax (indentation, quoting) and try again');
    }
  } else if (explicit) {
    fail(`config file ${file} does not exist`, 'pass an existing file with --config, or omit --config to use ./opsgate.yaml or the defaults');
  }
  const fc = FileConfig.safeParse(raw);
  if (!fc.success) {
    const lines = fc.error.issues.map((i) => `  ${i.path.join('.') || '(top)'}: ${i.message}`).join('\n');
    fail(`${file} has invalid settings:\n${lines}`, 'correct them; see the README section "Configuration"');
  }
  const e = Env.safeParse(env);
  if (!e.success) {
    // Name the variable, never echo its value.
    const names = [...new Set(e.error.issues.map((i) => String(i.path[0])))].join(', ');
    fail(`environment variable(s) ${names} are set but invalid`, 'DATABASE_URL and OPENAI_BASE_URL must be URLs (postgres://user:pass@host:5432/db); unset them to use the embedded defaults');
  }
  const c = fc.data;
  const ev = e.data;
  if (c.heartbeatSeconds * 3 > c.staleAfterSeconds) {
    fail(
      `heartbeatSeconds (${c.heartbeatSeconds}) must be at most a third of staleAfterSeconds (${c.staleAfterSeconds})`,
      'otherwise a live run can be taken for crashed and its lock freed; raise staleAfterSeconds or lower heartbeatSeconds',
    );
  }
  const baseDir = existsSync(file) ? path.dirname(file) : cwd;
  const abs = (p: string) => path.resolve(baseDir, p);
  const secretNames = [...new Set([...c.secrets, 'OPENAI_API_KEY', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'])];
  const planner = ev.OPSGATE_PLANNER ?? c.planner;
  if (planner === 'llm' && !ev.OPENAI_API_KEY && !ev.OPENAI_BASE_URL) {
    fail('planner is "llm" but neither OPENAI_API_KEY nor OPENAI_BASE_URL is set', 'set OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server), or use planner: offline');
  }
  const readSecret = (name: string) => {
    const v = env[name];
    return v && v.length ? v : undefined;
  };
  return {
    configFile: existsSync(file) ? file : null,
    baseDir,
    paths: { playbooks: abs(c.playbooks), inventory: abs(c.inventory), policy: abs(c.policy), dataDir: abs(c.dataDir) },
    proposalTtlMinutes: c.proposalTtlMinutes,
    outputCapBytes: c.outputCapBytes,
    heartbeatMs: c.heartbeatSeconds * 1000,
    staleAfterMs: c.staleAfterSeconds * 1000,
    planner,
    llm: {
      ...c.llm,
      apiKey: ev.OPENAI_API_KEY ? new Secret(ev.OPENAI_API_KEY) : null,
      baseUrl: ev.OPENAI_BASE_URL ?? null,
    },
    databaseUrl: ev.DATABASE_URL ? new Secret(ev.DATABASE_URL) : null,
    slack: ev.SLACK_BOT_TOKEN
      ? {
          botToken: new Secret(ev.SLACK_BOT_TOKEN),
          signingSecret: ev.SLACK_SIGNING_SECRET ? new Secret(ev.SLACK_SIGNING_SECRET) : null,
          appToken: ev.SLACK_APP_TOKEN ? new Secret(ev.SLACK_APP_TOKEN) : null,
        }
      : null,
    logLevel: ev.OPSGATE_LOG_LEVEL,
    secretNames,
    secret: readSecret,
    knownSecretValues(extra = []) {
      const vals = [...secretNames, ...extra].map(readSecret).filter((v): v is string => v !== undefined);
      const dbPass = ev.DATABASE_URL ? safePassword(ev.DATABASE_URL) : undefined;
      if (dbPass) vals.push(dbPass);
      return [...new Set(vals)];
    },
  };
}

function safePassword(url: string): string | undefined {
  try {
    const p = decodeURIComponent(new URL(url).password);
    return p.length >= 4 ? p : undefined;
  } catch {
    return undefined;
  }
}

/** Base environment every step receives: no implicit inheritance of the opsgate process's env. */
export function baseStepEnv(dataDir: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = { OPSGATE_HOME: dataDir };
  for (const k of ['PATH', 'HOME', 'LANG', 'TZ']) {
    const v = env[k];
    if (v) out[k] = v;
  }
  return out;
}
