/**
 * Reading one stored row back: the JSON must parse to an envelope-shaped object that
 * nests no deeper than any configuration allows, or serving it could throw (a stack
 * overflow in JSON.stringify) for everyone who reads. Rows written by an older version
 * without those checks land here; they are reported and skipped, never thrown.
 */
import { messageOf } from '../../core/errors/thrown';
import type { EventEnvelope } from '../../spec/envelope';
import { checkEventDepth, EVENT_DEPTH_CEILING } from '../../spec/limits';
import type { ServerEvent } from '../../spec/sync-protocol';

/** A row as selected from `events`. */
export interface Row {
  server_seq: number;
  json: string;
  /** Server receive time (ms); null only if a row escaped the column's backfill. */
  received: number | null;
}

/** A sound event with the time the server received it. */
export interface StoredRow {
  event: ServerEvent;
  received: number | undefined;
}

const TEXT_FIELDS = ['id', 'time', 'kind', 'actor'] as const;

/** The event of `row`, or why it cannot be served. */
export function readRow(row: Row): StoredRow | string {
  let value: unknown;
  try {
    value = JSON.parse(row.json);
  } catch (error) {
    return `its JSON does not parse (${messageOf(error)})`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'it is not a JSON object';
  const record = value as Record<string, unknown>;
  for (const field of TEXT_FIELDS) if (typeof record[field] !== 'string') return `its ${field} is not a string`;
  const payload = record['payload'];
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return 'its payload is not an object';
  const deep = checkEventDepth(record, EVENT_DEPTH_CEILING);
  if (deep !== undefined) return `its ${deep.path} ${deep.message}`;
  return { event: { ...(record as EventEnvelope), server_seq: row.server_seq }, received: row.received ?? undefined };
}
