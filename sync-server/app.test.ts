/** The server app in process: health, static app with SPA fallback, headers, JSON 404. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from './app';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'arw-app-'));
  mkdirSync(join(dir, 'site/assets'), { recursive: true });
  writeFileSync(join(dir, 'site/index.html'), '<!doctype html><title>ARW Hub</title>');
  writeFileSync(join(dir, 'site/assets/app-abc.js'), 'console.log(1)');
  mkdirSync(join(dir, 'data'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const app = () => createApp({ staticDir: join(dir, 'site'), dataDir: join(dir, 'data'), version: '1.2.3' });

describe('sync server app', () => {
  test('GET /healthz reports version and storage', async () => {
    const res = await app().request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      ok: true,
      version: '1.2.3',
      storage: { writable: true },
      nats: { state: 'disabled' },
    });
  });

  test('serves the app shell with isolation headers, and client routes fall back to it', async () => {
    for (const path of ['/', '/chat']) {
      const res = await app().request(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('ARW Hub');
      expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  test('hashed assets are cached as immutable', async () => {
    const res = await app().request('/assets/app-abc.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  test('unknown files answer 404 as problem details', async () => {
    const res = await app().request('/missing.json');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 404, code: 'not-found' });
  });
});
