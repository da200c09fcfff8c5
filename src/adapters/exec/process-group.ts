import { readdirSync, readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';

const POLL_MS = 50;

function errCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

/**
 * Signals the whole process group led by `child` (spawned with `detached: true`), so helpers and
 * background jobs the step started go too. Returns false when the group no longer exists.
 */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  const pid = child.pid;
  if (pid === undefined) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch (e) {
    if (errCode(e) === 'ESRCH') return false;
    // Platforms without process groups (Windows): signal the direct child at least.
    try {
      return child.kill(signal);
    } catch {
      return false;
    }
  }
}

/**
 * Whether any live (non-zombie) process is left in group `pgid`. Zombies count as gone: they are dead,
 * just not yet reaped by init, and waiting for them would only delay the result.
 */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (e) {
    return errCode(e) === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp ..."; comm may contain spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    if (Number(fields[2]) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

/** SIGTERM to the group, then SIGKILL once `graceMs` has passed with anything still alive. */
export async function terminateGroup(child: ChildProcess, graceMs: number): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  if (!signalGroup(child, 'SIGTERM')) return;
  const deadline = performance.now() + graceMs;
  while (performance.now() < deadline) {
    await delay(Math.min(POLL_MS, Math.max(1, deadline - performance.now())));
    if (!groupAlive(pid)) return;
  }
  signalGroup(child, 'SIGKILL');
}
