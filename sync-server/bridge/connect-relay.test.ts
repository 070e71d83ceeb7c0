import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createYjsRelay } from '../relay/yjs-relay';
import { openServerDb, type ServerDb } from '../storage/db';
import { createYjsStore } from '../storage/yjs-store';
import { connectRelayToBridge } from './connect-relay';
import type { NatsBridge, RemoteYjsHandler } from './types';

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The bridge side as the relay sees it: only the remote-update hook is used here. */
function capturingBridge(): { bridge: NatsBridge; handler(): RemoteYjsHandler } {
  let handler: RemoteYjsHandler | undefined;
  const bridge = {
    publishYjs: () => undefined,
    onRemoteYjs: (h: RemoteYjsHandler) => void (handler = h),
  } as unknown as NatsBridge;
  return { bridge, handler: () => handler! };
}

describe('H5: remote Yjs updates handed to the relay', () => {
  let db: ServerDb | undefined;
  afterEach(() => db?.close());

  it('H5: stored → ok; refused by the relay → poison (yjs-refused); a storage failure → thrown (redelivered)', async () => {
    db = openServerDb(':memory:');
    const relay = createYjsRelay({ store: createYjsStore(db), log });
    const { bridge, handler } = capturingBridge();
    connectRelayToBridge(relay, bridge);
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hi');
    await expect(handler()('p/doc', Y.encodeStateAsUpdate(doc))).resolves.toEqual({ ok: true });
    await expect(handler()('p/doc', new Uint8Array([0xff, 0xff, 0xff, 0xff]))).resolves.toMatchObject({
      ok: false,
      reason: 'yjs-refused',
    });
    db.exec('DROP TABLE yjs_updates');
    await expect(handler()('p/doc', Y.encodeStateAsUpdate(doc))).rejects.toThrow(/yjs_updates/);
    relay.close();
  });
});
