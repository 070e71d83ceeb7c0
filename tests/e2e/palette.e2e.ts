/**
 * The command palette end to end (issue 11 item 7), keyboard only: Ctrl+K from every
 * view and from the composer, "grant net" → net:http → host → 15m → Enter writes a
 * `leases.created` for net:http on net://<host> for ~900 s that the sidecar's policy lane
 * and Settings → Permissions show; "open gallery" navigates; Esc gives focus back; axe
 * finds no violations with the palette open.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import type { StoredEvent } from '../../core/journal/types';
import { openApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';
import type { EventOf } from '../support/page-api';

const fx = useAppFixture();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const VIEWS = ['hub', 'chat', 'training', 'gallery', 'debug', 'settings'];

/** axe-core, once its script is evaluated in the page. */
type AxeWindow = Window & { axe?: typeof import('axe-core') };

const palette = (page: Page) => page.getByRole('dialog', { name: 'Command palette' });
const paletteInput = (page: Page) => palette(page).getByRole('combobox');

/** Ctrl+K until the palette's input has focus (a press before the app listens is lost), then typing goes there. */
async function openPalette(page: Page): Promise<void> {
  await expect
    .poll(
      async () => {
        if ((await palette(page).count()) === 0) await page.keyboard.press('Control+k');
        // Never waits for the element (a locator would, for as long as it is missing).
        return page.evaluate(() => {
          const active = document.activeElement;
          return active?.getAttribute('role') === 'combobox' && active.closest('[role="dialog"]') !== null;
        });
      },
      { timeout: 15_000 },
    )
    .toBe(true);
}
const highlighted = (page: Page) => palette(page).locator('[role="option"][data-highlighted]');
const activeLabel = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''}` : '';
  });

/** Resolves with the first event of `kind` whose field at `path` is `value`, already in the journal or arriving. */
const journalEvent = <K extends 'leases.created' | 'projects.agent.attached' | 'conversation.created'>(
  page: Page,
  kind: K,
  path: string[],
  value: string,
) =>
  page.evaluate(
    ({ kind, path, value }) =>
      new Promise<StoredEvent>((resolve) => {
        const journal = window.arw!.journal;
        const at = (e: StoredEvent) =>
          path.reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], e);
        const settle = (events: readonly StoredEvent[]) => {
          const found = events.find((e) => e.kind === kind && at(e) === value);
          if (!found) return;
          stop();
          resolve(found);
        };
        const stop = journal.subscribe(settle);
        void journal.query({ kindPrefixes: [kind], limit: 1000 }).then((p) => settle(p.events));
      }),
    { kind, path, value },
  ) as Promise<EventOf<K>>;

test('keyboard only: grant net → net:http → host → 15m → Enter makes a 15 min lease the lanes show', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/chat');
  await page.getByLabel('Message').focus();
  await openPalette(page);
  await expect.poll(() => paletteInput(page).evaluate((el) => el === document.activeElement)).toBe(true);

  await page.keyboard.type('grant net');
  await expect.poll(() => highlighted(page).textContent()).toContain('net:http');
  await page.keyboard.press('Tab');
  await expect.poll(() => paletteInput(page).inputValue()).toBe('grant net:http ');
  await expect.poll(() => palette(page).getByRole('status').textContent()).toMatch(/type a host/i);

  await page.keyboard.type('palette-host.example ');
  await expect
    .poll(() => highlighted(page).textContent())
    .toContain('Grant net:http on net://palette-host.example for 15 min');
  await page.keyboard.press('Tab');
  await expect.poll(() => paletteInput(page).inputValue()).toBe('grant net:http palette-host.example 15m');

  const created = journalEvent(page, 'leases.created', ['payload', 'lease', 'scope'], 'net://palette-host.example');
  await page.keyboard.press('Enter');
  const { lease } = (await created).payload;
  expect(lease).toMatchObject({ capability: 'net:http', scope: 'net://palette-host.example', subject: '*' });
  const ttlSecs = (Date.parse(lease.ttl_until) - Date.parse(lease.created)) / 1000;
  expect(ttlSecs).toBeGreaterThanOrEqual(899);
  expect(ttlSecs).toBeLessThanOrEqual(901);

  // Closed, with focus back in the composer it was opened from.
  await expect.poll(() => palette(page).count()).toBe(0);
  expect(await activeLabel(page)).toBe('textarea:Message');

  const laneRow = page.getByTestId('policy-lane').locator(`[data-testid="lease"][data-lease-id="${lease.id}"]`);
  await laneRow.waitFor();
  expect(await laneRow.textContent()).toContain('net://palette-host.example');

  // Settings → Permissions, reached through the palette too.
  await openPalette(page);
  await page.keyboard.type('settings permissions');
  await expect.poll(() => highlighted(page).textContent()).toContain('Settings → Permissions');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.url()).toContain('#/settings');
  const settingsRow = page.getByTestId('permissions').locator(`[data-testid="lease"][data-lease-id="${lease.id}"]`);
  await settingsRow.waitFor();
  expect(await settingsRow.getAttribute('data-capability')).toBe('net:http');
  await page.close();
});

test('an invalid grant says why and grants nothing', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/hub');
  await openPalette(page);
  await page.keyboard.type('grant nett example.com 15m');
  const alert = palette(page).getByRole('alert');
  await expect
    .poll(() => alert.textContent())
    .toBe("unknown capability 'nett' — try net:http, fs:read, fs:write, project:read, project:write");
  expect(await paletteInput(page).getAttribute('aria-invalid')).toBe('true');
  expect(await palette(page).getByRole('option').count()).toBe(0);
  await page.keyboard.press('Enter');
  expect(await palette(page).count()).toBe(1);
  await page.close();
});

test('"attach <recipe> <project>" attaches an installed recipe there with one event naming both; "run <recipe>" launches it on the current project', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/hub');
  await page.evaluate(async () => {
    const arw = window.arw!;
    const installed = await arw.recipes.install({ kind: 'url', url: '/recipes/save-page-to-notes/' });
    if (!installed.ok) throw new Error(JSON.stringify(installed.error));
    arw.project.set('palette-garden');
  });
  await openPalette(page);
  await page.keyboard.type('attach save page palette-garden');
  await expect.poll(() => highlighted(page).textContent()).toContain('Attach Save a page to notes to palette-garden');
  const attached = journalEvent(page, 'projects.agent.attached', ['project_id'], 'palette-garden');
  await page.keyboard.press('Enter');
  expect((await attached).payload).toMatchObject({ agent_id: 'recipe:save-page-to-notes' });
  await page
    .getByTestId('attached-agents')
    .locator('[data-testid="attached-agent"][data-agent-id="recipe:save-page-to-notes"]')
    .waitFor();
  const events = await page.evaluate(async () => {
    const { events } = await window.arw!.journal.query({ kindPrefixes: ['projects.agent.'], limit: 100 });
    return events;
  });
  expect(events.filter((e) => e.kind === 'projects.agent.attached')).toHaveLength(1);

  // Run it on the current project: a conversation bound to the project, with the recipe as agent, in Chat.
  await openPalette(page);
  await page.keyboard.type('run save page');
  await expect.poll(() => highlighted(page).textContent()).toContain('Run Save a page to notes on palette-garden');
  const launched = journalEvent(page, 'conversation.created', ['payload', 'recipe_id'], 'save-page-to-notes');
  await page.keyboard.press('Enter');
  const conversation = await launched;
  expect(conversation).toMatchObject({ project_id: 'palette-garden', payload: { agent: 'recipe:save-page-to-notes' } });
  await expect.poll(() => page.url()).toContain('#/chat');
  await page.close();
});

test('"open gallery" and Enter navigates to the Gallery', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/hub');
  await openPalette(page);
  await page.keyboard.type('open gallery');
  await expect.poll(() => highlighted(page).textContent()).toContain('Open Gallery');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.url()).toContain('#/gallery');
  await expect.poll(() => palette(page).count()).toBe(0);
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');

  // Recent first: with nothing typed the item just used leads the list.
  await openPalette(page);
  await expect.poll(() => highlighted(page).textContent()).toContain('Open Gallery');
  await page.close();
});

test('Ctrl+K opens on every view; arrows move; Esc closes and focus returns where it was', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/hub');
  for (const view of VIEWS) {
    await page.evaluate((hash) => (location.hash = hash), `#/${view}`);
    await expect.poll(() => page.evaluate(() => document.getElementById('main')?.dataset.route)).toBe(view);
    const link = page.getByRole('navigation', { name: 'Main' }).locator(`a[data-route="${view}"]`);
    await link.focus();
    await openPalette(page);
    await expect
      .poll(() => paletteInput(page).evaluate((el) => el === document.activeElement), { message: view })
      .toBe(true);
    const first = await highlighted(page).textContent();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => highlighted(page).textContent(), { message: view }).not.toBe(first);
    await page.keyboard.press('Escape');
    await expect.poll(() => palette(page).count(), { message: view }).toBe(0);
    // The dialog hands focus back as it unmounts, which may land a frame after it leaves the DOM.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-route')), { message: view })
      .toBe(view);
  }
  await page.close();
});

test('axe finds no violations with the palette open', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/hub');
  await page.evaluate(AXE);
  const violations = () =>
    page.evaluate(async () => {
      const result = await (window as AxeWindow).axe!.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
    });
  await openPalette(page);
  await expect.poll(() => highlighted(page).count()).toBe(1);
  expect(await violations(), 'the opening list').toEqual([]);

  await page.keyboard.type('grant net:http example.com ');
  await expect.poll(() => palette(page).getByRole('option').count()).toBe(3);
  expect(await violations(), 'grant durations').toEqual([]);

  await page.keyboard.press('Control+a');
  await page.keyboard.type('grant nett');
  await palette(page).getByRole('alert').waitFor();
  expect(await violations(), 'an invalid grant').toEqual([]);
  await page.close();
});
