/**
 * `createApp(deps)` builds the Hono app without listening, so tests call it in
 * process (`app.request()`) or mount it on a port-0 server. Routes live in routes/.
 */
import { Hono } from 'hono';
import { mountHealth } from './routes/health';
import { mountStaticApp } from './routes/static-app';
import { securityHeaders } from './security-headers';

export interface AppDeps {
  /** Folder of the built PWA (vite's dist/). */
  staticDir: string;
  dataDir: string;
  version: string;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const startedAt = Date.now();
  app.use('*', securityHeaders());
  mountHealth(app, { dataDir: deps.dataDir, version: deps.version, startedAt });
  mountStaticApp(app, deps.staticDir);
  app.notFound((c) =>
    c.json({ type: 'about:blank', title: 'Not Found', status: 404, detail: `No route for ${c.req.method} ${c.req.path}`, code: 'not-found', instance: c.req.path }, 404, {
      'Content-Type': 'application/problem+json',
    }),
  );
  app.onError((error, c) => {
    console.error(`[arw] ${c.req.method} ${c.req.path} failed:`, error);
    return c.json({ type: 'about:blank', title: 'Internal Server Error', status: 500, code: 'internal' }, 500, {
      'Content-Type': 'application/problem+json',
    });
  });
  return app;
}
