/** GET /events (SSE), /events/tail and /state/* against a real server on loopback. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEvents } from '../support/sync-events';
import { openSse } from '../support/sync-sse';
import { startSyncTestServer, type SyncTestServer } from '../support/sync-server';

let server: SyncTestServer;
const streams: { close(): void }[] = [];
const AUTH = { Authorization: 'Bearer test-token-all' };

beforeEach(async () => {
  server = await startSyncTestServer({ keepAliveMs: 200 });
});
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  await server.close();
});

const sse = async (query: string, headers: Record<string, string> = {}) => {
  const stream = await openSse(`${server.url}/events${query}`, { ...AUTH, ...headers });
  streams.push(stream);
  return stream;
};
const seed = (n: number, context: Parameters<ReturnType<typeof createTestEvents>>[1] = {}) =>
  server.store.append(createTestEvents('seed')(n, context), { origin: 'test' });

describe('GET /events (SSE, SPEC E6)', () => {
  it('sends the service.connected handshake with id 0 first, then live events with id = server_seq, and keep-alives', async () => {
    const stream = await sse('');
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await stream.waitFor('handshake', () => stream.frames.length >= 1);
    expect(stream.frames[0]).toMatchObject({ id: '0', event: 'service.connected' });
    expect(JSON.parse(stream.frames[0]!.data).payload.replay.mode).toBe('live');
    seed(2);
    await stream.waitFor('2 live', () => stream.events().length === 2);
    expect(stream.frames.filter((f) => f.id !== undefined && f.id !== '0').map((f) => f.id)).toEqual(['1', '2']);
    await stream.waitFor('keep-alive', () => stream.frames.some((f) => f.comment === 'keep-alive'));
    const listening = server.store.listenerCount();
    stream.close();
    await expect.poll(() => server.store.listenerCount()).toBe(listening - 1);
  });

  it('replay=N sends the newest N ascending, then live', async () => {
    seed(10);
    const stream = await sse('?replay=3');
    await stream.waitFor('replay', () => stream.events().length === 3);
    expect(stream.events().map((e) => e.server_seq)).toEqual([8, 9, 10]);
    seed(1);
    await stream.waitFor('live', () => stream.events().length === 4);
    expect(stream.events()[3]!.server_seq).toBe(11);
  });

  it('Last-Event-ID resumes after that seq without duplicates, even with replay in the URL', async () => {
    seed(1500);
    const stream = await sse('?replay=5', { 'Last-Event-ID': '200' });
    await stream.waitFor('backlog', () => stream.events().length === 1300);
    seed(3);
    await stream.waitFor('live', () => stream.events().length === 1303);
    const seqs = stream.events().map((e) => e.server_seq);
    expect(seqs[0]).toBe(201);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const after = await sse('?after=1502');
    await after.waitFor('backlog of one', () => after.events().length === 1);
    seed(1);
    await after.waitFor('one live', () => after.events().length === 2);
    expect(after.events().map((e) => e.server_seq)).toEqual([1503, 1504]);
  });

  it('prefix= (repeated or comma-separated) and corr_id= filter both resume and live', async () => {
    seed(3, { kind: 'episode.started', corr_id: 'x' });
    seed(3);
    const stream = await sse('?after=0&prefix=episode.&prefix=tool.,policy.');
    await stream.waitFor('3 episodes', () => stream.events().length === 3);
    seed(2);
    seed(1, { kind: 'episode.started', corr_id: 'y' });
    await stream.waitFor('live episode', () => stream.events().length === 4);
    expect(stream.events().every((e) => e.kind === 'episode.started')).toBe(true);
    const byCorr = await sse('?replay=100&corr_id=y');
    await byCorr.waitFor('corr y', () => byCorr.events().length === 1);
  });

  it('bad query parameters answer 400 problem+json naming the parameter', async () => {
    for (const [query, path] of [
      ['?after=-1', 'after'],
      ['?replay=5000', 'replay'],
      ['?after=1&replay=2', 'replay'],
      ['?prefix=Bad%20Prefix!', 'prefix'],
    ] as const) {
      const response = await fetch(`${server.url}/events${query}`, { headers: AUTH });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const body = (await response.json()) as { code: string; errors: { path: string }[] };
      expect(body.code).toBe('journal-query-invalid');
      expect(body.errors[0]!.path).toBe(path);
    }
    const unauthorized = await fetch(`${server.url}/events/tail`);
    expect(unauthorized.status).toBe(401);
  });
});

describe('GET /events/tail and /state/*', () => {
  it('tail returns the newest N ascending with the same filters', async () => {
    seed(5);
    seed(2, { kind: 'episode.started', corr_id: 'e' });
    const response = await fetch(`${server.url}/events/tail?n=3`, { headers: AUTH });
    const body = (await response.json()) as { items: { server_seq: number }[] };
    expect(body.items.map((e) => e.server_seq)).toEqual([5, 6, 7]);
    const filtered = (await (await fetch(`${server.url}/events/tail?n=10&prefix=obs.`, { headers: AUTH })).json()) as {
      items: unknown[];
    };
    expect(filtered.items).toHaveLength(5);
    const bad = await fetch(`${server.url}/events/tail?n=0`, { headers: AUTH });
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('n');
  });

  it('/state/episodes is the core fold, with ETag and 304 on If-None-Match; a new event changes it', async () => {
    seed(2, { kind: 'episode.started', corr_id: 'ep-1' });
    const first = await fetch(`${server.url}/state/episodes`, { headers: AUTH });
    const etag = first.headers.get('etag')!;
    const body = (await first.json()) as { version: number; items: { id: string; count: number }[] };
    expect(body.version).toBe(2);
    expect(body.items).toMatchObject([{ id: 'ep-1', count: 2 }]);
    const again = await fetch(`${server.url}/state/episodes`, { headers: { ...AUTH, 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    seed(1, { kind: 'episode.started', corr_id: 'ep-1' });
    const changed = await fetch(`${server.url}/state/episodes`, { headers: { ...AUTH, 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { version: number }).version).toBe(3);
  });

  it('stage read-models and per-project views; a restart rebuilds the same views from the store', async () => {
    seed(4);
    seed(2, { project_id: 'p2' });
    const all = (await (await fetch(`${server.url}/state/observations`, { headers: AUTH })).json()) as {
      version: number;
      items: unknown[];
    };
    expect(all).toMatchObject({ version: 6 });
    const p2 = (await (await fetch(`${server.url}/state/observations?project=p2`, { headers: AUTH })).json()) as {
      items: unknown[];
    };
    expect(p2.items).toHaveLength(2);
    for (const id of ['beliefs', 'intents', 'actions']) {
      const response = await fetch(`${server.url}/state/${id}`, { headers: AUTH });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ version: 0, items: [] });
    }
    const { createServerReadModels } = await import('../../sync-server/replication/read-model-state');
    const rebuilt = createServerReadModels(server.store);
    const now = Date.now();
    // Views of two instances: the same but for their revisions (which name the instance).
    const strip = ({ revision: _revision, ...view }: { revision: string }) => view;
    expect(strip(await rebuilt.view('observations', undefined, () => now))).toEqual(
      strip(await server.readModels.view('observations', undefined, () => now)),
    );
    rebuilt.close();
  });
});
