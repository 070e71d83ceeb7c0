/**
 * Runs one JetStream pull consumer for as long as the bridge lives: (re)creates it when
 * missing, re-subscribes after errors or NATS restarts, hands each message to `deliver`
 * and acks each message only after its `deliver` resolved (nak with a delay when it throws).
 */
import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import type { ServerLog } from '../log';
import { ensureConsumer, type ConsumerSpec } from './streams';

export interface ConsumerLoopDeps {
  /** Resolves with the clients once connected, or undefined when the bridge closed. */
  connected(): Promise<{ js: JetStreamClient; jsm: JetStreamManager } | undefined>;
  log: Pick<ServerLog, 'warn'>;
  retryMs: number;
}

/** What `deliver` returns: 'ack' after a durable write, 'term' for a poison message. */
export type DeliverResult = 'ack' | 'term';

/** Starts the loop with at most `concurrency` deliveries in flight; `stop()` ends it (in-flight ones still finish). */
export function runConsumerLoop(
  deps: ConsumerLoopDeps,
  spec: ConsumerSpec,
  deliver: (msg: JsMsg) => Promise<DeliverResult>,
  concurrency = 1,
): { stop(): void } {
  let stopped = false;
  let current: { stop(): void } | undefined;
  let wake: (() => void) | undefined;

  const loop = async () => {
    while (!stopped) {
      try {
        const clients = await deps.connected();
        if (!clients || stopped) break;
        const name = await ensureConsumer(clients.jsm, spec);
        const consumer = await clients.js.consumers.get(spec.stream, name);
        const messages = await consumer.consume({ max_messages: 256 });
        current = messages;
        if (stopped) messages.stop();
        const inFlight = new Set<Promise<void>>();
        for await (const msg of messages) {
          const handled = deliver(msg).then(
            (result) => (result === 'term' ? msg.term() : msg.ack()),
            (error: unknown) => {
              deps.log.warn({ err: error, subject: msg.subject }, 'NATS delivery failed; will be redelivered');
              msg.nak(deps.retryMs);
            },
          );
          inFlight.add(handled);
          void handled.finally(() => inFlight.delete(handled));
          // concurrency 1 keeps stream order; more lets the relay group-commit many updates per fsync.
          if (inFlight.size >= concurrency) await Promise.race(inFlight);
        }
        await Promise.all(inFlight);
      } catch (error) {
        if (!stopped)
          deps.log.warn(
            { err: error, stream: spec.stream, filter: spec.filter },
            'NATS consumer interrupted; retrying',
          );
      }
      current = undefined;
      if (!stopped)
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, deps.retryMs).unref?.();
        });
    }
  };
  void loop();
  return {
    stop() {
      stopped = true;
      current?.stop();
      wake?.();
    },
  };
}
