import type { RunOptions } from '../../core/ports.js';
import type { RenderedStep, StepResult } from '../../core/proposal/types.js';
import { OutputCollector } from './output.js';
import { failedResult, note } from './result.js';

export type HttpStep = Extract<RenderedStep, { kind: 'http' }>;

/**
 * `${env:NAME}` in a header value is replaced at request time by the step's env var NAME, so a token
 * reaches the request without ever being part of the rendered (stored, hashed, previewed) plan.
 */
const ENV_REF = /\$\{env:([A-Z][A-Z0-9_]*)\}/g;

function expandHeaders(headers: Record<string, string>, env: Record<string, string>): { headers: Record<string, string>; missing: string[] } {
  const missing: string[] = [];
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    out[k] = v.replace(ENV_REF, (whole, name: string) => {
      const val = env[name];
      if (val === undefined) {
        missing.push(name);
        return whole;
      }
      return val;
    });
  }
  return { headers: out, missing };
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  const n = name.toLowerCase();
  return Object.keys(headers).some((k) => k.toLowerCase() === n);
}

function describeNetworkError(e: unknown): string {
  const err = e as { message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused; is the service listening on that host and port?',
    ENOTFOUND: 'host not found (DNS lookup failed); check the host name in the playbook',
    EAI_AGAIN: 'DNS lookup failed temporarily; retry, or check the resolver',
    ECONNRESET: 'the connection was reset by the server',
    EHOSTUNREACH: 'host unreachable; check the network route',
    ETIMEDOUT: 'the connection timed out',
    CERT_HAS_EXPIRED: 'the server certificate has expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed and not trusted',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate could not be verified',
  };
  if (code && known[code]) return `${code}: ${known[code]}`;
  if (code) return `${code}: ${err.cause?.message ?? err.message ?? 'network error'}`;
  return err.cause?.message ?? err.message ?? String(e);
}

/**
 * Runs one HTTP step with fetch. exitCode is 0 for a 2xx response and 1 for any other status
 * (redirects are not followed, so 3xx is reported, with its Location, rather than silently calling
 * another URL than the one confirmed); exitCode is null when no response arrived (network error,
 * timeout, cancel). Output is `HTTP <status> <text>` then the body, capped and masked.
 */
export async function runHttpStep(step: HttpStep, opts: RunOptions): Promise<StepResult> {
  const started = performance.now();
  const fail = (text: string, timedOut = false): StepResult => ({ ...failedResult(step.name, started, note(text), opts), timedOut });
  const target = `${step.method} ${step.url}`;
  if (opts.signal?.aborted) return fail('step not started: the run was cancelled');

  const { headers, missing } = expandHeaders(step.headers, opts.env);
  if (missing.length > 0) {
    return fail(`${target}: header references unset env var(s) ${missing.join(', ')}; declare them in the playbook's secrets`);
  }
  let body: string | undefined;
  if (step.body !== undefined && step.body !== null) {
    if (typeof step.body === 'string') body = step.body;
    else {
      body = JSON.stringify(step.body);
      if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
    }
  }

  const timeoutSignal = AbortSignal.timeout(step.timeoutSeconds * 1000);
  const signal = opts.signal ? AbortSignal.any([timeoutSignal, opts.signal]) : timeoutSignal;
  const whyAborted = (): 'timeout' | 'aborted' | null =>
    timeoutSignal.aborted ? 'timeout' : opts.signal?.aborted ? 'aborted' : null;

  let res: Response;
  try {
    const init: RequestInit = { method: step.method, headers, signal, redirect: 'manual' };
    if (body !== undefined) init.body = body;
    res = await fetch(step.url, init);
  } catch (e) {
    const why = whyAborted();
    if (why === 'timeout') return fail(`${target}: no response within ${step.timeoutSeconds}s (timed out)`, true);
    if (why === 'aborted') return fail(`${target}: cancelled before a response arrived`);
    return fail(`${target} failed: ${describeNetworkError(e)}`);
  }

  const out = new OutputCollector(opts.outputCap, opts.mask, opts.onOutput);
  let head = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}\n`;
  const location = res.headers.get('location');
  if (res.status >= 300 && res.status < 400 && location) head += `Location: ${location}\n`;
  out.push('stdout', Buffer.from(head, 'utf8'));

  const notes: string[] = [];
  let reason: 'timeout' | 'aborted' | null = null;
  if (res.body) {
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        out.push('stdout', Buffer.from(value.buffer, value.byteOffset, value.byteLength));
        if (out.full) {
          // Unlike a pipe, nothing blocks if the rest is not read; the collector already counts it as truncated.
          await reader.cancel().catch(() => {});
          break;
        }
      }
    } catch (e) {
      reason = whyAborted();
      if (reason === 'timeout') notes.push(note(`response body not complete within ${step.timeoutSeconds}s (timed out)`));
      else if (reason === 'aborted') notes.push(note('cancelled while reading the response body'));
      else notes.push(note(`reading the response body failed: ${describeNetworkError(e)}`));
    }
  }

  const { output, truncated } = out.finish(notes);
  return {
    name: step.name,
    exitCode: reason ? null : res.status >= 200 && res.status < 300 ? 0 : 1,
    signal: null,
    timedOut: reason === 'timeout',
    durationMs: Math.round(performance.now() - started),
    output,
    truncated,
  };
}
