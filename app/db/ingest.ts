/**
 * The idempotent import path for events that arrive from a sync server: each event is
 * validated on its own (a bad one is reported, not written), ids already stored are
 * skipped, and the rest are added in ONE transaction together with optional meta rows
 * (the sync cursor), so a cursor never runs ahead of the events it covers.
 */
import { validateEvent, type EventEnvelope, type EventLimits, type FieldIssue } from '../../spec';
import type { StoredEvent } from '../../core/journal/types';
import type { JournalDb, MetaRow } from './schema';

export interface IngestResult {
  /** Newly stored rows, in seq order. */
  stored: StoredEvent[];
  /** Ids that were already in the journal (or repeated inside the input). */
  skipped: string[];
  /** Inputs that failed validation: their index and field issues. */
  invalid: { index: number; id?: string; issues: FieldIssue[] }[];
}

/**
 * Validates each input (depth and size limits included: an event the server stored under
 * larger limits is reported, not written); returns the valid envelopes and the invalid ones.
 */
export function sortInputs(
  inputs: readonly unknown[],
  limits?: EventLimits,
): { valid: EventEnvelope[]; invalid: IngestResult['invalid'] } {
  const valid: EventEnvelope[] = [];
  const invalid: IngestResult['invalid'] = [];
  inputs.forEach((input, index) => {
    const result = validateEvent(input, limits === undefined ? {} : { limits });
    if (result.ok) valid.push(result.event);
    else {
      const id = (input as { id?: unknown } | null)?.id;
      invalid.push({ index, ...(typeof id === 'string' ? { id } : {}), issues: result.issues });
    }
  });
  return { valid, invalid };
}

/**
 * Writes the valid events not yet stored, and `meta` rows, in one strict transaction.
 * The existence check runs inside the same transaction, so two tabs ingesting the
 * same events cannot both write them.
 */
export async function ingestRows(
  db: JournalDb,
  inputs: readonly unknown[],
  meta: readonly MetaRow[] = [],
  limits?: EventLimits,
): Promise<IngestResult> {
  const { valid, invalid } = sortInputs(inputs, limits);
  return db.transaction('rw', db.events, db.meta, async () => {
    const present = new Set(
      (
        await db.events
          .where('id')
          .anyOf(valid.map((event) => event.id))
          .keys()
      ).map(String),
    );
    const fresh: EventEnvelope[] = [];
    const skipped: string[] = [];
    for (const event of valid) {
      if (present.has(event.id)) skipped.push(event.id);
      else {
        present.add(event.id);
        fresh.push(event);
      }
    }
    const keys = fresh.length === 0 ? [] : await db.events.bulkAdd(fresh, { allKeys: true });
    if (meta.length > 0) await db.meta.bulkPut([...meta]);
    const stored = fresh.map((row, index) => Object.assign(row, { seq: keys[index]! }) as StoredEvent);
    return { stored, skipped, invalid };
  });
}
