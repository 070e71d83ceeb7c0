/**
 * Accessibility of the issue-11 surfaces, at desktop (1280×800) and phone (390×844) size:
 * axe-core finds no violations on the Gallery (a shipped example installed, its Inspect
 * open), Settings → Permissions (a live lease) and Chat with a pending permission prompt
 * in the sidecar's Approvals lane next to the Policy lane (the selected episode's
 * decisions shown); at phone size nothing on those views is wider than the viewport.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { Authorization } from '../../core/policy/types';
import { openApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';

const fx = useAppFixture();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const RECIPE = 'save-page-to-notes';
const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** axe-core once its script is evaluated in the page; the prompt's pending `authorize` call. */
type A11yWindow = Window & { axe?: typeof import('axe-core'); __authorized?: Promise<Authorization> };

async function open(path: string, size: (typeof SIZES)[number]): Promise<Page> {
  const page = await openApp(fx.browser.context, fx.server.url, path);
  await page.setViewportSize({ width: size.width, height: size.height });
  await page.evaluate(AXE);
  return page;
}

/** axe's violations for the whole document: rule id, its help text and the offending nodes. */
function violations(page: Page) {
  return page.evaluate(async () => {
    const result = await (window as A11yWindow).axe!.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}

/** At phone size the page must not scroll sideways; a failure names the innermost elements that stick out. */
async function expectNoSidewaysScroll(page: Page, size: (typeof SIZES)[number], view: string) {
  if (size.name !== 'phone') return;
  const widths = await page.evaluate(() => {
    const out = (el: Element) => el.getBoundingClientRect().right > innerWidth + 0.5;
    // Inside a box that scrolls or clips (a manifest's <pre>, the rail), sticking out is that box's business.
    const clipped = (el: Element) => {
      for (let box = el.parentElement; box && box !== document.body; box = box.parentElement)
        if (getComputedStyle(box).overflowX !== 'visible') return true;
      return false;
    };
    const wide = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => out(el) && !clipped(el) && ![...el.children].some(out))
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')}`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, wide: wide.slice(0, 5) };
  });
  expect(widths.scrollWidth, `${view}: wider than the viewport: ${widths.wide.join(', ')}`).toBeLessThanOrEqual(
    widths.innerWidth,
  );
}

describe.each(SIZES)('at $name size ($width×$height)', (size) => {
  test('the Gallery with an installed example and its Inspect open has no axe violations and no sideways scroll', async () => {
    const page = await open('/#/gallery', size);
    await page.evaluate(async (url) => {
      const installed = await window.arw!.recipes.install({ kind: 'url', url }, { overwrite: true });
      if (!installed.ok) throw new Error(JSON.stringify(installed.error));
    }, `/recipes/${RECIPE}/`);
    const card = page.locator(`[data-testid="recipe-card"][data-recipe-id="${RECIPE}"]`);
    await card.getByRole('button', { name: 'Inspect' }).click();
    const inspect = page.getByTestId('recipe-inspect');
    await inspect.waitFor();
    await inspect.getByText('Manifest', { exact: true }).click();
    await inspect.getByTestId('manifest-text').waitFor();
    expect(await violations(page)).toEqual([]);
    await expectNoSidewaysScroll(page, size, 'Gallery');
    await page.close();
  });

  test('Settings → Permissions with a live lease has no axe violations and no sideways scroll', async () => {
    const page = await open('/#/settings', size);
    const leaseId = await page.evaluate(
      // Not example.com: a lease there would let the prompt test's request through without asking.
      async () => (await window.arw!.policy.grant({ capability: 'net:http', scope: 'a11y.example', ttl_secs: 900 })).id,
    );
    const section = page.getByTestId('permissions');
    await section.locator(`[data-testid="lease"][data-lease-id="${leaseId}"]`).waitFor();
    await section.scrollIntoViewIfNeeded();
    expect(await violations(page)).toEqual([]);
    await expectNoSidewaysScroll(page, size, 'Settings → Permissions');
    await page.close();
  });

  test('Chat with a pending permission prompt and the sidecar Approvals and Policy lanes have no axe violations and no sideways scroll', async () => {
    const page = await open('/#/chat', size);
    await page.evaluate(() => {
      (window as A11yWindow).__authorized = window.arw!.policy.authorize({
        capability: 'net:http',
        scope: 'net://example.com',
        subject: 'agent:chat',
        tool: 'http.fetch',
        mode: 'ask',
        corrId: 'a11y',
      });
      // The policy lane's "This episode" list shows the prompt's decisions too.
      window.arw!.stream.select('a11y');
    });
    if (size.name === 'phone') {
      // The phone shows Chat or the sidecar, one at a time: Chat first, then the sidecar in its place.
      await page.getByLabel('Message').waitFor();
      expect(await violations(page), 'Chat').toEqual([]);
      await expectNoSidewaysScroll(page, size, 'Chat');
      await page.getByRole('button', { name: 'Sidecar' }).click();
    }
    const card = page.getByTestId('approvals-lane').getByRole('group', { name: 'Permission request: http.fetch' });
    await card.waitFor();
    await page.getByTestId('policy-decisions').getByText('Asked to', { exact: false }).first().waitFor();
    expect(await violations(page), 'the sidecar').toEqual([]);
    await expectNoSidewaysScroll(page, size, 'the sidecar');

    // Answered, the prompt leaves the lane: the next test's page starts with nothing waiting.
    await card.getByRole('button', { name: 'Deny', exact: true }).click();
    expect(await page.evaluate(() => (window as A11yWindow).__authorized)).toMatchObject({ allowed: false });
    await page.close();
  });
});
