/**
 * Issue 3, item 2 and the first two acceptance points, plus item 1's client half: two
 * devices (two browser profiles) paired with one server share project p1's chat thread
 * (Yjs, `p1/thread/main`): messages and streamed replies appear on both, presence shows
 * both devices and who types; an offline edit on A and an edit on B converge to
 * identical Yjs state; a reload without network reads the thread from IndexedDB.
 */
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { networkBlocked, waitForApp } from '../support/browser';
import { usePairedDevices } from './sync-helpers';

type Message = { role: string; text: string; status: string; corr_id: string };
/** The page's window with the reply states the streaming test records. */
type RepliesWindow = Window & { __replies?: string[] };
/** Reads of `window.arw.collab` (the console hook). */
const connection = (page: Page) => page.evaluate(() => window.arw!.collab.connection() as string | undefined);
const messages = (page: Page) => page.evaluate(() => window.arw!.collab.messages() as Message[]);
const threadJson = (page: Page) => page.evaluate(() => window.arw!.collab.json() as unknown);
const stateVector = (page: Page) => page.evaluate(() => window.arw!.collab.stateVector() as number[]);
const loaded = (page: Page) => page.evaluate(() => window.arw!.collab.loaded() as Promise<boolean>);
const storedRows = (page: Page) => page.evaluate(() => window.arw!.collab.storedRows() as Promise<number>);
const presence = (page: Page) => page.getByTestId('presence').textContent();
const threadTexts = async (page: Page) => (await messages(page)).filter((m) => m.role === 'user').map((m) => m.text);
const replies = async (page: Page) => (await messages(page)).filter((m) => m.role === 'assistant');

async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

const fx = usePairedDevices('/#/chat', async (page) => {
  await page.getByLabel('Model').selectOption('probe');
  await page.waitForFunction(() => window.arw!.collab.connection() === 'connected', undefined, {
    timeout: 10_000,
  });
});

test('a message typed on A appears in B’s Chat, the reply streams into both, presence shows both and A typing', async () => {
  expect(await fx.pageA.evaluate(() => window.arw!.collab.docName())).toBe('p1/thread/main');
  await expect.poll(() => presence(fx.pageA), { timeout: 10_000 }).toBe('Here: you, Phone');
  await expect.poll(() => presence(fx.pageB), { timeout: 10_000 }).toBe('Here: you, Laptop');

  await fx.pageA.getByLabel('Message').fill('hello from A');
  await expect.poll(() => presence(fx.pageB), { timeout: 5_000 }).toBe('Here: you, Laptop (typing…)');

  // Every state of B's copy of the reply while it streams, to see tokens arrive live.
  await fx.pageB.evaluate(() => {
    const w = window as RepliesWindow;
    const seen: string[] = (w.__replies = []);
    const doc = w.arw!.collab;
    const tick = () => {
      const reply = doc.messages().find((m) => m.role === 'assistant');
      if (reply) seen.push(`${reply.status}:${reply.text}`);
      if (!reply || reply.status === 'streaming') requestAnimationFrame(tick);
    };
    tick();
  });
  await fx.pageA.getByRole('button', { name: 'Send' }).click();
  await fx.pageB.getByTestId('user-message').filter({ hasText: 'hello from A' }).waitFor({ timeout: 10_000 });
  expect(await fx.pageB.getByTestId('user-message').first().textContent()).toContain('Laptop');
  const done = fx.pageB.locator('[data-testid="assistant-message"][data-status="done"]');
  await done.waitFor({ timeout: 20_000 });
  const replyA = await replies(fx.pageA);
  const replyB = await replies(fx.pageB);
  expect(replyA[0]!.text.length).toBeGreaterThan(0);
  expect(replyB).toEqual(replyA);
  const seen: string[] = await fx.pageB.evaluate(() => (window as RepliesWindow).__replies ?? []);
  const partial = seen.filter((s) => s.startsWith('streaming:') && s.length > 'streaming:'.length);
  expect(partial.length, `B saw the reply only whole: ${JSON.stringify(seen)}`).toBeGreaterThan(0);

  // Sending cleared A's typing; A looks at the episode it sent, and B sees that.
  await expect.poll(() => presence(fx.pageB), { timeout: 5_000 }).toBe('Here: you, Laptop');
  const corr = (await messages(fx.pageA))[0]!.corr_id;
  await expect
    .poll(() => fx.pageB.locator(`article[data-corr-id="${corr}"] [data-testid="viewers"]`).textContent(), {
      timeout: 5_000,
    })
    .toBe('viewed by Laptop');
});

test('offline: A edits while cut off, B edits the same thread, A comes back and both converge to identical Yjs state', async () => {
  // The app closes its relay socket on the browser's `offline` event (as the event sync
  // does); Chromium's offline emulation also holds back frames on the open loopback
  // socket (even the close frame), so B keeps A's presence until it times out.
  await fx.deviceA.context.setOffline(true);
  await expect.poll(() => connection(fx.pageA), { timeout: 5_000 }).toBe('disconnected');

  await send(fx.pageA, 'written offline on A');
  await send(fx.pageB, 'written on B meanwhile');
  await expect.poll(() => threadTexts(fx.pageB), { timeout: 10_000 }).toContain('written on B meanwhile');
  await fx.pageA.locator('[data-testid="assistant-message"][data-status="done"]').nth(1).waitFor({ timeout: 20_000 });
  // The link really is cut: B's edit has not reached A.
  expect(await threadTexts(fx.pageA)).not.toContain('written on B meanwhile');
  expect(await threadTexts(fx.pageB)).not.toContain('written offline on A');

  await fx.deviceA.context.setOffline(false);
  await expect.poll(() => connection(fx.pageA), { timeout: 10_000 }).toBe('connected');
  const both = ['hello from A', 'written on B meanwhile', 'written offline on A'].sort();
  await expect.poll(async () => (await threadTexts(fx.pageA)).sort(), { timeout: 10_000 }).toEqual(both);
  await expect.poll(async () => (await threadTexts(fx.pageB)).sort(), { timeout: 10_000 }).toEqual(both);
  // Streams finished on both sides before comparing the documents.
  await expect
    .poll(async () => (await messages(fx.pageB)).every((m) => m.status !== 'streaming'), { timeout: 20_000 })
    .toBe(true);
  await expect
    .poll(async () => JSON.stringify(await stateVector(fx.pageA)) === JSON.stringify(await stateVector(fx.pageB)), {
      timeout: 10_000,
    })
    .toBe(true);
  expect(await threadJson(fx.pageA)).toEqual(await threadJson(fx.pageB));
  await expect.poll(() => presence(fx.pageB), { timeout: 20_000 }).toBe('Here: you, Laptop');
});

test('a reload without network reads the thread from IndexedDB, compacted to one stored row', async () => {
  const before = await threadJson(fx.pageA);
  await fx.deviceA.context.setOffline(true);
  await fx.pageA.reload();
  await waitForApp(fx.pageA);
  expect(await networkBlocked(fx.pageA)).toBe(true);
  await expect.poll(() => loaded(fx.pageA), { timeout: 10_000 }).toBe(true);
  expect(await connection(fx.pageA)).not.toBe('connected');
  expect(await threadJson(fx.pageA)).toEqual(before);
  await fx.pageA.getByTestId('user-message').filter({ hasText: 'written on B meanwhile' }).waitFor({ timeout: 5_000 });
  expect(await storedRows(fx.pageA)).toBe(1);
  await fx.pageA.reload();
  await waitForApp(fx.pageA);
  await expect.poll(() => loaded(fx.pageA), { timeout: 10_000 }).toBe(true);
  expect(await storedRows(fx.pageA)).toBe(1);
  await fx.deviceA.context.setOffline(false);
});
