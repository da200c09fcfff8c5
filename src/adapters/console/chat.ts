import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { cancelProposal } from '../../app/cancel-proposal.js';
import { autoRunProposal, confirmProposal } from '../../app/confirm-proposal.js';
import type { AppDeps } from '../../app/deps.js';
import { handleRequest } from '../../app/handle-request.js';
import { previewProposal } from '../../app/preview-proposal.js';
import { displayName, resolveUser, rolesOf } from '../../core/policy/authorize.js';
import { renderCancelOutcome, renderConfirmOutcome, renderPreviewOutcome, renderRequestOutcome } from './render.js';

const HELP = `Type a request, or:
  run <playbook> key=value …   the explicit form (quote values with spaces)
  /dryrun [id]                 run the last (or given) proposal's dry-run steps: changes nothing
  /confirm [id]                confirm the last (or given) proposal
  /cancel [id]                 cancel the last (or given) proposal
  /as <name|id>                act as another user (try the two-person rule)
  /context <service> <env>     set this channel's incident context (/context clear to reset)
  /who                         who you are and your roles
  /help, /quit`;

export interface ChatOptions {
  deps: AppDeps;
  input: Readable;
  output: Writable;
  user: string;
  channel?: string;
  /** Prompt shown before each line; off for piped input. */
  interactive?: boolean;
}

/**
 * The local chat surface. Every line printed goes through the egress sink "console", and no input can
 * crash it: each turn's errors are caught and reported with what to do.
 */
export async function runChat(opts: ChatOptions): Promise<void> {
  const { deps } = opts;
  const policy = deps.catalog.policy;
  const print = deps.egress.sink('console', (text: string) => {
    opts.output.write(text.endsWith('\n') ? text : `${text}\n`);
  });
  let user = opts.user;
  const channel = opts.channel ?? 'console';
  let context: { service?: string; environment?: string } | undefined;
  let last: string | null = null;
  const rl = createInterface({ input: opts.input, terminal: false });
  const prompt = () => {
    if (opts.interactive) opts.output.write(`${displayName(policy, user)}> `);
  };
  print(`opsgate console — ${deps.catalog.playbooks.length} playbooks. You are ${displayName(policy, user)} (${user}). /help for commands.`);
  prompt();
  for await (const rawLine of rl) {
    const line = rawLine.trim();
    try {
      if (!line) {
        // nothing
      } else if (line === '/quit' || line === '/exit') {
        break;
      } else if (line === '/help') {
        print(HELP);
      } else if (line === '/who') {
        const roles = rolesOf(policy, user);
        print(`You are ${displayName(policy, user)} (${user}); roles: ${roles.join(', ') || 'none'}`);
      } else if (line.startsWith('/as')) {
        const who = line.slice(3).trim();
        const id = who ? resolveUser(policy, who) : null;
        if (!id) print(`✋ unknown user "${who}"; known: ${policy.users.map((u) => u.name).join(', ')}`);
        else {
          user = id;
          print(`Now acting as ${displayName(policy, user)} (${user}).`);
        }
      } else if (line.startsWith('/context')) {
        const [, service, environment] = line.split(/\s+/);
        if (!service || service === 'clear') {
          context = undefined;
          print('Context cleared.');
        } else {
          context = environment ? { service, environment } : { service };
          print(`Context: ${service}${environment ? ` in ${environment}` : ''}.`);
        }
      } else if (line.startsWith('/dryrun')) {
        const id = line.split(/\s+/)[1] ?? last;
        if (!id) print('✋ no proposal yet; make a request first, or give the id: /dryrun p_…');
        else {
          print(`⏳ dry run of ${id}…`);
          print(renderPreviewOutcome(await previewProposal(deps, { proposalId: id, user })));
        }
      } else if (line.startsWith('/confirm') || line.startsWith('/cancel')) {
        const [cmd, arg] = line.split(/\s+/);
        const id = arg ?? last;
        if (!id) print('✋ no proposal yet; make a request first, or give the id: /confirm p_…');
        else if (cmd === '/confirm') {
          print(`⏳ confirming ${id} as ${displayName(policy, user)}…`);
          print(renderConfirmOutcome(await confirmProposal(deps, { proposalId: id, user })));
        } else print(renderCancelOutcome(await cancelProposal(deps, { proposalId: id, user })));
      } else if (line.startsWith('/')) {
        print(`✋ unknown command ${line.split(/\s+/)[0]}; /help lists them`);
      } else {
        const out = await handleRequest(deps, { text: line, user, channel, ...(context ? { context } : {}) });
        print(renderRequestOutcome(out, policy));
        if (out.kind === 'proposal') {
          last = out.proposal.id;
          if (out.autoRun) {
            print('⏳ read-only: running without confirmation (policy autoRunRead)…');
            print(renderConfirmOutcome(await autoRunProposal(deps, out.proposal)));
          }
        }
      }
    } catch (e) {
      const err = e as { code?: string; message?: string; hint?: string };
      deps.log.error({ err: String(e) }, 'console turn failed');
      print(`⚠️ ${err.code ?? 'error'}: ${err.message ?? String(e)}${err.hint ? `\n  → ${err.hint}` : '\n  → nothing was run; try again, and check the log if it repeats'}`);
    }
    prompt();
  }
  rl.close();
}
