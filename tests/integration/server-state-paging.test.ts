/**
 * `/state/*` paging and ETags (issue 13 item 6) on a real gated server: `limit` (default
 * 100, at most 1000) and an opaque `cursor` walk every item once, in the view's order
 * (episodes newest activity first, stage items oldest first, leases by creation); a bad
 * `limit` or `cursor` is a 400 naming the field and what is accepted; the ETag stays while
 * nothing changes, changes with an append, the page asked for and the window, and a
 * matching `If-None-Match` answers 304.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import { createUlidFactory } from '../../core/lib/ulid';
import type { EventEnvelope } from '../../spec/envelope';
import { buildServer } from '../../sync-server/app';
import { sha256Hex } from '../../sync-server/auth/secrets';
import { ADMIN_TOKEN, startGatedServer } from './server-support';

let srv: Awaited<ReturnType<typeof startGatedServer>>;
let t = Date.now() - 120_000;
const make = createEventFactory({
  actor: 'dev',
  clock: { now: () => t },
  newId: createUlidFactory(
    () => t,
    (n) => randomBytes(n),
  ),
});
const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` };

function append(events: EventEnvelope[]): void {
  const result = srv.parts.journal.events.append(events, { origin: 'test' });
  expect(result.rejected).toEqual([]);
}

/** `n` episodes of one observation each in project p1 (the last one newest). */
function episodes(n: number, from = 0): EventEnvelope[] {
  return Array.from({ length: n }, (_, i) => {
    t += 10;
    return make(
      'obs.recorded',
      { source: 'user', text: `o${from + i}` },
      { corr_id: `ep-${from + i}`, project_id: 'p1' },
    );
  });
}

interface Body {
  version: number;
  items: { id: string; time?: string; last?: string }[];
  next_cursor?: string;
}

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${srv.url}${path}`, { headers: { ...AUTH, ...headers } });

async function walk(path: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const response = await get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Body;
    expect(body.items.length).toBeLessThanOrEqual(limit);
    ids.push(...body.items.map((item) => item.id));
    cursor = body.next_cursor;
    pages += 1;
  } while (cursor !== undefined);
  return { ids, pages };
}

beforeAll(async () => {
  srv = await startGatedServer();
  append(episodes(250));
});
afterAll(async () => {
  await srv.close();
});

describe('paging', () => {
  test('the default page is 100 items with a next_cursor; limit=1000 gives every episode, newest activity first', async () => {
    const first = (await (await get('/state/episodes')).json()) as Body;
    expect(first.items).toHaveLength(100);
    expect(first.next_cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const all = (await (await get('/state/episodes?limit=1000')).json()) as Body;
    expect(all.items).toHaveLength(250);
    expect(all.next_cursor).toBeUndefined();
    expect(all.items.map((item) => item.id)).toEqual(Array.from({ length: 250 }, (_, i) => `ep-${249 - i}`));
    expect(first.items).toEqual(all.items.slice(0, 100));
  });

  test.each([
    ['/state/episodes', 7],
    ['/state/episodes?project=p1', 33],
    ['/state/observations', 40],
    ['/state/observations?project=p1', 1],
  ])('%s walked %i at a time gives every item once, in the order of the whole view', async (path, limit) => {
    const whole = (await (await get(`${path}${path.includes('?') ? '&' : '?'}limit=1000`)).json()) as Body;
    const { ids, pages } = await walk(path, limit);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(whole.items.map((item) => item.id));
    expect(pages).toBe(Math.ceil(whole.items.length / limit));
  });

  test('items arriving between pages do not repeat or shift what the next page holds', async () => {
    const first = (await (await get('/state/observations?limit=50')).json()) as Body;
    append(episodes(3, 1000));
    const rest = await walk(`/state/observations?cursor=${first.next_cursor!}`, 1000);
    const ids = [...first.items.map((item) => item.id), ...rest.ids];
    expect(new Set(ids).size).toBe(ids.length);
    // Stage views are oldest first: the new items come at the end.
    expect(rest.ids.slice(-3)).toEqual(
      ((await (await get('/state/observations?limit=1000')).json()) as Body).items.slice(-3).map((item) => item.id),
    );
  });

  test.each([
    ['limit=0', 'limit', /integer from 1 to 1000/],
    ['limit=1001', 'limit', /integer from 1 to 1000/],
    ['limit=ten', 'limit', /integer from 1 to 1000/],
    ['limit=5&limit=6', 'limit', /once/],
    ['cursor=not%20a%20cursor', 'cursor', /next_cursor of an earlier page/],
    [`cursor=${Buffer.from('[1]').toString('base64url')}`, 'cursor', /not a cursor of \/state\/episodes/],
    [`cursor=${Buffer.from('{"a":1}').toString('base64url')}`, 'cursor', /not a cursor of \/state\/episodes/],
    ['cursor=AAAA', 'cursor', /not a cursor of \/state\/episodes/],
  ])('?%s is a 400 problem naming %s and what is accepted', async (query, field, message) => {
    const response = await get(`/state/episodes?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    const body = (await response.json()) as { code: string; errors: { path: string; message: string }[] };
    expect(body.code).toBe('journal-query-invalid');
    expect(body.errors[0]!.path).toBe(field);
    expect(body.errors[0]!.message).toMatch(message);
  });

  test('a beliefs cursor is a position; an episodes cursor does not fit /state/leases', async () => {
    const episodesCursor = ((await (await get('/state/episodes?limit=1')).json()) as Body).next_cursor!;
    expect((await get(`/state/beliefs?cursor=${episodesCursor}`)).status).toBe(400);
    expect((await get(`/state/beliefs?cursor=${Buffer.from('[0]').toString('base64url')}`)).status).toBe(200);
    expect((await get(`/state/leases?limit=0`)).status).toBe(400);
    expect((await get(`/state/leases?cursor=${Buffer.from('[3]').toString('base64url')}`)).status).toBe(400);
  });
});

describe('ETag', () => {
  test('stays while nothing changes, differs per page and limit, changes on an append; 304 on If-None-Match', async () => {
    const first = await get('/state/episodes?limit=10');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"state-episodes-v\d+-/);
    expect((await get('/state/episodes?limit=10')).headers.get('etag')).toBe(etag);
    const notModified = await get('/state/episodes?limit=10', { 'If-None-Match': etag });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    expect((await get('/state/episodes?limit=11')).headers.get('etag')).not.toBe(etag);
    const next = ((await first.json()) as Body).next_cursor!;
    expect((await get(`/state/episodes?limit=10&cursor=${next}`)).headers.get('etag')).not.toBe(etag);
    append(episodes(1, 2000));
    const changed = await get('/state/episodes?limit=10', { 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  test('a stage view changes its ETag when an item leaves the window, with no append', async () => {
    let now = Date.UTC(2026, 11, 1, 12, 0, 0);
    const server = buildServer({
      staticDir: '/nonexistent-static',
      dataDir: '/tmp',
      version: 'it',
      presetAdminDigests: [sha256Hex(ADMIN_TOKEN)],
      now: () => now,
    });
    try {
      const at = createEventFactory({
        actor: 'dev',
        clock: { now: () => now },
        newId: createUlidFactory(
          () => now,
          (n) => randomBytes(n),
        ),
      });
      server.journal.events.append([at('obs.recorded', { source: 'user', text: 'old' })], { origin: 'test' });
      now += 60_000;
      server.journal.events.append([at('obs.recorded', { source: 'user', text: 'new' })], { origin: 'test' });
      const read = (headers: Record<string, string> = {}) =>
        server.app.request('/state/observations', { headers: { ...AUTH, ...headers } });
      const etag = (await read()).headers.get('etag')!;
      now += 500_000;
      expect((await read({ 'If-None-Match': etag })).status).toBe(304);
      // 10 minutes after the first: it leaves the window, the version stays, the ETag changes.
      now += 50_000;
      const later = await read({ 'If-None-Match': etag });
      expect(later.status).toBe(200);
      const body = (await later.json()) as { version: number; items: { payload: { text: string } }[] };
      expect(body.items.map((item) => item.payload.text)).toEqual(['new']);
      expect(body.version).toBe(2);
    } finally {
      server.close();
    }
  });

  test('an ETag is not a hash of the body: the same view in another instance names its own revision', async () => {
    const etag = (await get('/state/episodes')).headers.get('etag')!;
    const other = await startGatedServer();
    try {
      other.parts.journal.events.append(
        srv.parts.journal.events.after(0, {}, 1000).map(({ server_seq: _seq, ...event }) => event),
        { origin: 'test' },
      );
      const response = await fetch(`${other.url}/state/episodes`, { headers: AUTH });
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).not.toBe(etag);
    } finally {
      await other.close();
    }
  });
});
