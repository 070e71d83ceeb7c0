/**
 * All-or-nothing validation of a batch before any write: the first invalid event
 * rejects the whole batch with an error that names its index and fields. The depth and
 * size limits (spec/limits.ts) apply here as on the server.
 */
import { describeIssues, validateEvent, type EventEnvelope, type EventLimits } from '../../spec';
import { AppError } from '../errors';

/** The valid envelopes of `inputs`, or AppError 'event-invalid' for the first bad one. */
export function validateBatch(inputs: readonly unknown[], limits?: EventLimits): EventEnvelope[] {
  const events: EventEnvelope[] = [];
  for (let index = 0; index < inputs.length; index++) {
    const result = validateEvent(inputs[index], limits === undefined ? {} : { limits });
    if (!result.ok) {
      const where = inputs.length > 1 ? `event ${index} of the batch: ` : '';
      throw new AppError('event-invalid', `invalid event, nothing written; ${where}${describeIssues(result.issues)}`, {
        details: { index, issues: result.issues },
      });
    }
    events.push(result.event);
  }
  return events;
}
