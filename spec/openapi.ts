/**
 * OpenAPI 3.1 for the sync server's HTTP routes, built from the route registry's
 * declarations (method, path, gate, gating key, description, zod schemas). Pure:
 * the caller passes the routes; WebSocket routes are listed as `x-websocket` GETs.
 */
import type { z } from 'zod';
import type { RouteGate } from './http';
import { ProblemSchema } from './http';
import { jsonSchemaOf } from './json-schema';

export interface OpenApiRoute {
  method: string;
  path: string;
  gate: RouteGate;
  gatingKey: string | undefined;
  description: string;
  body?: z.ZodType | undefined;
  query?: z.ZodType | undefined;
  response?: z.ZodType | undefined;
  produces?: string | undefined;
}

/** `/a/:id/*` → `/a/{id}/{path}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}').replace(/\/\*$/, '/{path}');
}

function operation(route: OpenApiRoute): Record<string, unknown> {
  const params = [...openApiPath(route.path).matchAll(/\{([A-Za-z_]+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = route.query
    ? Object.entries((jsonSchemaOf(route.query).properties ?? {}) as Record<string, unknown>).map(([name, schema]) => ({
        name,
        in: 'query',
        required: false,
        schema,
      }))
    : [];
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  const responses: Record<string, unknown> = {
    '200': {
      description: 'OK',
      content: {
        [route.produces ?? 'application/json']: { schema: route.response ? jsonSchemaOf(route.response) : {} },
      },
    },
    '400': { description: 'Invalid input', content: problem },
    '403': { description: 'Denied by a gating key (the body names it) or missing scope', content: problem },
    '429': { description: 'Rate limited (Retry-After)', content: problem },
  };
  if (route.gate !== 'public')
    responses['401'] = { description: 'No, unknown, revoked or expired token', content: problem };
  return {
    summary: route.description,
    operationId: `${route.method.toLowerCase()}${openApiPath(route.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    ...(params.length + query.length > 0 ? { parameters: [...params, ...query] } : {}),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(route.body) } } } }
      : {}),
    responses,
    security: route.gate === 'public' ? [] : [{ bearer: [] }],
    'x-arw-gate': route.gate,
    ...(route.gatingKey ? { 'x-arw-gating-key': route.gatingKey } : {}),
    ...(route.method === 'WS' ? { 'x-websocket': true } : {}),
  };
}

/** The OpenAPI document as JSON text. */
export function buildOpenApi(routes: readonly OpenApiRoute[], version: string): string {
  const paths: Record<string, Record<string, unknown>> = {};
  const sorted = [...routes].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  for (const route of sorted) {
    const path = openApiPath(route.path);
    const method = route.method === 'WS' ? 'get' : route.method.toLowerCase();
    (paths[path] ??= {})[method] = operation(route);
  }
  const doc = {
    openapi: '3.1.0',
    info: { title: 'ARW Hub sync server', version },
    paths,
    components: {
      schemas: { Problem: jsonSchemaOf(ProblemSchema) },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'Authorization: Bearer <token> (or X-ARW-Admin: <token>); WebSockets take ?token=',
        },
      },
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
