/** Starts the real sync server in process on a loopback port 0, serving a built PWA. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { composeServer } from '../../sync-server/compose';
import { listen } from '../../sync-server/listen';
import { sha256Hex } from '../../sync-server/auth/secrets';

export interface TestServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The build the e2e tests serve; `ARW_DIST_DIR` points at another build (parallel work). */
export const DIST_DIR = process.env.ARW_DIST_DIR
  ? resolve(process.env.ARW_DIST_DIR)
  : resolve(import.meta.dirname, '../../dist');

/**
 * Serves `staticDir` (default: the build in dist/) on 127.0.0.1 (a given port, or a free
 * one); `adminToken` presets an admin token (stored as its SHA-256, as in production).
 */
export async function startServer(
  options: { staticDir?: string; port?: number; adminToken?: string } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'arw-data-'));
  const presetAdminDigests = options.adminToken === undefined ? undefined : [sha256Hex(options.adminToken)];
  const composed = composeServer({
    staticDir: options.staticDir ?? DIST_DIR,
    dataDir,
    version: 'test',
    ...(presetAdminDigests ? { presetAdminDigests } : {}),
  });
  const running = await listen(composed, { port: options.port ?? 0, hostname: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${running.port}`,
    port: running.port,
    close: async () => {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
