/**
 * Headers that every response gets (security, request id, rate-limit state). Under
 * @hono/node-server they go straight onto the Node response before the adapter writes
 * the head, so Hono's lightweight responses are never rebuilt just to add a header;
 * a header the handler set itself wins (Node merges, writeHead values take precedence).
 * In process (`app.request()`, tests) they go through Hono.
 */
import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';

function outgoingOf(c: Context): ServerResponse | undefined {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  return outgoing && !outgoing.headersSent ? outgoing : undefined;
}

/** Adds `headers` to the response of `c`, after `next()` or from a handler wrapper. */
export function addResponseHeaders(c: Context, headers: Record<string, string>, response?: Response): void {
  const outgoing = outgoingOf(c);
  for (const [name, value] of Object.entries(headers)) {
    if (outgoing) outgoing.setHeader(name, value);
    else if (response) {
      if (!response.headers.has(name)) response.headers.set(name, value);
    } else c.header(name, value);
  }
}

/** True when headers can be added without touching the Hono response (running on Node). */
export function onNodeServer(c: Context): boolean {
  return outgoingOf(c) !== undefined;
}
