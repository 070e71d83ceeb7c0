/**
 * All-or-nothing validation of a batch before any write: the first invalid event
 * rejects the whole batch with an error that names its index and fields.
 */
import { describeIssues, validateEvent, type EventEnvelope } from '../../spec';
import { AppError } from '../errors';

export function validateBatch(inputs: readonly unknown[]): EventEnvelope[] {
  const events: EventEnvelope[] = [];
  for (let index = 0; index < inputs.length; index++) {
    const result = validateEvent(inputs[index]);
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
