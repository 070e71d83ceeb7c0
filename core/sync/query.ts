/**
 * Query parameters of `GET /events`, `/events/tail` and `/state/*` (SPEC E6), parsed
 * from a plain getter so the HTTP framework stays outside. Every bad value is reported
 * with the parameter's name, for a 400 problem+json.
 */
import type { Result } from '../lib/result';
import { parsePrefixes, PREFIX_PATTERN, type EventFilter } from './filters';

/** Returns every value of a query parameter (repeated parameters give several). */
export type QueryGetter = (name: string) => readonly string[];

export interface QueryIssue {
  path: string;
  message: string;
}

/** Where an SSE stream starts: live only, newest N first, or after a cursor. */
export type StreamStart = { mode: 'live' } | { mode: 'recent'; count: number } | { mode: 'after'; after: number };

export const MAX_REPLAY = 1000;
export const DEFAULT_TAIL = 100;

function single(get: QueryGetter, name: string, issues: QueryIssue[]): string | undefined {
  const values = get(name);
  if (values.length > 1) issues.push({ path: name, message: `give '${name}' once, not ${values.length} times` });
  return values[0];
}

function integer(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
  issues: QueryIssue[],
): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    issues.push({ path: name, message: `must be an integer from ${min} to ${max}, got '${value.slice(0, 40)}'` });
    return undefined;
  }
  return n;
}

function text(value: string | undefined, name: string, issues: QueryIssue[]): string | undefined {
  if (value === undefined) return undefined;
  if (value.length < 1 || value.length > 128) issues.push({ path: name, message: 'must be 1 to 128 characters' });
  return value;
}

/** `prefix`, `corr_id`, `project`: the filters shared by every event read. */
export function parseFilter(get: QueryGetter, issues: QueryIssue[]): EventFilter {
  const filter: EventFilter = {};
  const prefixes = parsePrefixes(get('prefix'));
  const bad = prefixes.find((prefix) => !PREFIX_PATTERN.test(prefix) || prefix.length > 128);
  if (bad !== undefined)
    issues.push({
      path: 'prefix',
      message: `'${bad.slice(0, 40)}' is not a kind prefix (lower dot.case, e.g. policy.)`,
    });
  if (prefixes.length > 32) issues.push({ path: 'prefix', message: 'at most 32 prefixes' });
  if (prefixes.length > 0) filter.prefixes = prefixes;
  const corrId = text(single(get, 'corr_id', issues), 'corr_id', issues);
  if (corrId !== undefined) filter.corrId = corrId;
  const project = text(single(get, 'project', issues), 'project', issues);
  if (project !== undefined) filter.projectId = project;
  return filter;
}

/**
 * `GET /events`: filters plus where to start. `Last-Event-ID` (an EventSource
 * reconnect) wins over `after` and `replay`, so a reconnecting stream resumes instead
 * of replaying again; `after` and `replay` together are an error.
 */
export function parseStreamQuery(
  get: QueryGetter,
  lastEventId: string | undefined,
): Result<{ filter: EventFilter; start: StreamStart }, QueryIssue[]> {
  const issues: QueryIssue[] = [];
  const filter = parseFilter(get, issues);
  const after = integer(single(get, 'after', issues), 'after', 0, Number.MAX_SAFE_INTEGER, issues);
  const replay = integer(single(get, 'replay', issues), 'replay', 0, MAX_REPLAY, issues);
  const resumed = integer(lastEventId?.trim(), 'Last-Event-ID', 0, Number.MAX_SAFE_INTEGER, issues);
  if (after !== undefined && replay !== undefined && resumed === undefined) {
    issues.push({ path: 'replay', message: "use either 'after' (or Last-Event-ID) or 'replay', not both" });
  }
  if (issues.length > 0) return { ok: false, error: issues };
  const cursor = resumed ?? after;
  const start: StreamStart =
    cursor !== undefined
      ? { mode: 'after', after: cursor }
      : replay !== undefined && replay > 0
        ? { mode: 'recent', count: replay }
        : { mode: 'live' };
  return { ok: true, value: { filter, start } };
}

/** `GET /events/tail`: filters plus `n` (1–1000, default 100). */
export function parseTailQuery(get: QueryGetter): Result<{ filter: EventFilter; n: number }, QueryIssue[]> {
  const issues: QueryIssue[] = [];
  const filter = parseFilter(get, issues);
  const n = integer(single(get, 'n', issues), 'n', 1, MAX_REPLAY, issues) ?? DEFAULT_TAIL;
  return issues.length > 0 ? { ok: false, error: issues } : { ok: true, value: { filter, n } };
}

/** Items of one `/state/*` page when `limit` is not given, and the most one page may hold. */
export const DEFAULT_STATE_LIMIT = 100;
export const MAX_STATE_LIMIT = 1000;

/** A `/state/*` cursor: opaque base64url (the server decodes it against the view's order). */
const CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,512}$/;

/** `GET /state/*`: an optional `project`, the page size `limit` (1–1000, default 100) and `cursor`. */
export function parseStateQuery(
  get: QueryGetter,
): Result<{ projectId?: string; limit: number; cursor?: string }, QueryIssue[]> {
  const issues: QueryIssue[] = [];
  const project = text(single(get, 'project', issues), 'project', issues);
  const limit = integer(single(get, 'limit', issues), 'limit', 1, MAX_STATE_LIMIT, issues) ?? DEFAULT_STATE_LIMIT;
  const cursor = single(get, 'cursor', issues);
  if (cursor !== undefined && !CURSOR_PATTERN.test(cursor))
    issues.push({
      path: 'cursor',
      message: 'must be the next_cursor of an earlier page (1 to 512 base64url characters: A-Z a-z 0-9 - _)',
    });
  if (issues.length > 0) return { ok: false, error: issues };
  return {
    ok: true,
    value: {
      limit,
      ...(project === undefined ? {} : { projectId: project }),
      ...(cursor === undefined ? {} : { cursor }),
    },
  };
}
