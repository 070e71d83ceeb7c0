/**
 * Random-operation convergence in the style of Yjs's applyRandomTests: 5 y-websocket
 * clients spread over 2 relay instances bridged by a real nats-server make random text,
 * map and array edits, with random pauses (delivery interleaving) and random
 * disconnects/reconnects; at the end every client and both servers hold identical state.
 * ARW_FUZZ_SEEDS (default 50) and ARW_FUZZ_OPS (default 3000) size the run;
 * the default is the full run (~40–50 s on 2 cores); lower it locally for speed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as prng from 'lib0/prng';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { HAS_NATS_SERVER, NO_NATS_MESSAGE, startNatsServer, type NatsServerHandle } from '../support/nats';
import { startBridgedInstance, type BridgedInstance } from '../support/yjs-bridged';
import { connectClient, destroyClients, synced, waitFor } from '../support/yjs-relay-server';

const SEEDS = Number(process.env.ARW_FUZZ_SEEDS ?? 50);
const OPS = Number(process.env.ARW_FUZZ_OPS ?? 3000);
const CLIENTS = 5;

if (!HAS_NATS_SERVER) console.warn(NO_NATS_MESSAGE);

// Map keys are sorted: Y.Map's toJSON key order follows local integration order.
const sortedMap = (doc: Y.Doc) => Object.entries(doc.getMap('map').toJSON()).sort(([a], [b]) => a.localeCompare(b));
const view = (doc: Y.Doc) =>
  JSON.stringify([doc.getText('text').toString(), sortedMap(doc), doc.getArray('array').toJSON()]);
const vector = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString('base64');

/** One random edit on `doc`, chosen by `gen`. */
function randomEdit(gen: prng.PRNG, doc: Y.Doc): void {
  const text = doc.getText('text');
  const map = doc.getMap<number | string>('map');
  const array = doc.getArray<number>('array');
  const roll = prng.int32(gen, 0, 99);
  if (roll < 35) text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 6));
  else if (roll < 50 && text.length > 0) {
    const at = prng.int32(gen, 0, text.length - 1);
    text.delete(at, prng.int32(gen, 1, Math.min(5, text.length - at)));
  } else if (roll < 75)
    map.set(`k${prng.int32(gen, 0, 9)}`, prng.bool(gen) ? prng.int32(gen, 0, 1000) : prng.word(gen, 1, 4));
  else if (roll < 85 && map.size > 0) map.delete(`k${prng.int32(gen, 0, 9)}`);
  else if (roll < 95 || array.length === 0) array.insert(prng.int32(gen, 0, array.length), [prng.int32(gen, 0, 1000)]);
  else array.delete(prng.int32(gen, 0, array.length - 1), 1);
}

describe.skipIf(!HAS_NATS_SERVER)(
  `random-operation convergence (${SEEDS} seeds × ${OPS} ops, ${CLIENTS} clients, 2 instances + NATS)`,
  () => {
    let nats: NatsServerHandle;
    let dir: string;
    let instances: BridgedInstance[] = [];

    beforeAll(async () => {
      nats = await startNatsServer();
      dir = mkdtempSync(join(tmpdir(), 'arw-fuzz-'));
      instances = [
        await startBridgedInstance(join(dir, 'a.sqlite'), nats.url, 'fuzz-a'),
        await startBridgedInstance(join(dir, 'b.sqlite'), nats.url, 'fuzz-b'),
      ];
      await waitFor('bridges connected', () => instances.every((i) => i.bridge.state() === 'connected'));
    });
    afterAll(async () => {
      for (const instance of instances) await instance.close();
      await nats?.dispose();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    for (let seed = 1; seed <= SEEDS; seed++) {
      it(`seed ${seed}: every client and both servers converge`, async () => {
        const gen = prng.create(seed);
        const docName = `fuzz-${seed}`;
        const providers: WebsocketProvider[] = [];
        try {
          for (let c = 0; c < CLIENTS; c++)
            providers.push(connectClient(instances[c % 2]!.server.wsUrl, docName, 'good-token', new Y.Doc()));
          await Promise.all(providers.map(synced));
          for (let op = 0; op < OPS; op++) {
            const provider = providers[prng.int32(gen, 0, CLIENTS - 1)]!;
            const roll = prng.int32(gen, 0, 99);
            if (roll < 3) {
              if (provider.shouldConnect) provider.disconnect();
              else provider.connect();
            } else randomEdit(gen, provider.doc);
            // Random pauses let frames, NATS deliveries and edits interleave in varying orders.
            if (roll % 10 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
          }
          for (const provider of providers) if (!provider.shouldConnect) provider.connect();
          const first = providers[0]!.doc;
          await waitFor(
            'all clients identical',
            () => providers.every((p) => p.synced && view(p.doc) === view(first) && vector(p.doc) === vector(first)),
            Number(process.env.ARW_FUZZ_WAIT_MS ?? 60_000),
          ).catch((error: unknown) => {
            // On failure, show where the states differ (clients, then both servers).
            const servers = instances.map((instance) => {
              const doc = new Y.Doc();
              Y.applyUpdate(doc, instance.server.relay.encodeState(docName));
              return { vector: vector(doc), bridge: instance.bridge.health() };
            });
            console.error({
              clients: providers.map((p) => ({ synced: p.synced, connected: p.wsconnected, vector: vector(p.doc) })),
              servers,
            });
            throw error;
          });
          for (const provider of providers)
            expect(Y.encodeStateVector(provider.doc)).toEqual(Y.encodeStateVector(first));
          for (const instance of instances) {
            const serverDoc = new Y.Doc();
            Y.applyUpdate(serverDoc, instance.server.relay.encodeState(docName));
            expect(view(serverDoc)).toBe(view(first));
            expect(vector(serverDoc)).toBe(vector(first));
          }
        } finally {
          destroyClients(providers);
        }
      });
    }
  },
);
