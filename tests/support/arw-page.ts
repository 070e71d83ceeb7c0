/** Page-side helpers: the app's console API (window.arw) as the tests use it. */
import type { Page } from 'playwright-core';

/** Appends `count` synthetic valid events in the page through the app's journal, `concurrency` appends in flight at once. */
export async function appendInPage(
  page: Page,
  options: { count: number; concurrency?: number; tag: string },
): Promise<string[]> {
  return page.evaluate(
    async ({ count, concurrency, tag }) => {
      const arw = window.arw!;
      const ids: string[] = [];
      for (let start = 0; start < count; start += concurrency) {
        const chunk = [];
        for (let i = start; i < Math.min(count, start + concurrency); i++) {
          const event = arw.make('obs.recorded', { source: 'e2e', text: `${tag} #${i}` }, { corr_id: `e2e-${tag}` });
          ids.push(event.id);
          chunk.push(arw.journal.append(event));
        }
        await Promise.all(chunk);
      }
      return ids;
    },
    { count: options.count, concurrency: options.concurrency ?? 50, tag: options.tag },
  );
}

/** Every stored event id in arrival (seq) order. */
export async function storedIds(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const ids: string[] = [];
    await window.arw!.journal.scan((events) => {
      for (const e of events) ids.push(e.id);
    });
    return ids;
  });
}
