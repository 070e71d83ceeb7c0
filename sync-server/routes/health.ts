/**
 * `GET /healthz` (public): liveness, storage and NATS state (SPEC §2). It says whether
 * the data directory is writable, never where it is: the path is for the admin's logs.
 * It answers from the first moment: `read_models` says whether they are still catching up.
 */
import { access, constants } from 'node:fs/promises';
import type { RouteRegistry } from '../http/route-registry';

export function mountHealth(
  registry: RouteRegistry,
  options: {
    dataDir: string;
    version: string;
    startedAt: number;
    natsState: () => string;
    /** 'loading' while the read-models catch up after the start: the server answers meanwhile. */
    readModels?: () => 'loading' | 'ready';
  },
): void {
  registry.route(
    { method: 'GET', path: '/healthz', gate: 'public', description: 'Liveness, storage and NATS state.' },
    async (c) => {
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
          storage: { writable },
          nats: { state: options.natsState() },
          ...(options.readModels ? { read_models: options.readModels() } : {}),
        },
        writable ? 200 : 503,
      );
    },
  );
}
