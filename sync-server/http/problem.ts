/**
 * RFC 7807 problem details (SPEC §2): one shape for every error response, with a
 * catalog `code`, and for validation an `errors` array of `{ path, message }`.
 * Handlers throw `HttpError`; app.onError turns it (and AppError) into a response.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isAppError } from '../../core/errors/app-error';
import type { ErrorCode } from '../../core/errors/catalog';
import type { Problem } from '../../spec/http';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Statuses for AppError codes thrown from deeper layers (unknown codes → 500). */
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  'event-invalid': 400,
  'invalid-request': 400,
  unauthorized: 401,
  forbidden: 403,
  gated: 403,
  'not-found': 404,
  'token-unknown': 404,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'rate-limited': 429,
};

export interface FieldError {
  path: string;
  message: string;
}

/** An expected HTTP failure with its status, catalog code and optional field errors. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: { errors?: FieldError[]; gatingKey?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The problem body for `status`/`code`. */
export function problemBody(status: number, code: string, detail: string | undefined, instance: string, extra: { errors?: FieldError[]; gatingKey?: string } = {}): Problem {
  return {
    type: `https://arw-hub.local/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail === undefined ? {} : { detail }),
    code,
    instance,
    ...(extra.errors ? { errors: extra.errors } : {}),
    ...(extra.gatingKey ? { gating_key: extra.gatingKey } : {}),
  };
}

/** A problem+json response. */
export function problemResponse(status: number, code: string, detail: string | undefined, instance: string, extra: { errors?: FieldError[]; gatingKey?: string; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(problemBody(status, code, detail, instance, extra)), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...(status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}), ...extra.headers },
  });
}

/** Maps any thrown value to a problem response; unexpected errors become a bare 500. */
export function errorToResponse(error: unknown, c: Context): Response {
  if (error instanceof HttpError) return problemResponse(error.status, error.code, error.message, c.req.path, error.extra);
  if (isAppError(error)) {
    const status = STATUS_BY_CODE[error.code] ?? 500;
    return problemResponse(status, error.code, status === 500 ? undefined : error.message, c.req.path);
  }
  return problemResponse(500, 'internal', undefined, c.req.path);
}

export type { ContentfulStatusCode };
