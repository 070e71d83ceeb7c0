/**
 * The shell: left rail, canvas, sidecar on every view, status bar; keyboard
 * reachable; usable at phone width; served with cross-origin isolation.
 */
import { expect, test } from 'vitest';
import { openApp, waitForApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';

const fx = useAppFixture();

const VIEWS = ['Hub', 'Chat', 'Training', 'Gallery', 'Debug', 'Settings'];

test('every view has the rail, the sidecar and the status bar', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/');
  const rail = page.getByRole('navigation', { name: 'Main' });
  for (const name of VIEWS) {
    await rail.getByRole('link', { name }).click();
    await expect.poll(() => page.url()).toContain(`#/${name.toLowerCase()}`);
    expect(await page.getByRole('complementary', { name: 'Sidecar' }).isVisible(), name).toBe(true);
    expect(await page.getByRole('contentinfo').isVisible(), name).toBe(true);
  }
});

test('the rail is reachable with the keyboard', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/hub');
  const focused: string[] = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    focused.push(await page.evaluate(() => document.activeElement?.textContent?.trim() ?? ''));
  }
  const reached = VIEWS.filter((name) => focused.some((text) => text.includes(name)));
  expect(reached).toEqual(VIEWS);
  // Enter on a focused rail link navigates.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Debug' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.url()).toContain('#/debug');
});

test('at phone width nothing overflows horizontally and the sidecar can be opened', async () => {
  const page = await fx.browser.context.newPage();
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto(`${fx.server.url}/#/chat`);
  await waitForApp(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.getByLabel('Message').waitFor();
  expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
  await page.close();
});

test('responses carry the security and isolation headers', async () => {
  const response = await fetch(`${fx.server.url}/`);
  expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(response.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  const health = await (await fetch(`${fx.server.url}/healthz`)).json();
  expect(health.ok).toBe(true);
  const missing = await fetch(`${fx.server.url}/no/such/route.json`);
  expect(missing.status).toBe(404);
});
