/**
 * The app's one reading of worker rejections. Comlink keeps only an Error's name and
 * message, so workers reject with an Error named `AppError` whose message is the
 * `{ code, message, details }` JSON (workers/inference/boundary-error.ts); this turns
 * it back into an AppError, and anything unrecognized into `internal`.
 */
import { z } from 'zod';
import { AppError, ERROR_MESSAGES, messageOf, type ErrorCode } from '../../core/errors';
import type { BoundaryErrorName } from '../../workers/inference/api';

const BOUNDARY_ERROR_NAME: BoundaryErrorName = 'AppError';

const SerializedErrorSchema = z.object({
  code: z.enum(Object.keys(ERROR_MESSAGES) as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
  details: z.unknown().optional(),
});

/** Rebuilds the AppError a worker rejected with; anything else becomes `internal`, named after `worker`. */
export function toAppError(error: unknown, worker = 'inference worker'): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Error && error.name === BOUNDARY_ERROR_NAME) {
    let body: unknown;
    try {
      body = JSON.parse(error.message);
    } catch {
      body = undefined;
    }
    const parsed = SerializedErrorSchema.safeParse(body);
    if (parsed.success) return new AppError(parsed.data.code, parsed.data.message, { details: parsed.data.details });
  }
  return new AppError('internal', `${worker}: ${messageOf(error)}`, { cause: error });
}

/** Runs one call to a worker; its rejection arrives as an AppError (see `toAppError`). */
export async function acrossBoundary<T>(call: () => Promise<T>, worker?: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAppError(error, worker);
  }
}
