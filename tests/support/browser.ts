/**
 * Debian chromium driven by playwright-core (never a downloaded browser). Persistent
 * contexts (a temp profile) for service worker and IndexedDB tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  profileDir: string;
  close(options?: { keepProfile?: boolean }): Promise<void>;
}

/** `args` are added to the default flags (e.g. `--enable-unsafe-webgpu`); `mobile` emulates a phone (touch, mobile viewport). */
export async function launchBrowser(
  options: {
    profileDir?: string;
    viewport?: { width: number; height: number };
    args?: readonly string[];
    mobile?: boolean;
  } = {},
): Promise<TestBrowser> {
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'arw-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    viewport: options.viewport ?? { width: 1280, height: 800 },
    ...(options.mobile ? { hasTouch: true, isMobile: true } : {}),
  });
  return {
    context,
    profileDir,
    close: async ({ keepProfile = false } = {}) => {
      await context.close();
      if (!keepProfile) rmSync(profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/** Opens the app and waits until its console API (window.arw) is ready. */
export async function openApp(context: BrowserContext, url: string, path = '/'): Promise<Page> {
  const page =
    context.pages()[0] && context.pages()[0]!.url() === 'about:blank' ? context.pages()[0]! : await context.newPage();
  await page.goto(url + path);
  await waitForApp(page);
  return page;
}

export async function waitForApp(page: Page): Promise<void> {
  await page.waitForFunction(() => Boolean((window as unknown as { arw?: unknown }).arw), undefined, {
    timeout: 30_000,
  });
}

/** Waits until a service worker controls the page (the app shell is cached). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
      );
    }
  });
}

/**
 * True when the page really cannot reach the network (a fresh request fails). Older
 * Debian Chromium builds (150) keep `navigator.onLine` true on a page reloaded under
 * `context.setOffline(true)` although requests fail, so tests check the network itself.
 */
export function networkBlocked(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    try {
      await fetch(`/healthz?offline-probe=${Math.random()}`, { cache: 'no-store' });
      return false;
    } catch {
      return true;
    }
  });
}
