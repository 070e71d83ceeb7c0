/**
 * H3 and H11 against a real server on a real db file: deep (10,000 and 4,100 levels) and
 * oversized events pushed over /sync are rejected alone, naming the field and the limit,
 * while their neighbours are stored; the socket stays open; `/events/tail`, `/events`
 * replay and `/state/*` keep answering 200, after a restart too, and past rows an older
 * version wrote that cannot be served. Another project's event id is refused without
 * revealing its seq. Deep frames are built as text: JSON.stringify would overflow on them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createUlidFactory } from '../../core/lib/ulid';
import { EVENT_MAX_BYTES, EVENT_MAX_DEPTH } from '../../spec/limits';
import { SYNC_PROTOCOL_VERSION } from '../../spec/sync-protocol';
import { openRawSocket } from '../support/sync-client';
import { openSse } from '../support/sync-sse';
import { ADMIN_TOKEN, startGatedServer } from './server-support';

type Server = Awaited<ReturnType<typeof startGatedServer>>;
type Socket = ReturnType<typeof openRawSocket>;
interface Pushed {
  type: 'pushed';
  accepted: { id: string; server_seq: number }[];
  duplicates: { id: string; server_seq: number }[];
  rejected: { index: number; id?: string; issues: { path: string; message: string }[] }[];
}

const dir = mkdtempSync(join(tmpdir(), 'arw-bounded-'));
const dbPath = join(dir, 'arw-hub.sqlite');
const newId = createUlidFactory(Date.now, (n) => crypto.getRandomValues(new Uint8Array(n)));
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const servers: Server[] = [];
const sockets: Socket[] = [];

async function start(env: Record<string, string> = {}): Promise<Server> {
  const server = await startGatedServer(env, { dbPath, serverId: 'srv-bounded' });
  servers.push(server);
  return server;
}
async function stop(server: Server) {
  servers.splice(servers.indexOf(server), 1);
  await server.close();
}
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.ws.terminate();
});
afterAll(async () => {
  for (const server of servers.splice(0)) await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const deepJson = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
/** One obs.recorded event as JSON text, with `data` spliced in raw. */
function eventJson(id: string, options: { data?: string; text?: string; project?: string } = {}): string {
  const extra = `${options.data === undefined ? '' : `,"data":${options.data}`}${options.text === undefined ? '' : `,"text":${JSON.stringify(options.text)}`}`;
  return `{"id":"${id}","time":"${new Date().toISOString()}","kind":"obs.recorded","v":1,"actor":"device:it","project_id":"${options.project ?? 'p1'}","corr_id":"ep-${id}","payload":{"source":"user"${extra}}}`;
}

async function connect(
  server: Server,
  token = ADMIN_TOKEN,
  subscriptions: { project_id: string; after: number }[] = [],
): Promise<Socket> {
  const socket = openRawSocket(`${server.url.replace('http', 'ws')}/sync?token=${encodeURIComponent(token)}`);
  sockets.push(socket);
  await socket.opened;
  socket.send({ type: 'hello', protocol: SYNC_PROTOCOL_VERSION, device_id: 'it', subscriptions });
  expect(await socket.next()).toMatchObject({ type: 'welcome' });
  return socket;
}

/** The next message of `type` (skipping others, e.g. events batches). */
async function nextOf<T>(socket: Socket, type: string): Promise<T> {
  for (;;) {
    const message = (await socket.next()) as { type: string };
    if (message.type === type) return message as T;
  }
}

let batch = 0;
async function push(socket: Socket, events: string[]): Promise<Pushed> {
  socket.send(`{"type":"push","batch_id":"b${++batch}","events":[${events.join(',')}]}`);
  const closed = socket.closed.then(({ code, reason }): never => {
    throw new Error(`the socket closed (${code} ${reason}) instead of answering the push`);
  });
  return Promise.race([nextOf<Pushed>(socket, 'pushed'), closed]);
}

/** Every read route answers 200; returns the ids the tail and the SSE replay served. */
async function readsAnswer(server: Server): Promise<{ tail: string[]; replay: string[] }> {
  for (const path of [
    '/state/episodes',
    '/state/observations',
    '/state/beliefs',
    '/state/intents',
    '/state/actions',
    '/state/observations?project=p1',
  ]) {
    const response = await fetch(`${server.url}${path}`, { headers: auth });
    expect(`${path} ${response.status}`).toBe(`${path} 200`);
    JSON.parse(await response.text());
  }
  const tail = await fetch(`${server.url}/events/tail?n=100`, { headers: auth });
  expect(tail.status).toBe(200);
  const tailIds = ((await tail.json()) as { items: { id: string }[] }).items.map((item) => item.id);
  const sse = await openSse(`${server.url}/events?replay=5`, auth);
  try {
    expect(sse.response.status).toBe(200);
    await sse.waitFor('replayed events', () => sse.events().length >= Math.min(5, tailIds.length));
    return { tail: tailIds, replay: sse.events().map((event) => event.id) };
  } finally {
    sse.close();
  }
}

describe('H3 bounded input', () => {
  const stored: string[] = [];

  test('S7 H3: 10,000-deep, 4,100-deep and oversized events are rejected alone, naming field and limit; neighbours stored; no 1011', async () => {
    const server = await start();
    const socket = await connect(server);
    const ids = Array.from({ length: 6 }, () => newId());
    const answer = await push(socket, [
      eventJson(ids[0]!),
      eventJson(ids[1]!, { data: deepJson(10_000) }),
      eventJson(ids[2]!),
      eventJson(ids[3]!, { data: deepJson(4_100) }),
      eventJson(ids[4]!, { text: 'x'.repeat(EVENT_MAX_BYTES) }),
      eventJson(ids[5]!),
    ]);
    expect(answer.accepted.map((a) => a.id)).toEqual([ids[0], ids[2], ids[5]]);
    expect(answer.rejected).toEqual([
      {
        index: 1,
        id: ids[1],
        issues: [{ path: 'payload', message: expect.stringContaining(`the limit is ${EVENT_MAX_DEPTH}`) }],
      },
      {
        index: 3,
        id: ids[3],
        issues: [{ path: 'payload', message: expect.stringContaining(`the limit is ${EVENT_MAX_DEPTH}`) }],
      },
      {
        index: 4,
        id: ids[4],
        issues: [{ path: 'payload', message: expect.stringContaining(`the limit is ${EVENT_MAX_BYTES} bytes`) }],
      },
    ]);
    stored.push(ids[0]!, ids[2]!, ids[5]!);
    // The socket was not closed: the next push on it is answered.
    const later = newId();
    expect((await push(socket, [eventJson(later)])).accepted.map((a) => a.id)).toEqual([later]);
    stored.push(later);

    const reads = await readsAnswer(server);
    expect(reads.tail).toEqual(stored);
    expect(reads.replay).toEqual(stored);
    await stop(server);
  });

  test('H3: after a restart on the same db file every read still answers 200 and serves the stored neighbours', async () => {
    const server = await start();
    const reads = await readsAnswer(server);
    expect(reads.tail).toEqual(stored);
    const socket = await connect(server, ADMIN_TOKEN, [{ project_id: 'p1', after: 0 }]);
    const caughtUp = await nextOf<{ cursor: number }>(socket, 'caught-up');
    expect(caughtUp.cursor).toBeGreaterThan(0);
    await stop(server);
  });

  test('H3: rows an older version wrote (4,100 deep, broken JSON) are skipped by every read, counted in /metrics, and /sync feeds go past them', async () => {
    const raw = new Database(dbPath);
    const insert = raw.prepare(
      "INSERT INTO events (id, project_id, kind, time, corr_id, origin, json) VALUES (?, 'p1', 'obs.recorded', ?, 'ep-old', 'old', ?)",
    );
    const now = new Date().toISOString();
    insert.run(
      newId(),
      now,
      `{"id":"x","time":"${now}","kind":"obs.recorded","v":1,"actor":"a","project_id":"p1","corr_id":"ep-old","payload":{"source":"u","data":${deepJson(4_100)}}}`,
    );
    insert.run(newId(), now, '{"id": "broken');
    raw.close();

    const server = await start({ ARW_METRICS_PUBLIC: '1' });
    const socket = await connect(server);
    const after = newId();
    await push(socket, [eventJson(after)]);
    stored.push(after);
    const reads = await readsAnswer(server);
    expect(reads.tail).toEqual(stored);
    expect(reads.replay).toEqual(stored.slice(-5));
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^arw_events_unreadable_total 2$/m);

    const reader = await connect(server, ADMIN_TOKEN, [{ project_id: 'p1', after: 0 }]);
    const delivered: string[] = [];
    for (;;) {
      const message = (await reader.next()) as { type: string; events?: { id: string }[] };
      if (message.type === 'events') delivered.push(...message.events!.map((event) => event.id));
      if (message.type === 'caught-up') break;
    }
    expect(delivered).toEqual(stored);
    await stop(server);
  });

  test('S8 H3: only a storage failure closes /sync with 1011 (resend); any other failure of a batch is a rejection', async () => {
    const server = await start();
    const socket = await connect(server);
    const store = server.parts.journal.events;
    const append = store.append;
    store.append = () => {
      throw new Error('a bug, not the disk');
    };
    const refused = await push(socket, [eventJson(newId()), eventJson(newId())]);
    expect(refused.rejected.map((r) => r.index)).toEqual([0, 1]);
    expect(refused.rejected[0]!.issues[0]!.message).toContain('not stored');
    store.append = append;

    server.parts.db.pragma('query_only = ON');
    socket.send(`{"type":"push","batch_id":"disk","events":[${eventJson(newId())}]}`);
    expect(await nextOf(socket, 'error')).toMatchObject({ code: 'sync-store-failed' });
    expect((await socket.closed).code).toBe(1011);
    server.parts.db.pragma('query_only = OFF');
    await stop(server);
  });
});

describe('H11 ids of other projects', () => {
  let server: Server;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    server = await start();
    for (const project of ['p1', 'p2']) {
      const body = {
        label: `device-${project}`,
        kind: 'sync',
        scopes: ['events:read', 'sync:push'],
        projects: [project],
      };
      const response = await fetch(`${server.url}/admin/tokens`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      tokens[project] = ((await response.json()) as { secret: string }).secret;
    }
  });
  afterAll(() => stop(server));

  test('S7 S12 H11: a push reusing another project’s event id is rejected without its server_seq; the owner’s replay stays a duplicate', async () => {
    const owner = await connect(server, tokens['p1']!);
    const id = newId();
    const first = await push(owner, [eventJson(id, { project: 'p1' })]);
    const seq = first.accepted[0]!.server_seq;

    const other = await connect(server, tokens['p2']!);
    const probe = await push(other, [eventJson(id, { project: 'p2' })]);
    expect(probe).toMatchObject({
      accepted: [],
      duplicates: [],
      rejected: [{ index: 0, id, issues: [{ path: 'id', message: 'an event with this id already exists' }] }],
    });
    expect(JSON.stringify(probe)).not.toContain('server_seq');

    const again = await push(owner, [eventJson(id, { project: 'p1' })]);
    expect(again.duplicates).toEqual([{ id, server_seq: seq }]);
  });
});
