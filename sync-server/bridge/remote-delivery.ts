/**
 * What the bridge does with one message from another instance: its own messages are
 * acked unread; the rest are decoded and checked here, then handed to the journal or the
 * relay, whose verdict decides ack or term. A throw (a storage failure) passes through,
 * so the consumer loop naks and the message comes back.
 */
import { docFromYjsSubject } from '../../core/nats';
import type { DeliverResult } from './consumer-loop';
import { checkYjsUpdate, decodeRemoteEvent } from './remote-message';
import type { RemoteEventHandler, RemoteVerdict, RemoteYjsHandler } from './types';

/** Acks a verdict that accepts (or none); terms (and reports) a refusal. */
export type Settle = (subject: string, verdict: RemoteVerdict | void) => DeliverResult;

export type Delivery = (subject: string, data: Uint8Array, from: string | undefined) => Promise<DeliverResult>;

/** Delivery of `arw.events.*` messages to `handler`. */
export function eventDelivery(serverId: string, handler: () => RemoteEventHandler, settle: Settle): Delivery {
  return async (subject, data, from) => {
    if (from === serverId) return 'ack';
    const decoded = decodeRemoteEvent(data);
    if (!decoded.ok) return settle(subject, decoded);
    return settle(subject, await handler()(decoded.event));
  };
}

/** Delivery of `arw.yjs.<doc>` messages to `handler`. */
export function yjsDelivery(serverId: string, handler: () => RemoteYjsHandler, settle: Settle): Delivery {
  return async (subject, data, from) => {
    if (from === serverId) return 'ack';
    const doc = docFromYjsSubject(subject);
    if (doc === undefined)
      return settle(subject, { ok: false, reason: 'subject-invalid', detail: 'not arw.yjs.<doc>' });
    const decodable = checkYjsUpdate(data);
    if (!decodable.ok) return settle(subject, decodable);
    return settle(subject, await handler()(doc, data));
  };
}
