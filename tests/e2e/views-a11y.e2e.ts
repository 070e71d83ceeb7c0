/**
 * Accessibility of every view (issue 12 item 7): axe-core finds no violations on Hub,
 * Chat, Training, Gallery, Debug and Settings (after one probe episode) at 1280×800 and
 * 390×844, in the light and the dark theme (the system scheme, which the default System
 * choice follows), nor with an episode's details in Debug, the command palette, the
 * phone's More menu or its sidecar sheet open. Settings → Appearance switches the theme,
 * keeps the choice across a reload, and System follows the device again. Screenshots of
 * each view per size and theme go to test-results/screenshots/<view>-<size>-<theme>.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { ROUTES } from '../../app/lib/routes';
import { openApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';
import { seedProbeEpisode, waitForView } from './view-helpers';

const fx = useAppFixture();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const SCHEMES = ['light', 'dark'] as const;
const SHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');

type AxeWindow = Window & { axe?: typeof import('axe-core') };

/** axe's violations on the whole document, one line each: where, rule id, help and the offending targets. */
async function violations(page: Page, where: string): Promise<string[]> {
  if (!(await page.evaluate(() => Boolean((window as AxeWindow).axe)))) await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const result = await (window as AxeWindow).axe!.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return found.map((v) => `${where}: ${v.id} (${v.help}) at ${v.targets.slice(0, 6).join(' | ')}`);
}

// Views with something in them: one finished probe episode (view-helpers.ts).
beforeAll(() => seedProbeEpisode(fx.browser.context, fx.server.url));

/** Ctrl+K until the palette's input has focus (a press before the app listens is lost; see palette.e2e.ts). */
async function openPalette(page: Page): Promise<void> {
  await expect
    .poll(async () => {
      if ((await page.locator('[role="dialog"]').count()) === 0) await page.keyboard.press('Control+k');
      return page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null);
    })
    .toBe(true);
}

describe.each(SIZES)('at $name size ($width×$height)', (size) => {
  test.each(SCHEMES)('every view has no axe violations in the %s theme', async (scheme) => {
    const page = await openApp(fx.browser.context, fx.server.url, '/#/hub');
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForFunction((theme) => document.documentElement.dataset.theme === theme, scheme);
    const found: string[] = [];
    for (const route of ROUTES) {
      await page.evaluate((hash) => (location.hash = hash), `#/${route.id}`);
      await waitForView(page, route.id);
      found.push(...(await violations(page, route.label)));
      // For a person to look at both themes (not compared: nothing here is a golden image).
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: resolve(SHOTS, `${route.id}-${size.name}-${scheme}.png`) });
    }
    // Debug with the episode's details open: its events table and waterfall.
    await page.evaluate(() => (location.hash = '#/debug'));
    await waitForView(page, 'debug');
    await page.getByTestId('episode-row').first().locator('.episode-head').click();
    await page.locator('.episode-details').first().waitFor();
    found.push(...(await violations(page, "Debug with an episode's details open")));
    // On Chat, so that the view's own findings (listed above) are not counted again.
    await page.evaluate(() => (location.hash = '#/chat'));
    await waitForView(page, 'chat');
    await openPalette(page);
    found.push(...(await violations(page, 'Chat with the command palette open')));
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('[role="dialog"]'));
    if (size.name === 'phone') {
      await page.getByTestId('rail-more').click();
      await page.getByRole('menu', { name: 'More views' }).waitFor();
      found.push(...(await violations(page, 'Chat with the More menu open')));
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Sidecar', exact: true }).click();
      await page.locator('#sidecar.open').waitFor();
      found.push(...(await violations(page, 'Chat with the sidecar sheet open')));
      await page.keyboard.press('Escape');
    }
    expect(found, `${scheme} theme, ${size.name}:\n${found.join('\n')}`).toEqual([]);
    await page.close();
  });
});

test('Settings → Appearance: Dark and Light apply at once and survive a reload; System follows the device', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/settings');
  await page.emulateMedia({ colorScheme: 'light' });
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  const group = page.getByRole('group', { name: 'Theme' });
  expect(await group.getByRole('radio', { name: /System/ }).isChecked()).toBe(true);
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');

  await group.getByRole('radio', { name: /Dark/ }).check();
  expect(await theme()).toBe('dark');
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe('dark');
  await page.reload();
  await page.waitForFunction(() => Boolean(window.arw));
  // Applied before the app renders: the attribute is there as soon as the app is.
  expect(await theme()).toBe('dark');
  expect(await page.getByRole('group', { name: 'Theme' }).getByRole('radio', { name: /Dark/ }).isChecked()).toBe(true);

  await page.getByRole('group', { name: 'Theme' }).getByRole('radio', { name: /Light/ }).check();
  expect(await theme()).toBe('light');
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await theme(), 'an explicit choice ignores the device').toBe('light');

  await page
    .getByRole('group', { name: 'Theme' })
    .getByRole('radio', { name: /System/ })
    .check();
  expect(await theme()).toBe('dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  expect(await page.evaluate(() => localStorage.getItem('arw.theme'))).toBe('system');
  await page.close();
});
