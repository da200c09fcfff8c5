import pino, { type DestinationStream } from 'pino';
import type { Logger } from '../core/ports.js';

/**
 * pino logger whose every serialised line passes through `redact` before it is written:
 * one choke point, so nothing a caller logs can carry a secret out.
 */
export function createLogger(opts: {
  level: string;
  redact: (text: string) => string;
  write?: (line: string) => void;
}): Logger & { raw: pino.Logger } {
  const write = opts.write ?? ((line: string) => process.stderr.write(line));
  const dest: DestinationStream = { write: (line: string) => write(opts.redact(line)) };
  const raw = pino({ level: opts.level, base: { app: 'opsgate' } }, dest);
  return {
    raw,
    info: (o, m) => raw.info(o, m),
    warn: (o, m) => raw.warn(o, m),
    error: (o, m) => raw.error(o, m),
  };
}
