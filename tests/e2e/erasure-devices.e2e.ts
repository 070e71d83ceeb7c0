/**
 * Issue 12 acceptance (SPEC §7), two devices: A and B (two browser profiles) paired with
 * one server for p1. A holds two conversations with chat episodes; both replicate to B
 * and the server. A writes the tombstone of one: its events leave A's journal (also
 * after a reload), B's journal and the server's /events/tail; the tombstone stays, the
 * other conversation and the episodes' leases stay, the episode lists forget it, and
 * each device's copy of its shared thread (IndexedDB) is deleted.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { waitForApp } from '../support/browser';
import { journalCounts, serverIds, usePairedDevices } from './sync-helpers';

const fx = usePairedDevices('/#/debug', async (page) => {
  await page.waitForFunction(() => window.arw!.sync.snapshot().links[0]?.phase === 'live', undefined, {
    timeout: 15_000,
  });
});

const THREAD_DB = (conversation: string) => `arw-yjs:p1/thread/${conversation}`;

/**
 * Appends, in the page, a conversation with `episodes` chat episodes in p1, as the chat
 * writes them (conversation.created, then per episode episode.started naming the
 * conversation, a token batch, completion). Returns the ids and corr ids.
 */
function appendConversation(page: Page, conversation: string, episodes: number) {
  return page.evaluate(
    async ({ conversation, episodes }) => {
      const arw = window.arw!;
      const project = { project_id: 'p1' };
      const events = [
        arw.make(
          'conversation.created',
          { conversation_id: conversation, title: 'Tide pools', agent: 'agent:chat' },
          project,
        ),
      ];
      const corrIds: string[] = [];
      for (let i = 0; i < episodes; i++) {
        const context = { ...project, corr_id: `${conversation}-ep-${i}` };
        corrIds.push(context.corr_id);
        events.push(
          arw.make(
            'episode.started',
            { agent: 'chat', input: `question ${i}`, conversation_id: conversation },
            context,
          ),
          arw.make('tokens.out', { seq: 0, count: 3, text: `answer number ${i}` }, context),
          arw.make('episode.completed', { duration_ms: 12 }, context),
        );
      }
      await arw.journal.appendBatch(events);
      return { ids: events.map((event) => event.id), corrIds };
    },
    { conversation, episodes },
  );
}

/** This device's copy of a thread, as y-indexeddb keeps it: one IndexedDB database per document. */
function createThreadCopy(page: Page, name: string): Promise<void> {
  return page.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open(name, 1);
        request.onupgradeneeded = () => request.result.createObjectStore('updates', { autoIncrement: true });
        request.onsuccess = () => (request.result.close(), resolve());
        request.onerror = () => reject(request.error);
      }),
    name,
  );
}

const databaseNames = (page: Page) =>
  page.evaluate(async () => (await indexedDB.databases()).map((info) => info.name ?? ''));
const episodeIds = (page: Page) => page.evaluate(() => window.arw!.stream.episodes().map((episode) => episode.id));
const serverIdSet = async () => new Set(await serverIds(fx.server.url));

test('a tombstone written on A erases the conversation on A (after reload), on B and on the server', async () => {
  const { pageA, pageB } = fx;
  const erased = await appendConversation(pageA, 'conv-erase', 2);
  const kept = await appendConversation(pageA, 'conv-keep', 1);
  // A lease granted during an erased episode outlives the conversation (SPEC §7).
  const leaseId = await pageA.evaluate(async (corr) => {
    const arw = window.arw!;
    const now = Date.now();
    const lease = {
      id: 'lease-erasure-e2e',
      capability: 'net:http',
      scope: 'net://example.org',
      subject: 'agent:chat',
      granted_by: 'Laptop',
      created: new Date(now).toISOString(),
      ttl_until: new Date(now + 3_600_000).toISOString(),
    };
    return (await arw.journal.append(arw.make('leases.created', { lease }, { project_id: 'p1', corr_id: corr }))).id;
  }, erased.corrIds[1]!);
  const everything = [...erased.ids, ...kept.ids, leaseId];
  await expect.poll(() => journalCounts(pageB, everything), { timeout: 15_000 }).toEqual(everything.map(() => 1));
  await expect
    .poll(
      async () => {
        const onServer = await serverIdSet();
        return everything.filter((id) => !onServer.has(id));
      },
      { timeout: 15_000 },
    )
    .toEqual([]);
  for (const page of [pageA, pageB]) {
    await createThreadCopy(page, THREAD_DB('conv-erase'));
    await createThreadCopy(page, THREAD_DB('conv-keep'));
    await expect.poll(() => episodeIds(page), { timeout: 10_000 }).toEqual(expect.arrayContaining(erased.corrIds));
  }

  // The tombstone names the episode A knows first; the other one each store finds itself.
  const tombstoneId = await pageA.evaluate(
    async (corrIds) => {
      const arw = window.arw!;
      const tombstone = arw.make(
        'conversation.deleted',
        { conversation_id: 'conv-erase', corr_ids: corrIds },
        { project_id: 'p1' },
      );
      return (await arw.journal.append(tombstone)).id;
    },
    erased.corrIds.slice(0, 1),
  );

  const gone = erased.ids.map(() => 0);
  const stays = [...kept.ids, leaseId, tombstoneId].map(() => 1);
  for (const page of [pageA, pageB]) {
    await expect.poll(() => journalCounts(page, erased.ids), { timeout: 15_000 }).toEqual(gone);
    expect(await journalCounts(page, [...kept.ids, leaseId, tombstoneId])).toEqual(stays);
    await expect.poll(() => databaseNames(page), { timeout: 10_000 }).not.toContain(THREAD_DB('conv-erase'));
    expect(await databaseNames(page)).toContain(THREAD_DB('conv-keep'));
    await expect
      .poll(async () => (await episodeIds(page)).filter((id) => erased.corrIds.includes(id)), { timeout: 10_000 })
      .toEqual([]);
  }
  await expect
    .poll(
      async () => {
        const onServer = await serverIdSet();
        return { erased: erased.ids.filter((id) => onServer.has(id)), tombstone: onServer.has(tombstoneId) };
      },
      { timeout: 15_000 },
    )
    .toEqual({ erased: [], tombstone: true });
  const onServer = await serverIdSet();
  for (const id of [...kept.ids, leaseId]) expect(onServer.has(id)).toBe(true);

  // After a reload A's journal, its read-models and its episode list still hold none of it.
  await pageA.reload();
  await waitForApp(pageA);
  await pageA.evaluate(() => window.arw!.stream.ready);
  expect(await journalCounts(pageA, erased.ids)).toEqual(gone);
  expect(await journalCounts(pageA, [tombstoneId])).toEqual([1]);
  expect((await episodeIds(pageA)).filter((id) => erased.corrIds.includes(id))).toEqual([]);
  expect(await episodeIds(pageA)).toContain(kept.corrIds[0]);
});
