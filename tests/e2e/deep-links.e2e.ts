/**
 * Deep links (issue 12): `#/debug/episode/<corr_id>` opens Debug with that episode expanded,
 * selected in the sidecar and scrolled into view, also after a reload; back/forward move
 * between Hub, Chat and that episode; an unknown URL lands on Chat without an error.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { openApp, waitForApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';

const fx = useAppFixture();
const INPUT = 'deep link me';
const FILLERS = 40;
let corr = '';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe's violations on the page (rule and targets), and how far the page scrolls sideways. */
async function a11y(page: Page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as Window & { axe?: typeof import('axe-core') }).axe!;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return {
      violations: result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      sideways: document.documentElement.scrollWidth - innerWidth,
    };
  });
}

/** What the page shows: the route on <main>, the URL's hash, and the linked row's state. */
function place(page: Page, corrId: string) {
  return page.evaluate((id) => {
    const main = document.querySelector('main');
    const row = document.querySelector(`[data-testid="episode-row"][data-corr-id="${id}"]`);
    const canvas = main?.getBoundingClientRect();
    const box = row?.getBoundingClientRect();
    const lane = document.querySelector('[data-testid="episode-lane"] [data-testid="episode-link"]');
    return {
      route: main?.dataset.route,
      hash: location.hash,
      expanded: row?.querySelector('.episode-head')?.getAttribute('aria-expanded') === 'true',
      selected: row?.classList.contains('selected') ?? false,
      details: Boolean(row?.querySelector('.episode-details')),
      inView: Boolean(canvas && box && box.top < canvas.bottom && box.bottom > canvas.top),
      sidecarLink: lane?.getAttribute('href') ?? null,
    };
  }, corrId);
}

/** The episode link's controls that are laid out but smaller than a 44×44 px touch target. */
function smallLinkTargets(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.episode-link a, .episode-link button')]
      .map((el) => ({ text: el.textContent?.trim(), box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 1 && (box.width < 43.5 || box.height < 43.5))
      .map(({ text, box }) => `${text} ${Math.round(box.width)}×${Math.round(box.height)}`),
  );
}

const shownAt = (id: string) => ({
  route: 'debug',
  hash: `#/debug/episode/${id}`,
  expanded: true,
  selected: true,
  details: true,
  inView: true,
  sidecarLink: `#/debug/episode/${id}`,
});

test('a probe episode run from Chat, then newer episodes above it in Debug', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/chat');
  await page.getByLabel('Model').selectOption('probe');
  await page.getByRole('textbox', { name: 'Message' }).fill(INPUT);
  await page.getByRole('button', { name: 'Send' }).click();
  const ended = () =>
    page.evaluate(async (input) => {
      const arw = window.arw!;
      const started = (await arw.journal.query({ kindPrefixes: ['episode.started'], limit: 50 })).events.find(
        (e) => (e.payload as { input?: string }).input === input,
      );
      if (!started?.corr_id) return undefined;
      const { events } = await arw.journal.query({ corrId: started.corr_id, kindPrefixes: ['episode.completed'] });
      return events.length > 0 ? started.corr_id : undefined;
    }, INPUT);
  await expect.poll(ended, { timeout: 20_000 }).toBeTruthy();
  corr = (await ended())!;
  // Newer (finished) episodes list above the probe's, so its row starts below the fold.
  await page.evaluate(async (count) => {
    const arw = window.arw!;
    const events = [];
    for (let i = 0; i < count; i++) {
      const context = { corr_id: `e2e-filler-${String(i).padStart(2, '0')}` };
      events.push(arw.make('episode.started', { agent: 'e2e', input: `filler ${i}` }, context));
      events.push(arw.make('episode.completed', { duration_ms: 1 }, context));
    }
    await arw.journal.appendBatch(events);
  }, FILLERS);
  await page.close();
});

test('#/debug/episode/<corr> opens Debug with it expanded, selected in the sidecar and in view (axe clean, desktop and phone); reload keeps it', async () => {
  expect(corr).not.toBe('');
  const page = await fx.browser.context.newPage();
  await page.goto(`${fx.server.url}/#/debug/episode/${corr}`);
  await waitForApp(page);
  await expect.poll(() => place(page, corr), { timeout: 15_000 }).toEqual(shownAt(corr));
  expect(await page.getByTestId('episode-row').count()).toBeGreaterThan(FILLERS);

  await page.reload();
  await waitForApp(page);
  await expect.poll(() => place(page, corr), { timeout: 15_000 }).toEqual(shownAt(corr));
  expect(await a11y(page)).toEqual({ violations: [], sideways: 0 });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await a11y(page)).toEqual({ violations: [], sideways: 0 });
  expect(await smallLinkTargets(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 800 });

  // The row's "Copy link" puts the full URL on the clipboard.
  await fx.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: fx.server.url });
  await page.locator(`[data-corr-id="${corr}"] [data-testid="copy-episode-link"]`).click();
  await expect
    .poll(() => page.evaluate(() => navigator.clipboard.readText()))
    .toBe(`${fx.server.url}/#/debug/episode/${corr}`);
  await page.close();
});

test('back and forward move between Hub, Chat and a Debug episode', async () => {
  const page = await fx.browser.context.newPage();
  await page.goto(`${fx.server.url}/#/hub`);
  await waitForApp(page);
  const rail = page.getByRole('navigation', { name: 'Main' });
  await rail.getByRole('link', { name: 'Chat' }).click();
  await expect.poll(() => place(page, corr).then((p) => [p.route, p.hash])).toEqual(['chat', '#/chat']);
  // Chat's "episode" button selects in the sidecar (no navigation); the lane links to Debug.
  await page.getByRole('button', { name: `Show episode of “${INPUT}” in the sidecar` }).click();
  await expect.poll(() => place(page, corr).then((p) => p.sidecarLink)).toBe(`#/debug/episode/${corr}`);
  expect(page.url()).toMatch(/#\/chat$/);
  await page.locator('[data-testid="episode-lane"] [data-testid="episode-link"]').click();
  await expect.poll(() => place(page, corr)).toEqual(shownAt(corr));

  const at = () => place(page, corr).then((p) => [p.route, p.hash]);
  await page.goBack();
  await expect.poll(at).toEqual(['chat', '#/chat']);
  await page.goBack();
  await expect.poll(at).toEqual(['hub', '#/hub']);
  await page.goForward();
  await expect.poll(at).toEqual(['chat', '#/chat']);
  await page.goForward();
  await expect.poll(() => place(page, corr)).toEqual(shownAt(corr));
  await page.close();
});

test('an unknown URL lands on Chat (the URL replaced by #/chat) without an error', async () => {
  const page = await fx.browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  for (const path of ['/#/no/such/place', '/#/', '/']) {
    await page.goto(`${fx.server.url}${path}`);
    await waitForApp(page);
    await expect
      .poll(() => place(page, corr).then((p) => [p.route, p.hash]), { timeout: 10_000 })
      .toEqual(['chat', '#/chat']);
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
  }
  // A deep link to an episode this browser does not have says so.
  await page.goto(`${fx.server.url}/#/debug/episode/no-such-episode`);
  const problem = () =>
    page.evaluate(() => document.querySelector('[data-testid="episode-link-problem"]')?.textContent ?? '');
  await expect.poll(problem).toMatch(/not in this browser's journal/);
  expect(errors).toEqual([]);
  await page.close();
});

test('#/settings/<section> opens Settings scrolled to that section with its heading focused', async () => {
  const page = await fx.browser.context.newPage();
  await page.goto(`${fx.server.url}/#/settings/about`);
  await waitForApp(page);
  const at = () =>
    page.evaluate(() => {
      const heading = document.getElementById('settings-about');
      const canvas = document.querySelector('main')?.getBoundingClientRect();
      const box = heading?.getBoundingClientRect();
      return {
        route: document.querySelector('main')?.dataset.route,
        focused: document.activeElement?.id,
        inView: Boolean(canvas && box && box.top >= canvas.top - 1 && box.bottom <= canvas.bottom),
      };
    });
  await expect.poll(at, { timeout: 10_000 }).toEqual({ route: 'settings', focused: 'settings-about', inView: true });
  await page.close();
});
