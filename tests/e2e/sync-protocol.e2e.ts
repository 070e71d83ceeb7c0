/**
 * Issue 3, item 7 (handshake version): the app's sync link, run against the real
 * server with an unsupported protocol number, ends in the "update the app" state with
 * the server's reason and does not retry (S2); a refused token is reported in plain words
 * and retried with backoff (S12). (The link runs in Node here: a real `ws` socket, the real
 * journal on fake-indexeddb.)
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { openJournal, type JournalHandle } from '../../app/db/journal';
import { createJournalDb } from '../../app/db/schema';
import { linkErrorText } from '../../app/sync/describe';
import { createSyncLink, type SocketLike } from '../../app/sync/sync-link';
import { refusalOf } from '../../app/sync/token-check';
import type { LinkState } from '../../app/sync/types';
import { startServer, type TestServer } from '../support/server';
import { ADMIN, createSyncToken } from './sync-helpers';

let server: TestServer;
let journal: JournalHandle;

beforeAll(async () => {
  server = await startServer({ adminToken: ADMIN });
  journal = await openJournal({ db: createJournalDb(`sync-protocol-${crypto.randomUUID()}`) });
});
afterAll(async () => {
  journal?.close();
  await server?.close();
});

function link(token: string, protocol?: number, options: { askServer?: boolean } = {}) {
  const states: LinkState[] = [];
  const sockets: WebSocket[] = [];
  const pairing = {
    id: crypto.randomUUID(),
    url: server.url,
    token,
    projects: ['p1'],
    added: new Date().toISOString(),
  };
  const instance = createSyncLink({
    pairing,
    journal,
    deviceId: 'device:e2e-node',
    protocol,
    openSocket: (url) => {
      const socket = new WebSocket(url);
      sockets.push(socket);
      return socket as unknown as SocketLike;
    },
    random: Math.random,
    now: Date.now,
    isOnline: () => true,
    onState: (state) => states.push(state),
    ...(options.askServer ? { checkRefusal: () => refusalOf(pairing, fetch) } : {}),
  });
  return { instance, states, sockets, opened: () => sockets.length };
}

/** Resolves once `socket` has closed and every earlier 'close' listener (the link's) has run. */
function closedEvent(socket: WebSocket): Promise<void> {
  return new Promise((resolve) =>
    socket.readyState === WebSocket.CLOSED ? resolve() : socket.once('close', () => resolve()),
  );
}

test('S2: an unsupported protocol version ends in "update the app" with the server’s reason, and is not retried', async () => {
  const token = await createSyncToken(server.url, ['p1']);
  const { instance, states, sockets, opened } = link(token, 99);
  await instance.start();
  await expect.poll(() => instance.state().phase, { timeout: 5_000 }).toBe('incompatible');
  // The server's own reject code (the protocol range it serves as the detail), not a generic message.
  expect(instance.state().lastError?.code).toBe('protocol-too-new');
  expect(linkErrorText(instance.state())).toMatch(/protocol.*update the (app|server)/);
  expect(states.some((state) => state.phase === 'live' || state.phase === 'syncing')).toBe(false);
  // The socket's close is the last thing the link hears: a retry would be scheduled while
  // handling it (phase `waiting` with `retryAt`), so once it was handled the answer is final.
  await closedEvent(sockets[0]!);
  expect(opened()).toBe(1);
  expect(instance.state()).toMatchObject({ phase: 'incompatible', retryAt: undefined });
  expect(states.every((state) => state.phase !== 'waiting')).toBe(true);
  instance.stop();
});

test('S12: the current protocol goes live; a refused token the server does not explain is retried with backoff', async () => {
  const good = link(await createSyncToken(server.url, ['p1']));
  await good.instance.start();
  await expect.poll(() => good.instance.state().phase, { timeout: 5_000 }).toBe('live');
  good.instance.stop();

  const bad = link('arw_not_a_real_token_123456');
  await bad.instance.start();
  await expect.poll(() => bad.instance.state().phase, { timeout: 5_000 }).toBe('waiting');
  const state = bad.instance.state();
  expect(linkErrorText(state)).toMatch(/Could not reach the server|refused the sync token/);
  expect(state.failingSince).toBeTypeOf('number');
  expect(state.retryAt! - Date.now()).toBeLessThanOrEqual(1_000);
  await expect.poll(() => bad.opened(), { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
  bad.instance.stop();
});

test('S12: a refused token the server explains (the HTTP check answers 401) stops the link: refused, no retry', async () => {
  const bad = link('arw_not_a_real_token_123456', undefined, { askServer: true });
  await bad.instance.start();
  await expect.poll(() => bad.instance.state().phase, { timeout: 5_000 }).toBe('refused');
  expect(bad.instance.state()).toMatchObject({
    retryAt: undefined,
    lastError: { code: 'sync-token-refused-stopped', detail: 'the token is not known' },
  });
  expect(bad.states.some((state) => state.phase === 'waiting')).toBe(false);
  expect(bad.opened()).toBe(1);
  bad.instance.stop();
});
