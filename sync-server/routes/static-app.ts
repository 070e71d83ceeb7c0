/**
 * Serves the built PWA from `staticDir`: hashed assets cached for a year, the service
 * worker and HTML never cached by HTTP (the service worker does the caching), and a
 * fallback to index.html for client-side routes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Env, Hono } from 'hono';
import { problemResponse } from '../http/problem';

const NO_CACHE = /(^|\/)(sw\.js|workbox-[^/]*\.js|index\.html|manifest\.webmanifest)$/;

/** Mounts the PWA on `app` (after every API route). */
export function mountStaticApp<E extends Env>(app: Hono<E>, staticDir: string): void {
  app.use('*', async (c, next) => {
    await next();
    const path = c.req.path;
    if (path.startsWith('/assets/')) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    else if (NO_CACHE.test(path) || path === '/') c.header('Cache-Control', 'no-cache');
  });
  app.get('*', serveStatic({ root: staticDir }));
  // Client-side routes (no file extension) get the app shell.
  app.get('*', async (c, next) => {
    if (/\.[a-z0-9]+$/i.test(c.req.path)) return next();
    try {
      const html = await readFile(join(staticDir, 'index.html'), 'utf8');
      return c.html(html, 200, { 'Cache-Control': 'no-cache' });
    } catch {
      return problemResponse('app-not-built', 'Run `npm run build` first (npm start does it).', c.req.path);
    }
  });
}
