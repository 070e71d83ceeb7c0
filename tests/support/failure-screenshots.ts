/**
 * When an e2e test fails, a screenshot of every page still open in its browser contexts
 * goes to test-results/failures/ and is attached to the test as vitest's failure-screenshot
 * artifact (its path is printed too), so a failure shows what the page looked like.
 * Registered once by the shared fixture.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterEach, recordArtifact } from 'vitest';

export const FAILURE_DIR = resolve(import.meta.dirname, '../../test-results/failures');

/** A file-name-safe slug of a test's full name. */
function slug(name: string): string {
  return name
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 90);
}

/** Registers an afterEach that screenshots the open pages of `contexts()` when the test failed. */
export function screenshotOnFailure(contexts: () => readonly (BrowserContext | undefined)[]): void {
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    mkdirSync(FAILURE_DIR, { recursive: true });
    const pages = contexts().flatMap((context) => context?.pages() ?? []);
    for (const [index, page] of pages.entries()) {
      if (page.isClosed() || page.url() === 'about:blank') continue;
      const path = join(FAILURE_DIR, `${slug(task.fullName)}-${index + 1}.png`);
      try {
        // A page stuck in a loop must not hang the run: a short timeout, and a failed shot is only noted.
        await page.screenshot({ path, timeout: 5_000 });
        console.warn(`failure screenshot of ${page.url()}: ${path}`);
        // annotate() is refused once the test has failed; an artifact is not.
        await recordArtifact(task, {
          type: 'internal:failureScreenshot',
          attachments: [{ path, originalPath: path, contentType: 'image/png' }],
        });
      } catch (error) {
        console.warn(`no failure screenshot of ${page.url()}: ${String(error)}`);
      }
    }
  });
}
