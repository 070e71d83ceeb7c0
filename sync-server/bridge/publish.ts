/**
 * One publish to JetStream as this instance: the server header (so instances skip their
 * own messages), a timeout, and the event id as `msgID` (JetStream de-duplicates by it).
 */
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import type { OutboxItem } from './outbox';

/** Header naming the publishing server instance (loop prevention). */
export const SERVER_HEADER = 'Arw-Server';

/** Publishes `item`; resolves with the ack once the stream stored it. */
export function publishOne(js: JetStreamClient, serverId: string, item: OutboxItem) {
  const h = headers();
  h.set(SERVER_HEADER, serverId);
  return js.publish(item.subject, item.data, {
    headers: h,
    timeout: 5_000,
    ...(item.msgId ? { msgID: item.msgId } : {}),
  });
}

/** The stream sequence each published event (an item with a `msgID`) was stored at. */
export function eventAcks(
  batch: readonly OutboxItem[],
  results: readonly PromiseSettledResult<{ seq: number }>[],
): { id: string; seq: number }[] {
  return batch.flatMap((item, i) => {
    const result = results[i];
    return result?.status === 'fulfilled' && item.msgId ? [{ id: item.msgId, seq: result.value.seq }] : [];
  });
}
