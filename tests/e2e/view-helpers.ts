/** Shared by the per-view e2e files (phone.e2e.ts, views-a11y.e2e.ts): waiting for a view, and content to show in it. */
import type { BrowserContext, Page } from 'playwright-core';
import type { RouteId } from '../../app/lib/routes';
import { openApp } from '../support/browser';

/** Waits until the canvas shows `route`: its <main> names the route and the view's heading is there. */
export async function waitForView(page: Page, route: RouteId): Promise<void> {
  await page.waitForFunction((id) => document.querySelector(`main#main[data-route="${id}"] h1`) !== null, route, {
    timeout: 15_000,
  });
}

/**
 * One finished probe episode, so the views have something in them: a conversation, a
 * user message and a Markdown reply in Chat, an episode in Hub and Debug, a timeline in
 * the sidecar. The journal stays in the context's profile for the file's other tests.
 */
export async function seedProbeEpisode(context: BrowserContext, url: string): Promise<void> {
  const page = await openApp(context, url, '/#/chat');
  await page.getByLabel('Model', { exact: true }).selectOption('probe');
  await page.getByLabel('Message', { exact: true }).fill('Show **bold** and `inline code`');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  // Until the episode is over (no cursor, nothing running): a page closed mid-stream leaves it running.
  await page.waitForFunction(
    () => {
      const reply = document.querySelector('[data-testid="assistant-message"]');
      const running = document.querySelector('[data-testid="status-running"]')?.textContent?.trim() ?? '';
      return reply?.textContent?.includes('You wrote') && !reply.querySelector('.cursor') && running.startsWith('0');
    },
    undefined,
    { timeout: 15_000 },
  );
  await page.close();
}
