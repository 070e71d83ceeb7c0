/**
 * Turns anything thrown inside the worker into the one rejection shape `api.ts`
 * promises: an Error named `AppError` with `{ code, message, details }` as JSON in its
 * message. Unknown throwables become `internal` (bugs) so no stack detail is lost silently.
 */
import { isAppError, messageOf, type SerializedError } from '../../core/errors';
import type { BoundaryErrorName } from './api';

const NAME: BoundaryErrorName = 'AppError';

/** The serialized form of `error`: an AppError as is, anything else as `internal`. */
export function serializeError(error: unknown): SerializedError {
  if (isAppError(error)) return error.toJSON();
  const message = messageOf(error);
  return { code: 'internal', message: message || 'unknown error in the inference worker' };
}

/** The Error to reject with so that Comlink carries the code across. */
export function toBoundaryError(error: unknown): Error {
  const boundary = new Error(JSON.stringify(serializeError(error)));
  boundary.name = NAME;
  return boundary;
}

/** Wraps every method of `api` so its rejections are boundary errors. */
export function withBoundaryErrors<T extends object>(api: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(api)) {
    wrapped[key] =
      typeof value === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (value as (...a: unknown[]) => unknown).apply(api, args);
            } catch (error) {
              throw toBoundaryError(error);
            }
          }
        : value;
  }
  return wrapped as T;
}
