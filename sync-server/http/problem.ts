/**
 * RFC 9457 problem details (SPEC §2; 9457 replaced RFC 7807): one shape for every
 * error response, with a catalogue `code` whose HTTP status comes from one map, and
 * for validation an `errors` array of `{ path, message }`. Handlers throw `AppError`
 * (its `details` may carry the problem's extras); app.onError turns it into a response.
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
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The HTTP status of each code the server answers with; every other code is a 500. */
const STATUS_BY_CODE = {
  'event-invalid': 400,
  'invalid-request': 400,
  'journal-query-invalid': 400,
  unauthorized: 401,
  forbidden: 403,
  gated: 403,
  'host-not-allowed': 403,
  'not-found': 404,
  'token-unknown': 404,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'rate-limited': 429,
  'app-not-built': 503,
} as const satisfies Partial<Record<ErrorCode, ContentfulStatusCode>>;

export interface FieldError {
  path: string;
  message: string;
}

/** What a problem carries besides its code and detail; an AppError thrown for HTTP puts it in `details`. */
export interface ProblemExtra {
  errors?: readonly FieldError[];
  gatingKey?: string;
  headers?: Record<string, string>;
}

/** The status a response with `code` answers with. */
export function statusOf(code: ErrorCode): ContentfulStatusCode {
  return (STATUS_BY_CODE as Partial<Record<ErrorCode, ContentfulStatusCode>>)[code] ?? 500;
}

/** The reason phrase of `status` (the problem's `title`, the status line of a raw reply). */
export function titleOf(status: number): string {
  return TITLES[status] ?? 'Error';
}

/** The problem body for `code`. */
export function problemBody(
  code: ErrorCode,
  detail: string | undefined,
  instance: string,
  extra: Omit<ProblemExtra, 'headers'> = {},
): Problem {
  const status = statusOf(code);
  return {
    type: `https://arw-hub.local/problems/${code}`,
    title: titleOf(status),
    status,
    ...(detail === undefined ? {} : { detail }),
    code,
    instance,
    ...(extra.errors ? { errors: [...extra.errors] } : {}),
    ...(extra.gatingKey ? { gating_key: extra.gatingKey } : {}),
  };
}

/** The headers every problem response carries (401 asks for a bearer token), then `extra`'s. */
export function problemHeaders(code: ErrorCode, extra: ProblemExtra = {}): Record<string, string> {
  return {
    'Content-Type': 'application/problem+json',
    ...(statusOf(code) === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}),
    ...extra.headers,
  };
}

/** A problem+json response for `code`. */
export function problemResponse(
  code: ErrorCode,
  detail: string | undefined,
  instance: string,
  extra: ProblemExtra = {},
): Response {
  return new Response(JSON.stringify(problemBody(code, detail, instance, extra)), {
    status: statusOf(code),
    headers: problemHeaders(code, extra),
  });
}

/** The extras in an AppError's `details`, taking only fields of the right shape (details also carry other layers' data). */
function extraOf(details: unknown): ProblemExtra {
  if (typeof details !== 'object' || details === null) return {};
  const { errors, gatingKey, headers } = details as Record<string, unknown>;
  const isFieldError = (e: unknown) =>
    typeof (e as FieldError | null)?.path === 'string' && typeof (e as FieldError).message === 'string';
  return {
    ...(Array.isArray(errors) && errors.every(isFieldError) ? { errors: errors as FieldError[] } : {}),
    ...(typeof gatingKey === 'string' ? { gatingKey } : {}),
    ...(typeof headers === 'object' && headers !== null && Object.values(headers).every((v) => typeof v === 'string')
      ? { headers: headers as Record<string, string> }
      : {}),
  };
}

/** Maps any thrown value to a problem response; a 500 never shows its message (it may hold internals). */
export function errorToResponse(error: unknown, c: Context): Response {
  if (!isAppError(error)) return problemResponse('internal', undefined, c.req.path);
  const internal = statusOf(error.code) === 500;
  return problemResponse(
    error.code,
    internal ? undefined : error.message,
    c.req.path,
    internal ? {} : extraOf(error.details),
  );
}

export type { ContentfulStatusCode };
