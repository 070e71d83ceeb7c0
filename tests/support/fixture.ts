/** One server + one browser per test file, started before its tests and closed after. */
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, type TestBrowser } from './browser';
import { screenshotOnFailure } from './failure-screenshots';
import { startServer, type TestServer } from './server';

export interface AppFixture {
  readonly server: TestServer;
  readonly browser: TestBrowser;
}

/** Registers the file's beforeAll/afterAll; read `server` and `browser` inside tests. */
export function useAppFixture(
  options: { staticDir?: () => string; browser?: Parameters<typeof launchBrowser>[0] } = {},
): AppFixture {
  const fixture = {} as { server: TestServer; browser: TestBrowser };
  beforeAll(async () => {
    fixture.server = await startServer({ staticDir: options.staticDir?.() });
    fixture.browser = await launchBrowser(options.browser);
  });
  // A failed test leaves a screenshot of each page still open (test-results/failures/).
  screenshotOnFailure(() => [fixture.browser?.context]);
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.server?.close();
  });
  return fixture;
}
