/**
 * Four tabs append 1,000 events each at the same time: the journal ends with 4,000
 * distinct events, and every tab's live subscription is current within 2 s.
 */
import { expect, test } from 'vitest';
import { appendInPage } from '../support/arw-page';
import { waitForApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';

/** The page's window with what the test's own subscription counted. */
type TabWindow = Window & { __baseline?: number; __seen?: Set<string> };

const fx = useAppFixture();

test('four tabs × 1,000 appends → 4,000 distinct events, every live view current within 2 s', async () => {
  const pages = await Promise.all([0, 1, 2, 3].map(() => fx.browser.context.newPage()));
  for (const page of pages) {
    await page.goto(`${fx.server.url}/#/debug`);
    await waitForApp(page);
    // Count what this tab's live subscription delivers, from now on.
    await page.evaluate(async () => {
      const w = window as TabWindow;
      const arw = w.arw!;
      await arw.stream.ready;
      w.__baseline = arw.stream.eventCount();
      const seen = (w.__seen = new Set<string>());
      arw.journal.subscribe((events) => {
        for (const e of events) if (e.corr_id?.startsWith('e2e-tab')) seen.add(e.id);
      });
    });
  }
  await Promise.all(pages.map((page, i) => appendInPage(page, { count: 1000, concurrency: 20, tag: `tab${i}` })));
  const doneAt = Date.now();

  for (const page of pages) {
    // Both the raw subscription and the app's stream (what the views render) are current.
    await page.waitForFunction(
      () => {
        const w = window as TabWindow;
        return w.__seen?.size === 4000 && w.arw!.stream.eventCount() === w.__baseline! + 4000;
      },
      undefined,
      { timeout: Math.max(100, 2000 - (Date.now() - doneAt)) },
    );
  }
  expect(Date.now() - doneAt).toBeLessThan(2000);

  const distinct = await pages[0]!.evaluate(async () => {
    const ids = new Set<string>();
    await window.arw!.journal.scan((events) => {
      for (const e of events) if (e.corr_id?.startsWith('e2e-tab')) ids.add(e.id);
    });
    return ids.size;
  });
  expect(distinct).toBe(4000);
});
