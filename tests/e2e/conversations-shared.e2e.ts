/**
 * Conversations in a project shared with a server (SPEC §7, issue 12 item 1): each
 * conversation has its own Yjs thread (`p1/thread/<conversation>`; the project's main
 * conversation keeps `p1/thread/main`). A conversation created on A reaches B through the
 * event sync; opening it on B shows A's message from that thread, and the main thread
 * does not have it.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { usePairedDevices } from './sync-helpers';

const fx = usePairedDevices('/#/chat', async (page) => {
  await page.getByLabel('Model').selectOption('probe');
  await page.waitForFunction(() => window.arw!.collab.connection() === 'connected', undefined, { timeout: 10_000 });
});

const docName = (page: Page) => page.evaluate(() => window.arw!.collab.docName());
const threadTexts = (page: Page) =>
  page.evaluate(() =>
    window
      .arw!.collab.messages()
      .filter((m) => m.role === 'user')
      .map((m) => m.text),
  );

test('a conversation made on A has its own thread; B lists it, opens it and reads A’s message there', async () => {
  expect(await docName(fx.pageA)).toBe('p1/thread/main');
  await fx.pageA.getByTestId('new-conversation').click();
  await fx.pageA.waitForFunction(() => /^#\/chat\/.+/.test(location.hash));
  const id = await fx.pageA.evaluate(() => window.arw!.conversations.current());
  await expect.poll(() => docName(fx.pageA), { timeout: 10_000 }).toBe(`p1/thread/${id}`);
  await fx.pageA.waitForFunction(() => window.arw!.collab.connection() === 'connected', undefined, {
    timeout: 10_000,
  });
  await fx.pageA.getByLabel('Message').fill('only in the new conversation');
  await fx.pageA.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => threadTexts(fx.pageA), { timeout: 10_000 }).toEqual(['only in the new conversation']);

  // B gets conversation.created through the event sync and lists it; opening it opens its thread.
  const item = fx.pageB.locator(`[data-testid="conversation"][data-conversation-id="${id}"]`);
  await item.waitFor({ timeout: 15_000 });
  await item.locator('.conversation-open').click();
  await expect.poll(() => docName(fx.pageB), { timeout: 10_000 }).toBe(`p1/thread/${id}`);
  await expect.poll(() => threadTexts(fx.pageB), { timeout: 15_000 }).toEqual(['only in the new conversation']);
  await fx.pageB.getByTestId('user-message').filter({ hasText: 'only in the new conversation' }).waitFor();

  // The main conversation's thread does not have it.
  await fx.pageB.evaluate((main) => window.arw!.conversations.open(main), 'legacy:p1');
  await expect.poll(() => docName(fx.pageB), { timeout: 10_000 }).toBe('p1/thread/main');
  await expect.poll(() => threadTexts(fx.pageB), { timeout: 5_000 }).toEqual([]);
});
