/**
 * Issue 12 item 6: Debug, Hub and the sidecar name an episode by its first message and
 * model (“what time is it” · probe) with labelled counts, and an episode another device
 * ran says which device by its name ("another device" while none is known), never by id.
 */
import { expect, test } from 'vitest';
import { openApp, waitForApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';

const fx = useAppFixture();
const PHONE = 'device:01JPHONE0000000000000000XY';

test('an episode reads “what time is it” · probe with "N events, 1 tool call" in Debug, Hub and the sidecar', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/chat');
  await page.getByLabel('Model').selectOption('probe');
  await page.getByLabel('Message').fill('what time is it');
  await page.getByRole('button', { name: 'Send' }).click();
  const corr = await page.evaluate(async () => {
    for (;;) {
      const { events } = await window.arw!.journal.query({ kindPrefixes: ['episode.completed'], limit: 1 });
      if (events[0]) return events[0].corr_id!;
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  await page.goto(`${fx.server.url}/#/debug`);
  await waitForApp(page);
  const row = page.locator(`[data-testid="episode-row"][data-corr-id="${corr}"]`);
  await row.waitFor();
  expect(await row.getByTestId('episode-label').textContent()).toBe('“what time is it” · probe');
  expect(await row.getByTestId('episode-counts').textContent()).toMatch(/^\d+ events, 1 tool call$/);
  expect(await row.getByTestId('episode-label').getAttribute('title')).toBe(`Episode ${corr}`);
  expect(await row.getByTestId('episode-devices').count()).toBe(0);
  await row.getByRole('button').click();
  await expect
    .poll(() => page.getByTestId('episode-lane-label').textContent(), { timeout: 10_000 })
    .toBe('“what time is it” · probe');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hub' }).click();
  const item = page.locator(`[data-testid="hub-episode"][data-corr-id="${corr}"]`);
  await item.waitFor();
  expect(await item.getByTestId('hub-episode-label').textContent()).toBe('“what time is it” · probe');
  expect(await item.textContent()).toMatch(/\d+ events, 1 tool call/);
});

test('an episode from another device names it: "another device" until its name is known, then the name', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/debug');
  await page.evaluate(async (phone) => {
    const arw = window.arw!;
    const context = { corr_id: 'e2e-from-phone' };
    const events = [
      arw.make('episode.started', { agent: 'chat', model: 'openai:tiny', input: 'from the phone' }, context),
      arw.make('episode.completed', { duration_ms: 5 }, context),
    ].map((event) => ({ ...event, actor: phone }));
    await arw.journal.appendBatch(events);
  }, PHONE);
  const row = page.locator('[data-testid="episode-row"][data-corr-id="e2e-from-phone"]');
  await row.waitFor();
  expect(await row.getByTestId('episode-label').textContent()).toBe('“from the phone” · tiny');
  expect(await row.getByTestId('episode-counts').textContent()).toBe('2 events');
  expect(await row.getByTestId('episode-devices').textContent()).toBe('on another device');
  expect(await row.textContent()).not.toContain(PHONE);

  // A name seen once (presence or the shared thread) is remembered on this device.
  await page.evaluate((phone) => localStorage.setItem('arw:device-names', JSON.stringify([[phone, 'Phone']])), PHONE);
  await page.reload();
  await waitForApp(page);
  await row.waitFor();
  expect(await row.getByTestId('episode-devices').textContent()).toBe('on Phone');
  await page.goto(`${fx.server.url}/#/settings`);
  await waitForApp(page);
  expect(await page.getByTestId('known-devices').textContent()).toBe('Other devices seen here: Phone');
});
