/**
 * Coded errors for broken inputs and dependencies. Expected outcomes (refuse, expired,
 * unauthorized) are values, not throws. Every message says what to do next.
 */
export type ErrorCode =
  | 'CATALOG_INVALID'
  | 'CONFIG_INVALID'
  | 'DB_UNAVAILABLE'
  | 'DB_MIGRATION_FAILED'
  | 'NOT_FOUND'
  | 'PARAM_INVALID'
  | 'EXEC_FAILED'
  | 'LLM_FAILED'
  | 'INTERNAL';

export class OpsgateError extends Error {
  readonly code: ErrorCode;
  /** What the operator should do about it, in one sentence. */
  readonly hint: string;
  constructor(code: ErrorCode, message: string, hint = '', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OpsgateError';
    this.code = code;
    this.hint = hint;
  }
  override toString(): string {
    return this.hint ? `${this.code}: ${this.message}\n  → ${this.hint}` : `${this.code}: ${this.message}`;
  }
}

export function isOpsgateError(e: unknown): e is OpsgateError {
  return e instanceof OpsgateError;
}
