/** `GET /healthz` (public): liveness, storage and NATS state (SPEC §2). */
import { access, constants } from 'node:fs/promises';
import type { Hono } from 'hono';

export function mountHealth(app: Hono, options: { dataDir: string; version: string; startedAt: number }): void {
  app.get('/healthz', async (c) => {
    let writable = true;
    try {
      await access(options.dataDir, constants.W_OK);
    } catch {
      writable = false;
    }
    return c.json(
      {
        ok: writable,
        version: options.version,
        uptime_s: Math.round((Date.now() - options.startedAt) / 1000),
        storage: { data_dir: options.dataDir, writable },
        nats: { state: 'disabled' },
      },
      writable ? 200 : 503,
    );
  });
}
