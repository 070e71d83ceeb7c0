/**
 * What to read from a thrown value whose type nobody promised: its message and its
 * catalogue code. Boundaries and UI state use these instead of ad-hoc `instanceof`
 * checks, so a non-Error throw (a string, a DOMException-like object) never hides.
 */
import { isAppError } from './app-error';
import { ERROR_MESSAGES, type ErrorCode } from './catalog';

/** The message of `error` when it is an Error, otherwise its string form. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True when `value` is a code of the catalogue (e.g. read from a wire or a worker). */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_MESSAGES, value);
}

/**
 * The catalogue code of a thrown value: an AppError's code, or the `code` of a plain
 * `{ code, message }` when it is catalogued; anything else is `fallback`.
 */
export function codeOf(error: unknown, fallback: ErrorCode = 'internal'): ErrorCode {
  if (isAppError(error)) return error.code;
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return isErrorCode(code) ? code : fallback;
}
