import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock, IdSource } from '../core/ports.js';

export const systemClock: Clock = { now: () => new Date() };

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Short, unguessable, URL-safe ids (`p_` + 16 base32 chars = 80 random bits). */
export const randomIds: IdSource = {
  next(prefix = 'id') {
    const bytes = randomBytes(16);
    let s = '';
    for (const b of bytes) s += ALPHABET[b & 31];
    return `${prefix}_${s}`;
  },
};

export function processOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}
