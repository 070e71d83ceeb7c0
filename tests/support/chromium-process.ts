/**
 * Chromium started as our own child process (not by playwright) so a test can kill
 * it with SIGKILL, like a crash, and relaunch it on the same profile. Playwright
 * attaches over the DevTools protocol.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './browser';

export interface RawChromium {
  process: ChildProcess;
  browser: Browser;
  /** SIGKILL to the whole process group, then wait for the browser process to be gone. */
  kill(): Promise<void>;
}

export async function launchRawChromium(profileDir: string): Promise<RawChromium> {
  const child = spawn(CHROMIUM, ['--headless=new', '--no-sandbox', '--remote-debugging-port=0', `--user-data-dir=${profileDir}`, ...CHROMIUM_ARGS, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own process group, so a "crash" kills the renderers and helpers too.
    detached: true,
  });
  const wsUrl = await new Promise<string>((resolve, reject) => {
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
  const browser = await chromium.connectOverCDP(wsUrl);
  return {
    process: child,
    browser,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }),
  };
}
