/**
 * H4 against a real server: event `time` comes from the client. Over /sync an event dated
 * past the tolerance (300 s, or ARW_EVENT_MAX_FUTURE_SECS) is rejected naming `time`, the
 * tolerance and the server's clock; one within it is stored, but the read-models fold it
 * at the moment the server received it, so it does not stay "newest" in /state.
 */
import { afterAll, afterEach, expect, test } from 'vitest';
import { createUlidFactory } from '../../core/lib/ulid';
import { SYNC_PROTOCOL_VERSION } from '../../spec/sync-protocol';
import { openRawSocket } from '../support/sync-client';
import { ADMIN_TOKEN, startGatedServer } from './server-support';

type Server = Awaited<ReturnType<typeof startGatedServer>>;
interface Pushed {
  accepted: { id: string }[];
  rejected: { index: number; id?: string; issues: { path: string; message: string }[] }[];
}

const newId = createUlidFactory(Date.now, (n) => crypto.getRandomValues(new Uint8Array(n)));
const servers: Server[] = [];
const sockets: ReturnType<typeof openRawSocket>[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.ws.terminate();
});
afterAll(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function connect(env: Record<string, string> = {}) {
  const server = await startGatedServer(env);
  servers.push(server);
  const socket = openRawSocket(`${server.url.replace('http', 'ws')}/sync?token=${ADMIN_TOKEN}`);
  sockets.push(socket);
  await socket.opened;
  socket.send({ type: 'hello', protocol: SYNC_PROTOCOL_VERSION, device_id: 'clock-ahead', subscriptions: [] });
  expect(await socket.next()).toMatchObject({ type: 'welcome' });
  let batch = 0;
  const push = async (events: object[]): Promise<Pushed> => {
    socket.send({ type: 'push', batch_id: `t${++batch}`, events });
    for (;;) {
      const message = (await socket.next()) as { type: string };
      if (message.type === 'pushed') return message as unknown as Pushed;
    }
  };
  const state = async <T>(model: string): Promise<T> => {
    const response = await fetch(`${server.url}/state/${model}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: T }).items;
  };
  return { push, state };
}

const obs = (aheadMs: number, text: string) => ({
  id: newId(),
  time: new Date(Date.now() + aheadMs).toISOString(),
  kind: 'obs.recorded',
  v: 1,
  actor: 'device:clock-ahead',
  project_id: 'p1',
  corr_id: `ep-${text}`,
  payload: { source: 'user', text },
});

test('H4: an event more than 300 s in the future is rejected naming time, the tolerance and the server time; its neighbours are stored', async () => {
  const { push } = await connect();
  const [now, far] = [obs(0, 'now'), obs(10 * 60_000, 'far')];
  const before = Date.now();
  const answer = await push([now, far]);
  expect(answer.accepted.map((a) => a.id)).toEqual([now.id]);
  expect(answer.rejected).toEqual([
    { index: 1, id: far.id, issues: [{ path: 'time', message: expect.stringContaining('300 s') }] },
  ]);
  const serverTime = /server's clock \(([^)]+)\)/.exec(answer.rejected[0]!.issues[0]!.message)?.[1];
  expect(Date.parse(serverTime ?? '')).toBeGreaterThanOrEqual(before - 1);
});

test('H4: ARW_EVENT_MAX_FUTURE_SECS sets the tolerance', async () => {
  const { push } = await connect({ ARW_EVENT_MAX_FUTURE_SECS: '30' });
  const answer = await push([obs(20_000, 'near'), obs(60_000, 'beyond')]);
  expect(answer.accepted).toHaveLength(1);
  expect(answer.rejected[0]).toMatchObject({
    index: 1,
    issues: [{ path: 'time', message: expect.stringContaining('30 s') }],
  });
});

test('H4: an event dated within the tolerance ahead is folded at its receive time: a later event ranks newer in /state', async () => {
  const { push, state } = await connect();
  const ahead = obs(290_000, 'ahead');
  const pushedAt = Date.now();
  expect((await push([ahead])).accepted).toHaveLength(1);
  const honest = obs(1, 'honest');
  expect((await push([honest])).accepted).toHaveLength(1);

  const observations = await state<{ id: string; time: string }[]>('observations');
  expect(observations.map((item) => item.id)).toEqual([ahead.id, honest.id]);
  expect(Date.parse(observations[0]!.time)).toBeLessThan(pushedAt + 60_000);
  const episodes = await state<{ id: string; last: string }[]>('episodes');
  expect(episodes.map((episode) => episode.id)).toEqual(['ep-honest', 'ep-ahead']);
  expect(Date.parse(episodes[1]!.last)).toBeLessThan(pushedAt + 60_000);
});
