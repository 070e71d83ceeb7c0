/**
 * Conversations (issue 12 item 1, SPEC §7) in real Chromium with the probe model: two
 * conversations each with a message, a rename, a search that finds a message in the
 * other one, delete → Undo (nothing written), delete again → the tombstone after the
 * window; after a reload it is not listed and its events are gone from the journal.
 * Deep links: a reload on `#/chat/<id>` reopens that conversation; back/forward move
 * between two. axe finds nothing on Chat with the list at 1280×800 and 390×844.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { openApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';

const fx = useAppFixture();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
type A11yWindow = Window & { axe?: typeof import('axe-core') };

const hashConversation = (page: Page) =>
  page.evaluate(() => decodeURIComponent(/^#\/chat\/([^/]+)$/.exec(location.hash)?.[1] ?? ''));
const listed = (page: Page) =>
  page.evaluate(() => window.arw!.conversations.list().map((c) => ({ id: c.id, title: c.title })));
const userTexts = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('[data-testid="user-message"]')].map((m) => m.textContent ?? ''));
const conversationEvents = (page: Page, kind: string) =>
  page.evaluate(
    async (k) => (await window.arw!.journal.query({ kindPrefixes: [k], limit: 100 })).events.map((e) => e.payload),
    kind,
  );

async function openChat(page: Page) {
  await page.getByLabel('Model').selectOption('probe');
  await page.locator('[data-testid="model-label"][data-model-id="probe"]').waitFor({ timeout: 30_000 });
}

/** New conversation (the button), then one message answered; resolves with its id. */
async function newConversationWith(page: Page, text: string): Promise<string> {
  const before = await hashConversation(page);
  await page.getByTestId('new-conversation').click();
  await page.waitForFunction((old) => /^#\/chat\/.+/.test(location.hash) && location.hash !== `#/chat/${old}`, before);
  const id = await hashConversation(page);
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Message');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (t) =>
      [...document.querySelectorAll('[data-testid="user-message"]')].some((m) => m.textContent?.includes(t)) &&
      document.querySelector('[data-testid="assistant-message"][data-status="completed"]') !== null,
    text,
    { timeout: 20_000 },
  );
  return id;
}

test('two conversations: rename, search, delete with Undo, the tombstone, erased after reload', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/chat');
  await openChat(page);
  const first = await newConversationWith(page, 'apples are red');
  const second = await newConversationWith(page, 'bananas are yellow');
  expect(first).not.toBe(second);
  expect(await userTexts(page)).toEqual([expect.stringContaining('bananas are yellow')]);
  await page.waitForFunction(() => window.arw!.conversations.list().length === 2);
  expect((await listed(page)).map((c) => c.id)).toEqual([second, first]);
  expect(await listed(page)).toEqual([
    { id: second, title: 'bananas are yellow' },
    { id: first, title: 'apples are red' },
  ]);
  // Each episode carries its conversation.
  const started = await conversationEvents(page, 'episode.started');
  expect(started.map((p) => p.conversation_id).sort()).toEqual([first, second].sort());

  // Rename in place: a bad title says why; Enter saves; Escape would cancel.
  const item = (id: string) => page.locator(`[data-testid="conversation"][data-conversation-id="${id}"]`);
  await item(second).getByRole('button', { name: 'Rename bananas are yellow' }).click();
  const title = page.getByLabel('Conversation title');
  await title.fill('   ');
  await title.press('Enter');
  await page.getByRole('alert').filter({ hasText: 'The title is empty' }).waitFor();
  await title.fill('Yellow fruit');
  await title.press('Enter');
  await page.waitForFunction((id) => window.arw!.conversations.get(id)?.title === 'Yellow fruit', second);
  expect(await conversationEvents(page, 'conversation.renamed')).toEqual([
    expect.objectContaining({ conversation_id: second, title: 'Yellow fruit' }),
  ]);

  // Search finds the message in the other conversation, with a snippet; opening it shows it.
  await page.getByLabel('Search conversations').fill('APPLES');
  const hit = page.locator(`[data-testid="conversation-hit"][data-conversation-id="${first}"]`).first();
  await hit.waitFor();
  expect(await hit.textContent()).toContain('apples are red');
  await hit.getByRole('button').click();
  await page.waitForFunction((id) => location.hash === `#/chat/${id}`, first);
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="user-message"]')].some((m) => m.textContent?.includes('apples')),
  );
  await page.getByLabel('Search conversations').fill('');

  // Delete → hidden at once, Undo focused; Undo brings it back and nothing is written.
  await item(first).getByRole('button', { name: 'Delete apples are red' }).click();
  await page.waitForFunction(() => document.activeElement?.textContent === 'Undo');
  expect((await listed(page)).map((c) => c.id)).toEqual([second]);
  expect(await page.getByTestId('conversation-undo').getAttribute('role')).toBe('status');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.arw!.conversations.list().length === 2);
  expect(await conversationEvents(page, 'conversation.deleted')).toEqual([]);

  // Delete again and let the window pass: the tombstone names the conversation and its episode.
  const corrIds = await page.evaluate((id) => window.arw!.conversations.get(id)!.corr_ids, first);
  expect(corrIds).toHaveLength(1);
  await item(first).getByRole('button', { name: 'Delete apples are red' }).click();
  // Nothing is written during the window; then the tombstone (8 s Undo window).
  expect(await conversationEvents(page, 'conversation.deleted')).toEqual([]);
  await expect
    .poll(async () => (await conversationEvents(page, 'conversation.deleted')).length, {
      timeout: 15_000,
      interval: 250,
    })
    .toBe(1);
  expect(await conversationEvents(page, 'conversation.deleted')).toEqual([
    expect.objectContaining({ conversation_id: first, corr_ids: corrIds }),
  ]);

  await page.reload();
  await page.waitForFunction(() => window.arw?.conversations.loaded() === true);
  expect((await listed(page)).map((c) => c.id)).toEqual([second]);
  // The eraser removes the deleted conversation's events from this journal (the tombstone stays).
  const eventsOf = (corr: string) =>
    page.evaluate(async (c) => (await window.arw!.journal.query({ corrId: c, limit: 10 })).events.length, corr);
  await expect.poll(() => eventsOf(corrIds[0]!), { timeout: 15_000, interval: 250 }).toBe(0);
  expect(await conversationEvents(page, 'conversation.created')).toEqual([
    expect.objectContaining({ conversation_id: second }),
  ]);
  await page.close();
});

test('deep links: a reload on #/chat/<id> reopens it; back and forward move between two conversations', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/chat');
  await openChat(page);
  const one = await newConversationWith(page, 'first deep link');
  const two = await newConversationWith(page, 'second deep link');
  const shows = (text: string) =>
    page.waitForFunction(
      (t) => {
        const texts = [...document.querySelectorAll('[data-testid="user-message"]')].map((m) => m.textContent ?? '');
        return texts.length > 0 && texts.every((m) => m.includes(t));
      },
      text,
      { timeout: 10_000 },
    );
  await page.goto(`${fx.server.url}/#/chat/${one}`);
  await page.reload();
  await page.waitForFunction(() => Boolean(window.arw?.conversations.loaded()));
  await shows('first deep link');
  expect(await page.evaluate(() => window.arw!.conversations.current())).toBe(one);
  expect(await page.locator(`[data-conversation-id="${one}"] .conversation-open`).getAttribute('aria-current')).toBe(
    'true',
  );

  await page.locator(`[data-conversation-id="${two}"] .conversation-open`).click();
  await shows('second deep link');
  await page.goBack();
  await shows('first deep link');
  expect(await hashConversation(page)).toBe(one);
  await page.goForward();
  await shows('second deep link');
  expect(await hashConversation(page)).toBe(two);

  // The palette: "Open conversation: <title>" opens it; "New conversation" starts one.
  const palette = () => page.getByRole('dialog', { name: 'Command palette' });
  const openPalette = () =>
    expect
      .poll(
        async () => {
          if ((await palette().count()) === 0) await page.keyboard.press('Control+k');
          return page.evaluate(() => document.activeElement?.getAttribute('role') === 'combobox');
        },
        { timeout: 15_000 },
      )
      .toBe(true);
  await openPalette();
  await page.keyboard.type('open conversation first deep');
  await expect
    .poll(() => palette().locator('[role="option"][data-highlighted]').textContent())
    .toContain('Open conversation: first deep link');
  await page.keyboard.press('Enter');
  await shows('first deep link');
  expect(await hashConversation(page)).toBe(one);
  await openPalette();
  await page.keyboard.type('new conversation');
  await expect
    .poll(() => palette().locator('[role="option"][data-highlighted]').textContent())
    .toContain('New conversation');
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    ([a, b]) => /^#\/chat\/.+/.test(location.hash) && ![`#/chat/${a}`, `#/chat/${b}`].includes(location.hash),
    [one, two],
  );
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')), { timeout: 5_000 })
    .toBe('Message');
  const fromPalette = await hashConversation(page);

  // Ctrl+Shift+O opens a new, empty conversation from any view.
  await page.locator('a[href="#/hub"]').first().click();
  await page.keyboard.press('Control+Shift+O');
  await page.waitForFunction(
    (ids) => /^#\/chat\/.+/.test(location.hash) && !ids.map((id) => `#/chat/${id}`).includes(location.hash),
    [one, two, fromPalette],
  );
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="user-message"]').length === 0);
  await page.close();
});

for (const size of [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const) {
  test(`axe: Chat with the conversation list has no violations at ${size.name} size`, async () => {
    const page = await openApp(fx.browser.context, fx.server.url, '/#/chat');
    await page.setViewportSize({ width: size.width, height: size.height });
    await openChat(page);
    await newConversationWith(page, `checking ${size.name}`);
    await newConversationWith(page, `and again at ${size.name} size`);
    if (size.name === 'phone') {
      const toggle = page.locator('.conversations-toggle');
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    }
    await page.getByTestId('conversation').first().waitFor();
    // A deletion in its window too: the Undo toast is part of the view then.
    await page.evaluate(() => window.arw!.conversations.remove(window.arw!.conversations.list()[0]!.id));
    await page.getByTestId('conversation-undo').getByRole('button', { name: 'Undo' }).waitFor();
    await page.evaluate(AXE);
    for (const colorScheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme });
      const violations = await page.evaluate(async () => {
        const result = await (window as A11yWindow).axe!.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
      });
      expect(violations, colorScheme).toEqual([]);
    }
    await page.evaluate(() => window.arw!.conversations.undo(window.arw!.conversations.pending()[0]!.id));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(size.width);
    await page.close();
  });
}
