/**
 * JetStream resources the bridge needs, created if missing with nats-server 2.9
 * features only (single filter subject per consumer, file storage, de-dup window).
 */
import { AckPolicy, DeliverPolicy, type JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { EVENTS_STREAM, EVENTS_SUBJECT_ROOT, YJS_STREAM, YJS_SUBJECT_ROOT } from '../../core/nats';

/** Window in which a repeated Nats-Msg-Id is dropped by the stream. */
export const DUPLICATE_WINDOW_MS = 120_000;

const STREAMS = [
  { name: EVENTS_STREAM, subjects: [`${EVENTS_SUBJECT_ROOT}.>`] },
  { name: YJS_STREAM, subjects: [`${YJS_SUBJECT_ROOT}.>`] },
] as const;

/** Creates `ARW_EVENTS` and `ARW_YJS` when they do not exist; leaves existing ones as configured. */
export async function ensureStreams(jsm: JetStreamManager): Promise<void> {
  for (const stream of STREAMS) {
    try {
      await jsm.streams.info(stream.name);
    } catch {
      await jsm.streams.add({
        name: stream.name,
        subjects: [...stream.subjects],
        storage: 'file',
        retention: 'limits',
        duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      });
    }
  }
}

export interface ConsumerSpec {
  stream: string;
  filter: string;
  /** Durable name (survives restarts of both sides); omitted = ephemeral. */
  durable?: string;
  deliver: 'all' | 'new';
}

/** Makes sure the consumer exists and returns its name (explicit ack, unlimited redelivery). */
export async function ensureConsumer(jsm: JetStreamManager, spec: ConsumerSpec): Promise<string> {
  if (spec.durable) {
    try {
      return (await jsm.consumers.info(spec.stream, spec.durable)).name;
    } catch {
      // not there yet: created below
    }
  }
  const info = await jsm.consumers.add(spec.stream, {
    ...(spec.durable ? { durable_name: spec.durable } : { inactive_threshold: nanos(5 * 60_000) }),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: spec.deliver === 'all' ? DeliverPolicy.All : DeliverPolicy.New,
    filter_subject: spec.filter,
    ack_wait: nanos(30_000),
    max_ack_pending: 1_000,
  });
  return info.name;
}
