/**
 * Joins the Yjs relay and the NATS bridge: local changes go out on `arw.yjs.<doc>`,
 * other instances' updates are persisted and relayed to local clients (and acked only
 * after that durable write). Remote-origin changes are never re-published (no echo).
 */
import { messageOf } from '../../core/errors/thrown';
import type { YjsRelay } from '../relay/yjs-relay';
import { isStorageError } from './remote-message';
import type { NatsBridge } from './types';

/** Wires `relay` to `bridge`; returns a function that unhooks the publishing side. */
export function connectRelayToBridge(relay: YjsRelay, bridge: NatsBridge): () => void {
  const unsubscribe = relay.subscribeUpdates((doc, update, origin) => {
    if (origin !== 'remote') bridge.publishYjs(doc, update);
  });
  // applyRemoteUpdate resolves after the group commit: only then does the bridge ack.
  bridge.onRemoteYjs(async (doc, update) => {
    try {
      await relay.applyRemoteUpdate(doc, update);
      return { ok: true };
    } catch (error) {
      // A failed write is retried (nak); an update the relay refuses would be refused on every redelivery.
      if (isStorageError(error)) throw error;
      return { ok: false, reason: 'yjs-refused', detail: messageOf(error) };
    }
  });
  return unsubscribe;
}
