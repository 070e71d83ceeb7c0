/**
 * What the link keeps when something goes wrong: catalogue codes with their specifics,
 * never sentences (the words come from the catalogue when a view renders them).
 */
import 'fake-indexeddb/auto';
import { afterEach, expect, test, vi } from 'vitest';
import { openJournal, type JournalHandle } from '../db/journal';
import { createJournalDb } from '../db/schema';
import { freshDbName } from '../db/test-support';
import { linkErrorText } from './describe';
import { createSyncLink, type SocketLike } from './sync-link';

const open: JournalHandle[] = [];
afterEach(() => open.splice(0).forEach((journal) => journal.close()));

/** A socket the test speaks for; it opens on the next microtask. */
function scripted(): SocketLike & { serve(message: unknown): void } {
  const socket = {
    readyState: 0,
    onopen: null as SocketLike['onopen'],
    onmessage: null as SocketLike['onmessage'],
    onclose: null as SocketLike['onclose'],
    onerror: null as SocketLike['onerror'],
    send: () => undefined,
    close: (code = 1000, reason = '') => ((socket.readyState = 3), socket.onclose?.({ code, reason })),
    serve: (message: unknown) =>
      socket.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) }),
  };
  queueMicrotask(() => ((socket.readyState = 1), socket.onopen?.({})));
  return socket;
}

async function linkWith(openSocket: (url: string) => SocketLike) {
  const journal = await openJournal({ db: createJournalDb(freshDbName('sync-link-errors')) });
  open.push(journal);
  const link = createSyncLink({
    pairing: { id: 's1', url: 'http://127.0.0.1:1', token: 'arw_token_123', projects: ['p1'], added: '' },
    journal,
    deviceId: 'device:test',
    openSocket,
    random: () => 0,
    now: Date.now,
    isOnline: () => true,
    onState: () => undefined,
  });
  return link;
}

test('a server error message keeps the server’s catalogue code and its words as the detail', async () => {
  const sockets: ReturnType<typeof scripted>[] = [];
  const link = await linkWith(() => (sockets.push(scripted()), sockets.at(-1)!));
  await link.start();
  await vi.waitFor(() => expect(sockets[0]?.readyState).toBe(1));
  sockets[0]!.serve({
    type: 'error',
    code: 'sync-project-forbidden',
    message: "this device may not read project 'p1'",
  });
  await vi.waitFor(() =>
    expect(link.state().lastError).toEqual({
      code: 'sync-project-forbidden',
      detail: "this device may not read project 'p1'",
    }),
  );
  expect(linkErrorText(link.state())).toMatch(
    /^This device may not sync that project.*\(this device may not read project 'p1'\)$/,
  );

  // A code this app does not know is kept as words, under a code it does.
  sockets[0]!.serve({ type: 'error', code: 'from-a-newer-server', message: 'something new' });
  await vi.waitFor(() =>
    expect(link.state().lastError).toEqual({
      code: 'sync-reply-unreadable',
      detail: 'from-a-newer-server: something new',
    }),
  );
  sockets[0]!.serve('not json');
  await vi.waitFor(() => expect(link.state().lastError).toEqual({ code: 'sync-reply-unreadable' }));
  link.stop();
});

test('a reject stops the link with the reject code; an unusable address is its own code', async () => {
  const sockets: ReturnType<typeof scripted>[] = [];
  const link = await linkWith(() => (sockets.push(scripted()), sockets.at(-1)!));
  await link.start();
  await vi.waitFor(() => expect(sockets[0]?.readyState).toBe(1));
  sockets[0]!.serve({
    type: 'reject',
    code: 'protocol-too-old',
    reason: 'This app is too old',
    min_protocol: 2,
    max_protocol: 3,
  });
  await vi.waitFor(() => expect(link.state().phase).toBe('incompatible'));
  expect(link.state().lastError).toEqual({ code: 'protocol-too-old', detail: 'the server serves sync protocol 2–3' });
  link.stop();

  const unusable = await linkWith(() => {
    throw new SyntaxError("The URL 'ws://[' is invalid.");
  });
  await unusable.start();
  expect(unusable.state().phase).toBe('waiting');
  expect(unusable.state().lastError).toEqual({ code: 'sync-address-invalid', detail: "The URL 'ws://[' is invalid." });
  unusable.stop();
});

/** A socket that fails its handshake the way a browser reports a refused upgrade: close 1006. */
function failing(): SocketLike {
  const socket = {
    readyState: 0,
    onopen: null as SocketLike['onopen'],
    onmessage: null as SocketLike['onmessage'],
    onclose: null as SocketLike['onclose'],
    onerror: null as SocketLike['onerror'],
    send: () => undefined,
    close: () => undefined,
  };
  queueMicrotask(() => ((socket.readyState = 3), socket.onclose?.({ code: 1006, reason: '' })));
  return socket;
}

async function linkWithCheck(openSocket: (url: string) => SocketLike, checkRefusal: () => Promise<unknown>) {
  const journal = await openJournal({ db: createJournalDb(freshDbName('sync-link-refused')) });
  open.push(journal);
  return createSyncLink({
    pairing: { id: 's1', url: 'http://127.0.0.1:1', token: 'arw_token_123', projects: ['p1'], added: '' },
    journal,
    deviceId: 'device:test',
    openSocket,
    random: () => 0,
    now: Date.now,
    isOnline: () => true,
    onState: () => undefined,
    checkRefusal: checkRefusal as () => Promise<undefined>,
  });
}

test('a failed handshake the server explains as a refused token stops the link: no retry, the refusal named', async () => {
  let opened = 0;
  const link = await linkWithCheck(
    () => (opened++, failing()),
    async () => ({ code: 'sync-token-refused-stopped', detail: 'the token was revoked' }),
  );
  await link.start();
  await vi.waitFor(() => expect(link.state().phase).toBe('refused'));
  expect(link.state()).toMatchObject({
    lastError: { code: 'sync-token-refused-stopped', detail: 'the token was revoked' },
    retryAt: undefined,
  });
  expect(linkErrorText(link.state())).toMatch(/^The server refused this device’s sync token, so syncing stopped/);
  link.kick();
  link.offline();
  expect(link.state().phase).toBe('refused');
  expect(opened).toBe(1);
  // Retry (or coming back online) tries once more.
  link.online();
  expect(opened).toBe(2);
  link.stop();
});

test('a failed handshake the server does not explain (an outage) is retried with backoff', async () => {
  let checks = 0;
  const link = await linkWithCheck(failing, async () => void checks++);
  await link.start();
  await vi.waitFor(() => expect(link.state().phase).toBe('waiting'));
  expect(checks).toBe(1);
  expect(link.state().lastError).toEqual({ code: 'sync-unreachable' });
  expect(link.state().retryAt).toBeGreaterThan(Date.now());
  link.stop();
});

test('a token revoked mid-session (close 4401) stops the link without asking again', async () => {
  const sockets: ReturnType<typeof scripted>[] = [];
  let checks = 0;
  const link = await linkWithCheck(
    () => (sockets.push(scripted()), sockets.at(-1)!),
    async () => void checks++,
  );
  await link.start();
  await vi.waitFor(() => expect(sockets[0]?.readyState).toBe(1));
  sockets[0]!.serve({ type: 'welcome', protocol: 1, server_id: 's', server_time: new Date().toISOString() });
  await vi.waitFor(() => expect(link.state().phase).toBe('syncing'));
  sockets[0]!.close(4401, 'token revoked');
  expect(link.state()).toMatchObject({
    phase: 'refused',
    lastError: { code: 'sync-token-refused-stopped', detail: 'token revoked' },
  });
  expect(checks).toBe(0);
  expect(sockets).toHaveLength(1);
  link.stop();
});
