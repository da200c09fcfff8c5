import type { ConfirmOutcome } from '../../app/confirm-proposal.js';
import type { CancelOutcome } from '../../app/cancel-proposal.js';
import type { Noted, RequestOutcome } from '../../app/handle-request.js';
import { displayArgv } from '../../core/catalog/render.js';
import type { Policy } from '../../core/catalog/schema.js';
import { displayName } from '../../core/policy/authorize.js';
import type { Execution, RenderedStep, StepResult } from '../../core/proposal/types.js';
import type { PreviewOutcome } from '../../app/preview-proposal.js';

/** Pure text renderers for the terminal and CLI; the caller sends the result through egress. */

export function renderStep(s: RenderedStep): string {
  return s.kind === 'argv'
    ? `$ ${displayArgv(s.argv)}   (timeout ${s.timeoutSeconds}s)`
    : `${s.method} ${s.url}${s.body !== undefined ? ` ${JSON.stringify(s.body)}` : ''}   (timeout ${s.timeoutSeconds}s)`;
}

const RISK: Record<string, string> = { read: 'read-only', low: 'low risk', high: 'HIGH RISK' };

export function renderRequestOutcome(o: Noted<RequestOutcome>, policy: Policy): string {
  const body = renderOutcomeBody(o, policy);
  return o.note ? `ℹ️ ${o.note}\n${body}` : body;
}

function renderOutcomeBody(o: RequestOutcome, policy: Policy): string {
  switch (o.kind) {
    case 'answer':
      return o.text;
    case 'refuse':
      return `✋ Not proposing anything: ${o.reason}`;
    case 'clarify': {
      const opts = Object.entries(o.options ?? {}).map(([k, v]) => `   ${k}: ${v.join(' | ')}`);
      const cands = o.candidates?.length ? [`   did you mean: ${o.candidates.map((c) => c.playbookId).join(', ')}?`] : [];
      return [`❓ ${o.question}`, ...opts, ...cands].join('\n');
    }
    case 'proposal': {
      const p = o.proposal;
      const pb = o.playbook;
      const params =
        Object.entries(p.params)
          .map(([k, v]) => `${k}=${v}${o.resolved?.[k] ? ` ("${o.resolved[k].from}" as of now)` : ''}`)
          .join('  ') || '(none)';
      const lines = [
        `📋 Proposal ${p.id} — ${pb.title} [${RISK[p.risk] ?? p.risk}]`,
        `   playbook ${pb.id}@${p.playbookVersion}   params ${params}`,
        `   will run:`,
        ...p.steps.map((s) => `     ${s.name}: ${renderStep(s)}`),
      ];
      if (p.dryRun) lines.push('   dry run:', ...p.dryRun.map((s) => `     ${s.name}: ${renderStep(s)}`));
      if (p.lockKey) lines.push(`   lock ${p.lockKey}`);
      lines.push(
        `   confirm: ${pb.confirm.roles.join(' or ')}${p.twoPerson ? ` — two-person rule: someone other than ${displayName(policy, p.requestedBy)}` : ''}`,
        `   expires ${p.expiresAt.toISOString()}   plan ${p.planHash.slice(0, 12)}`,
      );
      if (o.runnerUp) lines.push(`   (runner-up: ${o.runnerUp.playbookId}, confidence ${o.runnerUp.confidence.toFixed(2)})`);
      if (!o.autoRun) lines.push(`   → /confirm ${p.id}   or   /cancel ${p.id}${p.dryRun ? `   (/dryrun ${p.id} to preview)` : ''}`);
      return lines.join('\n');
    }
  }
}

function renderResults(results: readonly StepResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    const status = r.timedOut ? 'timed out' : r.exitCode === 0 ? 'ok' : `exit ${r.exitCode ?? r.signal}`;
    lines.push(`   ${r.name}: ${status} in ${Math.round(r.durationMs)} ms${r.truncated ? ' (output truncated)' : ''}`);
    const out = r.output.trimEnd();
    if (out) lines.push(...out.split('\n').map((l) => `     | ${l}`));
  }
  return lines;
}

export function renderExecution(x: Execution): string {
  const head = x.state === 'succeeded' ? '✅ succeeded' : x.state === 'failed' ? '❌ failed' : `⚠️ ${x.state}`;
  return [`${head} (execution ${x.id})${x.error ? `: ${x.error}` : ''}`, ...renderResults(x.results)].join('\n');
}

export function renderPreviewOutcome(o: PreviewOutcome): string {
  if (o.kind !== 'previewed') return `✋ ${o.message}`;
  const ok = o.results.every((r) => r.exitCode === 0 && !r.timedOut);
  return [`🔎 dry run of ${o.proposal.id}${ok ? '' : ' stopped at a failing step'} (nothing was changed; confirm to run it for real):`, ...renderResults(o.results)].join('\n');
}

export function renderConfirmOutcome(o: ConfirmOutcome): string {
  switch (o.kind) {
    case 'executed':
      return renderExecution(o.execution);
    case 'not-found':
      return `❓ ${o.message}`;
    case 'locked':
      return `🔒 ${o.message}`;
    default:
      return `✋ ${o.message}`;
  }
}

export function renderCancelOutcome(o: CancelOutcome): string {
  return o.kind === 'cancelled' ? `🚫 Proposal ${o.proposal.id} cancelled; nothing ran.` : `✋ ${o.message}`;
}
