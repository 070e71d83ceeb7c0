/**
 * Journal writes nobody waits for: facts the app records in the background (a model
 * loaded, a download's progress, a worker's health). A write that fails is reported
 * (the journal-health banner), never swallowed; recording itself never throws.
 */
import type { EventEnvelope } from '../../spec';

/** Appends `events` in one batch; a failure goes to `report`. */
export type RecordEvents = (...events: EventEnvelope[]) => void;

export function createRecorder(
  journal: { appendBatch(events: readonly unknown[]): Promise<unknown> },
  report: (error: unknown) => void,
): RecordEvents {
  return (...events) => {
    if (events.length === 0) return;
    let written: Promise<unknown>;
    try {
      written = journal.appendBatch(events);
    } catch (error) {
      report(error);
      return;
    }
    written.catch(report);
  };
}
