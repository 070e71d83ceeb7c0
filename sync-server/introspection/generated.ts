/**
 * The server's contribution to generated artifacts: its routes (from a default-config
 * app, so the registry is the single source) and the docs pages. Used by
 * scripts/gen-spec.ts and the drift tests.
 */
import { tmpdir } from 'node:os';
import type { OpenApiRoute } from '../../spec/openapi';
import { routeDocsOf } from '../app';
import { composeServer } from '../compose';
import type { RouteInfo } from '../http/route-registry';
import { renderConfigurationDoc, renderGatingKeysDoc } from './docgen';

/** Reads from a default-config instance (every module composed, nothing listening), then closes it. */
function fromDefaultServer<T>(read: (parts: ReturnType<typeof composeServer>['parts']) => T): T {
  const composed = composeServer({ staticDir: tmpdir(), dataDir: tmpdir(), version: 'generated' });
  try {
    return read(composed.parts);
  } finally {
    // Nothing listened: close() ends the journal synchronously before its first await.
    void composed.close();
  }
}

/** The routes of a default-config server as OpenAPI input. */
export function serverRouteDocs(): OpenApiRoute[] {
  return fromDefaultServer((parts) => routeDocsOf(parts.registry));
}

/** The routes of a default-config server. */
export function serverRoutes(): RouteInfo[] {
  return fromDefaultServer((parts) => parts.registry.list());
}

/** Generated docs pages: repo-relative path → text. */
export function generateDocs(): Map<string, string> {
  return new Map([
    ['docs/gating-keys.md', renderGatingKeysDoc(serverRoutes())],
    ['docs/configuration.md', renderConfigurationDoc()],
  ]);
}
