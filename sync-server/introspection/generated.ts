/**
 * The server's contribution to generated artifacts: its routes (from a default-config
 * app, so the registry is the single source) and the docs pages. Used by
 * scripts/gen-spec.ts and the drift tests.
 */
import { tmpdir } from 'node:os';
import type { OpenApiRoute } from '../../spec/openapi';
import { buildServer } from '../app';
import type { RouteInfo } from '../http/route-registry';
import { renderConfigurationDoc, renderGatingKeysDoc } from './docgen';

function defaultServer() {
  return buildServer({ staticDir: tmpdir(), dataDir: tmpdir(), version: 'generated' });
}

/** The routes of a default-config server as OpenAPI input. */
export function serverRouteDocs(): OpenApiRoute[] {
  return defaultServer().routeDocs();
}

/** The routes of a default-config server. */
export function serverRoutes(): RouteInfo[] {
  return defaultServer().registry.list();
}

/** Generated docs pages: repo-relative path → text. */
export function generateDocs(): Map<string, string> {
  return new Map([
    ['docs/gating-keys.md', renderGatingKeysDoc(serverRoutes())],
    ['docs/configuration.md', renderConfigurationDoc()],
  ]);
}
