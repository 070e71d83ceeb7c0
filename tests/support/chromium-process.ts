/**
 * Chromium started as our own child process (not by playwright) so a test can kill
 * it with SIGKILL, like a crash, and relaunch it on the same profile. Playwright
 * attaches over the DevTools protocol.
 */
import type { ChildProcess } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './browser';
import { killGroup, spawnChild } from './child-processes';

export interface RawChromium {
  process: ChildProcess;
  browser: Browser;
  /** SIGKILL to the whole process group (renderers and helpers too); resolves when all are gone. */
  kill(): Promise<void>;
}

export async function launchRawChromium(profileDir: string): Promise<RawChromium> {
  // Its own process group (spawnChild), so a "crash" kills the renderers and helpers too.
  const child = spawnChild(
    CHROMIUM,
    [
      '--headless=new',
      '--no-sandbox',
      '--remote-debugging-port=0',
      `--user-data-dir=${profileDir}`,
      ...CHROMIUM_ARGS,
      'about:blank',
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const started = new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${text}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`chromium exited (${code}): ${text}`)));
  });
  // One that never listened may still be running: end its group before failing.
  const wsUrl = await started.catch(async (error: unknown) => {
    await killGroup(child, 'SIGKILL');
    throw error;
  });
  const browser = await chromium.connectOverCDP(wsUrl);
  return {
    process: child,
    browser,
    kill: () => killGroup(child, 'SIGKILL'),
  };
}
