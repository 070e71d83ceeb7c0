/**
 * Checks a `JournalQuery` and turns it into the normalized form the planner uses, plus
 * the JS predicate that applies every filter. A bad argument is a caller bug: it is
 * thrown as AppError 'journal-query-invalid' whose message and `details.field` name the field.
 */
import { kindMatchesPrefix } from '../../spec';
import { AppError } from '../../core/errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type JournalQuery, type StoredEvent } from '../../core/journal/types';

/** A checked query: times normalized to the stored ISO form, an empty prefix dropped. */
export interface ParsedQuery {
  kindPrefixes: string[];
  corrId?: string;
  projectId?: string;
  since?: string;
  until?: string;
  beforeSeq?: number;
  limit: number;
}

function badArgument(field: string, message: string): AppError {
  return new AppError('journal-query-invalid', `invalid journal query: ${field} ${message}`, { details: { field } });
}

function isoBound(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw badArgument(field, `must be an ISO-8601 time, got ${JSON.stringify(value)}`);
  // Stored times are all `toISOString()` form, so string order is time order.
  return new Date(ms).toISOString();
}

function optionalText(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) throw badArgument(field, 'must be a non-empty string');
  return value;
}

/** Validates `query`; throws an AppError naming the first bad field. */
export function parseQuery(query: JournalQuery): ParsedQuery {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw badArgument('limit', `must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${String(query.limit)}`);
  }
  const beforeSeq = query.beforeSeq;
  if (beforeSeq !== undefined && (!Number.isInteger(beforeSeq) || beforeSeq < 1)) {
    throw badArgument('beforeSeq', `must be a positive integer, got ${String(beforeSeq)}`);
  }
  const prefixes = query.kindPrefixes ?? [];
  if (!Array.isArray(prefixes) || prefixes.some((prefix) => typeof prefix !== 'string')) {
    throw badArgument('kindPrefixes', 'must be an array of strings');
  }
  return {
    // An empty prefix matches every kind, which is the same as no kind filter.
    kindPrefixes: prefixes.includes('') ? [] : [...new Set(prefixes)],
    corrId: optionalText('corrId', query.corrId),
    projectId: optionalText('projectId', query.projectId),
    since: isoBound('since', query.since),
    until: isoBound('until', query.until),
    beforeSeq,
    limit,
  };
}

/** The predicate applying every filter of `query` (the index only narrows the rows read). */
export function queryMatcher(query: ParsedQuery): ((event: StoredEvent) => boolean) | undefined {
  const { kindPrefixes, corrId, projectId, since, until, beforeSeq } = query;
  const checks: ((event: StoredEvent) => boolean)[] = [];
  if (kindPrefixes.length > 0) checks.push((event) => kindMatchesPrefix(event.kind, kindPrefixes));
  if (corrId !== undefined) checks.push((event) => event.corr_id === corrId);
  if (projectId !== undefined) checks.push((event) => event.project_id === projectId);
  if (since !== undefined) checks.push((event) => event.time >= since);
  if (until !== undefined) checks.push((event) => event.time < until);
  if (beforeSeq !== undefined) checks.push((event) => event.seq < beforeSeq);
  if (checks.length === 0) return undefined;
  return (event) => checks.every((check) => check(event));
}
