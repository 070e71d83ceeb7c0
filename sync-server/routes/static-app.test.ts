/** The PWA mount: without a build, client routes answer a 503 problem (not a bare JSON body). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, expect, test } from 'vitest';
import { mountStaticApp } from './static-app';

const dir = mkdtempSync(join(tmpdir(), 'arw-static-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a client route with no built app is a 503 app-not-built problem+json', async () => {
  const app = new Hono();
  mountStaticApp(app, join(dir, 'no-build'));
  const res = await app.request('/chat');
  expect(res.status).toBe(503);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(await res.json()).toEqual({
    type: 'https://arw-hub.local/problems/app-not-built',
    title: 'Service Unavailable',
    status: 503,
    detail: 'Run `npm run build` first (npm start does it).',
    code: 'app-not-built',
    instance: '/chat',
  });
});
