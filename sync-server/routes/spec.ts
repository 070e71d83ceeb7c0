/**
 * `/spec/*` (public): the generated contract — OpenAPI from the live route registry,
 * AsyncAPI, MCP tool list and JSON Schemas from spec/ — with a strong ETag (SHA-256
 * of the bytes) and 304 on If-None-Match. Schema names are looked up in the generated
 * set only, so no path ever reaches the filesystem.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { generateArtifacts } from '../../spec/artifacts';
import type { OpenApiRoute } from '../../spec/openapi';
import { AppError } from '../../core/errors/app-error';
import type { RouteRegistry } from '../http/route-registry';

interface Artifact {
  body: string;
  type: string;
  etag: string;
}

const typeOf = (path: string) => (path.endsWith('.yaml') ? 'application/yaml' : 'application/json');

function serve(c: Context, artifact: Artifact): Response {
  const headers = {
    'Content-Type': artifact.type,
    ETag: artifact.etag,
    'Cache-Control': 'public, max-age=300, must-revalidate',
  };
  const match = c.req.header('if-none-match');
  if (match && match.split(',').some((tag) => tag.trim() === artifact.etag || tag.trim() === '*'))
    return c.body(null, 304, headers);
  return c.body(artifact.body, 200, headers);
}

export function mountSpec(registry: RouteRegistry, routeDocs: () => OpenApiRoute[]): void {
  let cache: Map<string, Artifact> | undefined;
  // Built on first request, after every module has declared its routes.
  const artifacts = () => {
    if (!cache) {
      cache = new Map();
      for (const [path, body] of generateArtifacts({ routes: routeDocs() })) {
        cache.set(path, {
          body,
          type: typeOf(path),
          etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`,
        });
      }
    }
    return cache;
  };
  const get = (path: string) => {
    const artifact = artifacts().get(path);
    if (!artifact) throw new AppError('not-found', `no spec artifact ${path}`);
    return artifact;
  };
  const base = { method: 'GET', gate: 'public', gatingKey: 'introspect:spec' } as const;
  registry.route({ ...base, path: '/spec', description: 'Index of the generated specs and schemas.' }, (c) => {
    const names = [...artifacts().keys()];
    const index = {
      entries: ['openapi.json', 'asyncapi.yaml', 'mcp-tools.json'].map((name) => ({
        path: `/spec/${name}`,
        content_type: typeOf(name),
      })),
      schemas: names
        .filter((n) => n.startsWith('schemas/'))
        .map((n) => `/spec/${n}`)
        .sort(),
    };
    const body = JSON.stringify(index, null, 2);
    return serve(c, {
      body,
      type: 'application/json',
      etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`,
    });
  });
  registry.route(
    {
      ...base,
      path: '/spec/openapi.json',
      description: 'OpenAPI 3.1 of the HTTP routes, from the route registry.',
      produces: 'application/json',
    },
    (c) => serve(c, get('openapi.json')),
  );
  registry.route(
    {
      ...base,
      path: '/spec/asyncapi.yaml',
      description: 'AsyncAPI 3.0: one channel per event kind with payload schemas.',
      produces: 'application/yaml',
    },
    (c) => serve(c, get('asyncapi.yaml')),
  );
  registry.route(
    { ...base, path: '/spec/mcp-tools.json', description: 'MCP tool list: the agent tools with input schemas.' },
    (c) => serve(c, get('mcp-tools.json')),
  );
  registry.route(
    {
      ...base,
      path: '/spec/schemas/*',
      description: 'A JSON Schema, e.g. /spec/schemas/envelope.json or /spec/schemas/events/episode.started.json.',
    },
    (c) => {
      const name = c.req.path.slice('/spec/schemas/'.length);
      if (!/^[a-z0-9._/-]+\.json$/.test(name) || name.includes('..'))
        throw new AppError('not-found', `no schema ${name}`);
      return serve(c, get(`schemas/${name}`));
    },
  );
}
