/** Helpers for the sync e2e files: sync tokens through the admin route, the server's view, pairing a page. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, openApp, waitForServiceWorker, type TestBrowser } from '../support/browser';
import { startServer, type TestServer } from '../support/server';

export const ADMIN = 'e2e-sync-admin-token-0123456789abcdef';
export const SYNC_SCOPES = ['events:read', 'state:read', 'sync:push', 'yjs:connect'];

/** Creates a project-scoped sync token with the admin bearer token; returns its secret. */
export async function createSyncToken(url: string, projects: string[], label = 'e2e device'): Promise<string> {
  const res = await fetch(`${url}/admin/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ label, kind: 'sync', scopes: SYNC_SCOPES, projects }),
  });
  if (res.status !== 201) throw new Error(`token creation failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { secret: string }).secret;
}

/** Every event id the server holds (newest 1000, any project), read with the admin token. */
export async function serverIds(url: string): Promise<string[]> {
  const res = await fetch(`${url}/events/tail?n=1000`, { headers: { authorization: `Bearer ${ADMIN}` } });
  if (res.status !== 200) throw new Error(`tail failed: ${res.status}`);
  return ((await res.json()) as { items: { id: string }[] }).items.map((event) => event.id);
}

/** Pairs the page's device through the console API. */
export async function pairInPage(page: Page, url: string, token: string, projects: string): Promise<void> {
  const result = await page.evaluate(({ url, token, projects }) => window.arw!.sync.pair({ url, token, projects }), {
    url,
    token,
    projects,
  });
  if (!result.ok) throw new Error(result.error);
}

/** The first link's phase as the page sees it. */
export function linkPhase(page: Page): Promise<string | undefined> {
  return page.evaluate(() => window.arw!.sync.snapshot().links[0]?.phase);
}

/** Appends `n` obs.recorded events (project given or none) in the page; returns their ids. */
export function recordInPage(
  page: Page,
  n: number,
  context: { project_id?: string; corr_id: string },
): Promise<string[]> {
  return page.evaluate(
    async ({ n, context }) => {
      const arw = window.arw!;
      const events = Array.from({ length: n }, (_, i) =>
        arw.make('obs.recorded', { source: 'e2e', text: `${context.corr_id} #${i}` }, context),
      );
      await arw.journal.appendBatch(events);
      return events.map((event: { id: string }) => event.id);
    },
    { n, context },
  );
}

/** How many times each of `ids` is in the page's journal. */
export function journalCounts(page: Page, ids: string[]): Promise<number[]> {
  return page.evaluate(async (ids) => {
    const counts = new Map(ids.map((id) => [id, 0]));
    await window.arw!.journal.scan((events) => {
      for (const e of events) if (counts.has(e.id)) counts.set(e.id, counts.get(e.id)! + 1);
    });
    return ids.map((id) => counts.get(id)!);
  }, ids);
}

/** Two devices (two browser profiles) paired with one server for project p1, opened on one view. */
export interface PairedDevices {
  readonly server: TestServer;
  readonly deviceA: TestBrowser;
  readonly deviceB: TestBrowser;
  readonly pageA: Page;
  readonly pageB: Page;
}

/**
 * Registers the file's beforeAll/afterAll: a server with the admin token, a sync token
 * for p1, and two devices opened at `path`, paired, named Laptop and Phone, on project
 * p1; `ready(page)` finishes each device's setup (e.g. waits for its document to link).
 */
export function usePairedDevices(path: string, ready: (page: Page) => Promise<void>): PairedDevices {
  const fx = {} as { server: TestServer; deviceA: TestBrowser; deviceB: TestBrowser; pageA: Page; pageB: Page };
  const open = async (device: TestBrowser, token: string, name: string): Promise<Page> => {
    const page = await openApp(device.context, fx.server.url, path);
    await waitForServiceWorker(page);
    await pairInPage(page, fx.server.url, token, 'p1');
    await page.evaluate((who) => (window.arw!.collab.setName(who), window.arw!.project.set('p1')), name);
    await ready(page);
    return page;
  };
  beforeAll(async () => {
    fx.server = await startServer({ adminToken: ADMIN });
    [fx.deviceA, fx.deviceB] = await Promise.all([launchBrowser(), launchBrowser()]);
    const token = await createSyncToken(fx.server.url, ['p1']);
    fx.pageA = await open(fx.deviceA, token, 'Laptop');
    fx.pageB = await open(fx.deviceB, token, 'Phone');
  });
  afterAll(async () => {
    await fx.deviceA?.close();
    await fx.deviceB?.close();
    await fx.server?.close();
  });
  return fx;
}
