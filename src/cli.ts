#!/usr/bin/env node
/** The `opsgate` command. Everything printed goes through the egress (redaction) wrapper. */
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { cancelProposal } from './app/cancel-proposal.js';
import { autoRunProposal, confirmProposal, type ConfirmOutcome } from './app/confirm-proposal.js';
import { createEgress, type Egress } from './app/egress.js';
import { handleRequest, type RequestOutcome } from './app/handle-request.js';
import { formatIssue, loadCatalog } from './adapters/catalog/load.js';
import { runChat } from './adapters/console/chat.js';
import { renderCancelOutcome, renderConfirmOutcome, renderPreviewOutcome, renderRequestOutcome } from './adapters/console/render.js';
import { previewProposal } from './app/preview-proposal.js';
import { exportAuditLog, verifyAuditLog } from './core/audit/tools.js';
import { loadConfig, type Config } from './config.js';
import { isOpsgateError, OpsgateError } from './core/errors.js';
import { resolveUser } from './core/policy/authorize.js';
import { createRedactor } from './core/redaction/index.js';
import { createLogger } from './adapters/log.js';
import { createPlanner, createRuntime, egressFor, type Runtime } from './main.js';

/** Exit codes: 0 done, 1 refused/failed/problems found, 2 usage or configuration error, 70 bug. */
const EXIT = { ok: 0, failed: 1, usage: 2, bug: 70 } as const;

// Until the config is read, output is redacted with the default rules only.
let egress: Egress = createEgress(createRedactor());
const out = (s: string) => egress.sink('stdout', (t: string) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`))(s);
const err = (s: string) => egress.sink('stderr', (t: string) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`))(s);

function config(cmd: Command): Config {
  const o = cmd.optsWithGlobals<{ config?: string }>();
  const c = loadConfig(o.config !== undefined ? { configFile: o.config } : {});
  egress = egressFor(c);
  return c;
}

async function withRuntime<T>(cmd: Command, fn: (rt: Runtime) => Promise<T>, opts: { maintenance?: boolean } = {}): Promise<T> {
  const rt = await createRuntime(config(cmd), { startMaintenance: opts.maintenance ?? false, logWrite: (l) => process.stderr.write(l) });
  egress = rt.egress;
  for (const x of rt.recovered) {
    err(`⚠️ execution ${x.id} of proposal ${x.proposalId} was interrupted (its process stopped); check the target by hand.`);
  }
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

/** Reads a file named on the command line, or says what is wrong with the path. */
function readInput(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new OpsgateError('CONFIG_INVALID', `cannot read ${flag} file ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)})`, 'check the path and that the file is readable');
  }
}

/** Opens a file for writing, reporting a bad path as a usage error instead of an unhandled stream error. */
async function openOutput(file: string): Promise<WriteStream> {
  const stream = createWriteStream(file);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (e: NodeJS.ErrnoException) =>
      reject(new OpsgateError('CONFIG_INVALID', `cannot write ${file} (${e.code ?? e.message})`, 'check that the folder exists and is writable')),
    );
  });
  return stream;
}

function actor(rt: Runtime, as: string | undefined): string {
  if (!as) return process.env.USER ? (resolveUser(rt.deps.catalog.policy, process.env.USER) ?? `cli:${process.env.USER}`) : 'cli';
  return resolveUser(rt.deps.catalog.policy, as) ?? as;
}

interface AskLine {
  id: string;
  kind: RequestOutcome['kind'];
  playbook?: string;
  params?: Record<string, string | number>;
  proposalId?: string;
  missing?: string[];
  reason?: string;
  text?: string;
}

function askJson(id: string, o: RequestOutcome): AskLine {
  switch (o.kind) {
    case 'proposal':
      return { id, kind: o.kind, playbook: o.playbook.id, params: o.proposal.params, proposalId: o.proposal.id };
    case 'clarify':
      return { id, kind: o.kind, ...(o.playbookId ? { playbook: o.playbookId } : {}), missing: o.missing, text: o.question };
    case 'refuse':
      return { id, kind: o.kind, reason: o.reason };
    case 'answer':
      return { id, kind: o.kind, text: o.text };
  }
}

function confirmJson(o: ConfirmOutcome) {
  if (o.kind === 'executed') {
    return {
      kind: o.kind,
      proposalId: o.proposal.id,
      state: o.proposal.state,
      executionId: o.execution.id,
      error: o.execution.error,
      steps: o.execution.results.map((r) => ({ name: r.name, exitCode: r.exitCode, timedOut: r.timedOut, output: r.output })),
    };
  }
  return { kind: o.kind, ...('proposal' in o ? { proposalId: o.proposal.id, state: o.proposal.state } : {}), message: o.message };
}

const BatchLine = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  text: z.string(),
  as: z.string().optional(),
  channel: z.string().optional(),
  context: z.object({ service: z.string().optional(), environment: z.string().optional() }).optional(),
});

const program = new Command()
  .name('opsgate')
  .description('Incident copilot: proposes exact playbook commands from chat and runs them only after an authorized person confirms.')
  .option('-c, --config <file>', 'config file naming the playbooks folder, inventory and policy', undefined)
  .showHelpAfterError('(add --help for usage)')
  // commander's own messages echo what was typed (which may be a pasted token): redact them too.
  .configureOutput({ writeOut: (t) => out(t.replace(/\n$/, '')), writeErr: (t) => err(t.replace(/\n$/, '')) });

program
  .command('serve')
  .description('start opsgate: Slack when SLACK_BOT_TOKEN is set, otherwise the local console chat')
  .option('--as <user>', 'console user (name or id from the policy)')
  .action(async (o: { as?: string }, cmd: Command) => {
    const c = config(cmd);
    if (c.slack) {
      err('SLACK_BOT_TOKEN is set, but the Slack surface is not part of this build yet; unset it to use the console chat.');
      process.exitCode = EXIT.usage;
      return;
    }
    await startChat(cmd, o);
  });

async function startChat(cmd: Command, o: { as?: string; channel?: string }) {
  await withRuntime(
    cmd,
    async (rt) => {
      const users = rt.deps.catalog.policy.users;
      const user = o.as ? actor(rt, o.as) : (users[0]?.id ?? 'console');
      await runChat({
        deps: rt.deps,
        input: process.stdin,
        output: process.stdout,
        user,
        ...(o.channel ? { channel: o.channel } : {}),
        interactive: Boolean(process.stdin.isTTY),
      });
    },
    { maintenance: true },
  );
}

program
  .command('chat')
  .description('interactive terminal chat: type requests, /confirm or /cancel proposals, /as <user> to switch user')
  .option('--as <user>', 'who you are (name or id from the policy); default: the first user in the policy')
  .option('--channel <id>', 'channel id to record', 'console')
  .action(async (o: { as?: string; channel?: string }, cmd: Command) => startChat(cmd, o));

program
  .command('ask')
  .description('plan one request (or a batch) without running anything; prints the proposal, question or refusal')
  .argument('[text]', 'the request, e.g. "run restart-service service=checkout environment=staging"')
  .option('--as <user>', 'requesting user (name or id)')
  .option('--channel <id>', 'channel id', 'cli')
  .option('--service <id>', "the channel's incident service (context)")
  .option('--environment <id>', "the channel's incident environment (context)")
  .option('--batch <file>', 'JSON lines {id, text, as?, channel?, context?}; one JSON line out per input')
  .option('--json', 'print JSON')
  .option('--run-read', 'also run read-only proposals when the policy allows it')
  .action(async (text: string | undefined, o: { as?: string; channel: string; service?: string; environment?: string; batch?: string; json?: boolean; runRead?: boolean }, cmd: Command) => {
    if (!text && !o.batch) {
      err('give the request text, or --batch FILE (see opsgate ask --help)');
      process.exitCode = EXIT.usage;
      return;
    }
    await withRuntime(cmd, async (rt) => {
      if (o.batch) {
        const lines = readInput(o.batch, '--batch').split('\n');
        let n = 0;
        for (const [i, line] of lines.entries()) {
          if (!line.trim()) continue;
          let parsed;
          try {
            parsed = BatchLine.safeParse(JSON.parse(line));
          } catch {
            parsed = null;
          }
          if (!parsed?.success) {
            out(JSON.stringify({ id: `line-${i + 1}`, kind: 'refuse', reason: `line ${i + 1} is not {id, text, as?, channel?, context?} JSON` }));
            continue;
          }
          const b = parsed.data;
          const ctx = b.context ? Object.fromEntries(Object.entries(b.context).filter(([, v]) => v !== undefined)) : undefined;
          const res = await handleRequest(rt.deps, { text: b.text, user: actor(rt, b.as ?? o.as), channel: b.channel ?? o.channel, ...(ctx ? { context: ctx } : {}) });
          out(JSON.stringify(askJson(b.id, res)));
          if (++n % 100 === 0) err(`… ${n} requests planned`);
        }
        return;
      }
      const context = { ...(o.service ? { service: o.service } : {}), ...(o.environment ? { environment: o.environment } : {}) };
      const res = await handleRequest(rt.deps, { text: text!, user: actor(rt, o.as), channel: o.channel, ...(Object.keys(context).length ? { context } : {}) });
      if (o.json) out(JSON.stringify(askJson('1', res)));
      else out(renderRequestOutcome(res, rt.deps.catalog.policy));
      if (res.kind === 'proposal' && res.autoRun && o.runRead) {
        const r = await autoRunProposal(rt.deps, res.proposal);
        out(o.json ? JSON.stringify(confirmJson(r)) : renderConfirmOutcome(r));
      }
      if (res.kind === 'refuse') process.exitCode = EXIT.failed;
    });
  });

program
  .command('confirm')
  .description('confirm a proposal as a user; runs it once if they are authorized')
  .argument('<proposalId>')
  .requiredOption('--as <user>', 'confirming user (name or id from the policy)')
  .option('--plan-hash <hash>', 'refuse unless the stored plan still has this hash')
  .option('--json', 'print JSON')
  .action(async (id: string, o: { as: string; planHash?: string; json?: boolean }, cmd: Command) => {
    await withRuntime(cmd, async (rt) => {
      const res = await confirmProposal(rt.deps, { proposalId: id, user: actor(rt, o.as), ...(o.planHash ? { planHash: o.planHash } : {}) });
      out(o.json ? JSON.stringify(confirmJson(res)) : renderConfirmOutcome(res));
      if (res.kind !== 'executed' || res.execution.state !== 'succeeded') process.exitCode = EXIT.failed;
    });
  });

program
  .command('dryrun')
  .description("run a proposal's dry-run steps (declared to change nothing) and print what they report; needs no confirm")
  .argument('<proposalId>')
  .option('--as <user>', 'who asks (name or id); recorded in the audit log')
  .action(async (id: string, o: { as?: string }, cmd: Command) => {
    await withRuntime(cmd, async (rt) => {
      const res = await previewProposal(rt.deps, { proposalId: id, user: actor(rt, o.as) });
      out(renderPreviewOutcome(res));
      if (res.kind !== 'previewed') process.exitCode = EXIT.failed;
    });
  });

program
  .command('cancel')
  .description('cancel a proposal that has not started')
  .argument('<proposalId>')
  .requiredOption('--as <user>', 'cancelling user (name or id)')
  .option('--json', 'print JSON')
  .action(async (id: string, o: { as: string; json?: boolean }, cmd: Command) => {
    await withRuntime(cmd, async (rt) => {
      const res = await cancelProposal(rt.deps, { proposalId: id, user: actor(rt, o.as) });
      out(o.json ? JSON.stringify({ kind: res.kind, ...('proposal' in res ? { state: res.proposal.state } : {}) }) : renderCancelOutcome(res));
      if (res.kind !== 'cancelled') process.exitCode = EXIT.failed;
    });
  });

program
  .command('proposals')
  .description('list recent proposals and their states')
  .addOption(new Option('--state <state>', 'only this state').choices(['proposed', 'awaiting', 'approved', 'running', 'succeeded', 'failed', 'interrupted', 'cancelled', 'expired', 'rejected']))
  .option('--limit <n>', 'how many', '20')
  .option('--json', 'print JSON lines')
  .action(async (o: { state?: 'awaiting'; limit: string; json?: boolean }, cmd: Command) => {
    await withRuntime(cmd, async (rt) => {
      const list = await rt.deps.proposals.list({ ...(o.state ? { states: [o.state] } : {}), limit: Number(o.limit) || 20 });
      for (const p of list) {
        out(o.json
          ? JSON.stringify({ id: p.id, state: p.state, playbook: p.playbookId, params: p.params, requestedBy: p.requestedBy, decidedBy: p.decidedBy, createdAt: p.createdAt })
          : `${p.id}  ${p.state.padEnd(11)} ${p.playbookId} ${Object.entries(p.params).map(([k, v]) => `${k}=${v}`).join(' ')}  by ${p.requestedBy}`);
      }
      if (!list.length && !o.json) out('no proposals');
    });
  });

const catalogCmd = program.command('catalog').description('work with the playbook catalog');
catalogCmd
  .command('check')
  .description('validate every playbook, the inventory and the policy; prints each problem with file:line and the fix')
  .action((_o: unknown, cmd: Command) => {
    const c = config(cmd);
    const r = loadCatalog(c.paths);
    if (r.ok) {
      out(`catalog ok: ${r.catalog.playbooks.length} playbooks, ${r.catalog.inventory.services.length} services, ${r.catalog.inventory.environments.length} environments, ${Object.keys(r.catalog.policy.roles).length} roles`);
    } else {
      for (const i of r.issues) err(formatIssue(i));
      err(`${r.issues.length} problem(s) found`);
      process.exitCode = EXIT.failed;
    }
  });

const auditCmd = program.command('audit').description('the append-only, hash-chained audit log');
auditCmd
  .command('verify')
  .description('check every row against the hash chain; reports edited, deleted or reordered rows')
  .option('--head <seq:hash>', 'a head printed by an earlier verify: also detects rows deleted from the end since then')
  .action(async (o: { head?: string }, cmd: Command) => {
    const anchor = o.head ? /^(\d+):([0-9a-f]{64})$/.exec(o.head) : null;
    if (o.head && !anchor) {
      err('--head takes SEQ:HASH as printed by an earlier `opsgate audit verify` (e.g. 42:9f86d0…, 64 hex digits)');
      process.exitCode = EXIT.usage;
      return;
    }
    await withRuntime(cmd, async (rt) => {
      const r = await verifyAuditLog(rt.deps.audit);
      const problems = [...r.problems];
      if (anchor) {
        const seq = Number(anchor[1]);
        const [row] = await rt.deps.audit.list({ afterSeq: seq - 1, limit: 1 });
        if (!row || row.seq !== seq) problems.push({ seq, problem: 'the recorded head row is gone: rows were deleted from the end' });
        else if (row.hash !== anchor[2]) problems.push({ seq, problem: 'the recorded head row has a different hash: the log was rewritten' });
      }
      if (!problems.length) {
        out(`audit log ok: ${r.checked} rows, chain intact${r.head ? `; head ${r.head.seq}:${r.head.hash} (keep it to detect truncation later with --head)` : ''}`);
      } else {
        for (const p of problems) err(`row ${p.seq}: ${p.problem}`);
        err(`audit log FAILED verification: ${problems.length} problem(s) in ${r.checked} rows`);
        process.exitCode = EXIT.failed;
      }
    });
  });
auditCmd
  .command('export')
  .description('write the audit log as JSON lines')
  .option('--out <file>', 'file to write (default: stdout)')
  .action(async (o: { out?: string }, cmd: Command) => {
    await withRuntime(cmd, async (rt) => {
      const sink = o.out ? await openOutput(o.out) : null;
      const n = await exportAuditLog(rt.deps.audit, (line: string) => {
        const clean = rt.egress.text(line.trimEnd());
        if (sink) sink.write(`${clean}\n`);
        else out(clean);
      });
      if (sink) await new Promise<void>((res, rej) => sink.end((e?: Error | null) => (e ? rej(e) : res())));
      err(`exported ${n} rows${o.out ? ` to ${o.out}` : ''}`);
    });
  });

const EVAL_SUITES = ['planner', 'redaction'] as const;

program
  .command('eval')
  .description('run an offline evaluation suite and print its report; exits 1 when a CI gate is missed')
  .argument('[suite]', `one of: ${EVAL_SUITES.join(', ')}`)
  .option('--list', 'print the suite names, one a line')
  .addOption(new Option('--planner <kind>', 'planner suite: which planner to measure').choices(['offline', 'llm']).default('offline'))
  .option('--json', 'print the report as JSON')
  .action(async (suite: string | undefined, o: { list?: boolean; planner: 'offline' | 'llm'; json?: boolean }, cmd: Command) => {
    if (o.list) {
      out(EVAL_SUITES.join('\n'));
      return;
    }
    if (!suite || !(EVAL_SUITES as readonly string[]).includes(suite)) {
      err(`name a suite: ${EVAL_SUITES.join(', ')} (e.g. opsgate eval planner)`);
      process.exitCode = EXIT.usage;
      return;
    }
    const c = config(cmd);
    if (suite === 'planner') {
      const { loadDemoCatalog, loadPlannerCases } = await import('../evals/planner/load.js');
      const { runPlannerEval, formatPlannerReport } = await import('./app/eval-planner.js');
      const { createAliasBaseline } = await import('./core/planner/baseline.js');
      const catalog = loadDemoCatalog();
      const cases = loadPlannerCases();
      egress = egressFor(c, catalog);
      const log = createLogger({ level: c.logLevel, redact: egress.text });
      const planner = createPlanner(o.planner === 'llm' ? { ...c, planner: 'llm' } : { ...c, planner: 'offline' }, egress, log);
      err(`planner eval: ${cases.length} cases, planner ${planner.name}, baseline alias matcher…`);
      const report = await runPlannerEval(cases, planner, catalog, { baseline: createAliasBaseline(), redact: egress.text, now: () => performance.now() });
      out(o.json ? JSON.stringify(report) : formatPlannerReport(report, { maxFailures: 50 }));
      if (!report.pass) process.exitCode = EXIT.failed;
    } else {
      const { loadRedactionCorpus } = await import('../evals/redaction/load.js');
      const { runRedactionEval, formatRedactionReport } = await import('./app/eval-redaction.js');
      const corpus = loadRedactionCorpus();
      err(`redaction eval: ${corpus.positives.length} positives, ${corpus.negatives.length} negatives…`);
      const report = runRedactionEval(corpus, createRedactor(), () => performance.now());
      // Misses carry only a 4-character hint of each secret; the report still goes through egress.
      out(o.json ? JSON.stringify(report) : formatRedactionReport(report));
      if (!report.pass) process.exitCode = EXIT.failed;
    }
  });

program
  .command('redact')
  .description('filter stdin to stdout with every secret redacted (pipe logs through it); --jsonl maps {id,text} lines to {id,redacted,findings}')
  .option('--jsonl', 'JSON lines mode')
  .action(async (o: { jsonl?: boolean }, cmd: Command) => {
    const c = config(cmd);
    const { redactStream } = await import('./app/redact-stream.js');
    const redactor = createRedactor({ knownSecrets: c.knownSecretValues() });
    const stats = await redactStream(process.stdin, process.stdout, redactor, { jsonl: o.jsonl ?? false });
    err(`redacted ${stats.findings} secret(s) in ${stats.lines} line(s)${stats.errors ? `; ${stats.errors} line(s) were not {id,text} JSON` : ''}`);
    if (stats.errors) process.exitCode = EXIT.failed;
  });

async function main() {
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (isOpsgateError(e)) {
      err(`error ${e.code}: ${e.message}${e.hint ? `\n  → ${e.hint}` : ''}`);
      process.exitCode = EXIT.usage;
    } else {
      err(`unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n  → this is a bug; nothing further was run. Please report it with the lines above.`);
      process.exitCode = EXIT.bug;
    }
  }
}

await main();
