/**
 * The phone-sized app (issue 12 item 4) at 390×844 with touch, as a phone's Chromium
 * shows it: on every view nothing is wider than the viewport and every control is at
 * least 44×44 px (a screenshot per view in test-results/screenshots/); every rail
 * entry is reachable from the bottom bar or its More menu by tapping and by keyboard;
 * the sidecar opens as a sheet over the canvas, keeps focus inside and closes on Escape.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { ROUTES, type RouteId } from '../../app/lib/routes';
import { openApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';
import { seedProbeEpisode, waitForView } from './view-helpers';

const PHONE = { width: 390, height: 844 };
const fx = useAppFixture({ browser: { mobile: true, viewport: PHONE } });
const SHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');

// Views with something in them: one finished probe episode (view-helpers.ts).
beforeAll(() => seedProbeEpisode(fx.browser.context, fx.server.url));

/**
 * The innermost elements whose box reaches past the viewport's right edge. Inside a box
 * that scrolls sideways on purpose (a code block, a wide table) that is the box's own
 * business, unless that box is the canvas or the page itself.
 */
function elementsPastRightEdge(page: Page) {
  return page.evaluate(() => {
    const selector = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}` +
      (el.getAttribute('data-testid') ? `[data-testid="${el.getAttribute('data-testid')}"]` : '');
    const out = (el: Element) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && box.right > innerWidth + 0.5;
    };
    const scrollsOnPurpose = (el: Element) => {
      for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
        if (getComputedStyle(box).overflowX === 'visible') continue;
        return !box.matches('.app, .shell, .canvas') && !out(box);
      }
      return false;
    };
    const wide = [...document.querySelectorAll('body *')].filter(
      (el) => out(el) && !scrollsOnPurpose(el) && ![...el.children].some(out),
    );
    const canvas = document.querySelector('.canvas');
    return {
      scrollWidth: document.documentElement.scrollWidth,
      canvasOverflow: canvas ? canvas.scrollWidth - canvas.clientWidth : 0,
      innerWidth,
      wide: wide.slice(0, 8).map((el) => `${selector(el)} (right ${Math.round(el.getBoundingClientRect().right)} px)`),
    };
  });
}

/**
 * Controls smaller than 44×44 px. A checkbox or radio counts by its label (the label is
 * the target); a link inside running text is exempt (WCAG 2.5.8's inline exception).
 */
function smallTargets(page: Page) {
  return page.evaluate(() => {
    const selector = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}` +
      (el.getAttribute('data-testid') ? `[data-testid="${el.getAttribute('data-testid')}"]` : '');
    const controls = document.querySelectorAll<HTMLElement>(
      'button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="menuitem"], [role="button"], [role="tab"]',
    );
    const inRunningText = (el: HTMLElement) =>
      el.tagName === 'A' &&
      getComputedStyle(el).display === 'inline' &&
      (el.parentElement?.textContent ?? '').trim().length > (el.textContent ?? '').trim().length;
    const small: string[] = [];
    for (const el of controls) {
      if (el.closest('[inert], [aria-hidden="true"]') || inRunningText(el)) continue;
      const target =
        el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')
          ? (el.closest('label') ?? el)
          : el;
      const box = target.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue; // not laid out, or visually hidden (sr-only)
      if (box.width < 43.5 || box.height < 43.5) {
        const text = (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30);
        small.push(`${selector(target)} "${text}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return small;
  });
}

describe.each(ROUTES)('$label at 390×844', (route) => {
  test('nothing is wider than the viewport and every control is at least 44×44 px', async () => {
    const page = await openApp(fx.browser.context, fx.server.url, `/#/${route.id}`);
    await waitForView(page, route.id);
    const widths = await elementsPastRightEdge(page);
    expect(widths.wide, `${route.label}: elements past the right edge`).toEqual([]);
    expect(widths.scrollWidth, `${route.label}: the page scrolls sideways`).toBeLessThanOrEqual(widths.innerWidth);
    expect(widths.canvasOverflow, `${route.label}: the canvas scrolls sideways`).toBeLessThanOrEqual(0);
    const small = await smallTargets(page);
    expect(small, `${route.label}: controls under 44×44 px:\n${small.join('\n')}`).toEqual([]);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SHOTS, `${route.id}-phone.png`) });
    await page.close();
  });
});

/** The bottom bar's link for `route`, or undefined when the route is under More. */
async function barLink(page: Page, route: RouteId) {
  const link = page.locator(`nav[aria-label="Main"] > ul > li > a[data-route="${route}"]`);
  return (await link.isVisible()) ? link : undefined;
}

test('every rail entry is reachable by tapping: the bottom bar or its More menu', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/hub');
  await waitForView(page, 'hub');
  const more = page.getByRole('button', { name: 'More', exact: true });
  expect(await more.isVisible(), 'the bottom bar has a More button').toBe(true);
  for (const route of [...ROUTES].reverse()) {
    const link = await barLink(page, route.id);
    if (link) {
      await link.tap();
    } else {
      await more.tap();
      await page.getByRole('menu', { name: 'More views' }).waitFor();
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: resolve(SHOTS, 'more-menu-phone.png') });
      await page.getByRole('menuitem', { name: route.label }).tap();
    }
    await waitForView(page, route.id);
    expect(page.url(), route.label).toContain(`#/${route.id}`);
    expect(await page.getByRole('menu').count(), `${route.label}: the menu closed`).toBe(0);
  }
  // A tap outside the open menu closes it.
  await more.tap();
  await page.getByRole('menu', { name: 'More views' }).waitFor();
  await page.locator('main#main h1').tap();
  await page.waitForFunction(() => !document.querySelector('[role="menu"]'));
  await page.close();
});

/** Moves focus to the document's start, as a freshly loaded page has it. */
async function focusFromTop(page: Page) {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute('tabindex');
  });
}

/** Presses Tab until the focused element matches `selector`; fails after `limit` presses. */
async function tabTo(page: Page, description: string, selector: string, limit = 40) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((css) => document.activeElement?.matches(css) ?? false, selector)) return;
  }
  throw new Error(`${description}: not reached in ${limit} Tab presses`);
}

test('every rail entry is reachable by keyboard: Tab and Enter, or More, arrows and Enter; Escape closes More', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/hub');
  await waitForView(page, 'hub');
  for (const route of ROUTES) {
    await focusFromTop(page);
    if (await barLink(page, route.id)) {
      await tabTo(
        page,
        `${route.label} in the bottom bar`,
        `nav[aria-label="Main"] > ul > li > a[data-route="${route.id}"]`,
      );
      await page.keyboard.press('Enter');
    } else {
      await tabTo(page, 'More', '[data-testid="rail-more"]');
      expect(await page.getByTestId('rail-more').getAttribute('aria-haspopup')).toBe('menu');
      await page.keyboard.press('Enter');
      await page.getByRole('menu', { name: 'More views' }).waitFor();
      expect(await page.getByTestId('rail-more').getAttribute('aria-expanded')).toBe('true');
      // Escape closes the menu and hands focus back to More; Enter opens it again.
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('[role="menu"]'));
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('rail-more');
      await page.keyboard.press('Enter');
      await page.getByRole('menu', { name: 'More views' }).waitFor();
      for (let i = 0; i < 10; i++) {
        const label = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
        if (label.endsWith(route.label)) break;
        await page.keyboard.press('ArrowDown');
      }
      expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('menuitem');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'rail-more');
    }
    await waitForView(page, route.id);
    expect(page.url(), route.label).toContain(`#/${route.id}`);
  }
  await page.close();
});

test('the sidecar opens as a sheet over the canvas: focus moves in and stays, Escape and ✕ close it and focus returns', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/chat');
  await waitForView(page, 'chat');
  const toggle = page.getByRole('button', { name: 'Sidecar', exact: true });
  await toggle.tap();
  const sheet = page.getByRole('complementary', { name: 'Sidecar' });
  await sheet.waitFor();
  const geometry = await page.evaluate(() => {
    const side = document.querySelector('#sidecar')!.getBoundingClientRect();
    const canvas = document.querySelector('main#main')!.getBoundingClientRect();
    return { side, canvas, focusInside: Boolean(document.activeElement?.closest('#sidecar')) };
  });
  expect(geometry.focusInside, 'focus moved into the sheet').toBe(true);
  // Over the canvas, not in its place: the canvas keeps its size underneath.
  expect(geometry.canvas.height).toBeGreaterThan(0);
  expect(geometry.side.width).toBeCloseTo(PHONE.width, 0);
  expect(geometry.side.top).toBeLessThan(geometry.canvas.top + 20);
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    // Never on anything outside the sheet. <body> is allowed: a focused timeline row can be
    // re-rendered away as events arrive, and the sheet's next Tab brings focus back in.
    const where = await page.evaluate(() =>
      document.activeElement?.closest('#sidecar')
        ? 'sheet'
        : document.activeElement === document.body
          ? 'body'
          : (document.activeElement?.outerHTML.slice(0, 120) ?? 'none'),
    );
    expect(['sheet', 'body'], `Tab ${i + 1}: focus on ${where}`).toContain(where);
  }
  const widths = await elementsPastRightEdge(page);
  expect(widths.wide, 'the sheet: elements past the right edge').toEqual([]);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SHOTS, 'sidecar-phone.png') });

  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('#sidecar.open'));
  expect(await sheet.isVisible()).toBe(false);
  await page.waitForFunction(() => document.activeElement?.classList.contains('sidecar-toggle'));

  await toggle.tap();
  await page.getByRole('button', { name: 'Close sidecar' }).tap();
  await page.waitForFunction(() => !document.querySelector('#sidecar.open'));
  await page.waitForFunction(() => document.activeElement?.classList.contains('sidecar-toggle'));
  await page.close();
});
