/** The one error class of the project: a catalog code, a message, optional details and cause. */
import type { ErrorCode } from './catalog';

export interface SerializedError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }

  /** Plain data for boundaries that drop class identity (Comlink, postMessage, JSON). */
  toJSON(): SerializedError {
    return { code: this.code, message: this.message, details: this.details };
  }

  static from(serialized: SerializedError): AppError {
    return new AppError(serialized.code, serialized.message, { details: serialized.details });
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
