/**
 * The caller's address: the socket's remote address, or the right-most untrusted
 * hop of X-Forwarded-For when (and only when) the socket peer is a trusted proxy.
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/** Remote address of the socket, or 'unknown' (e.g. in-process `app.request`). */
export function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Resolves the client IP. X-Forwarded-For is read right to left, skipping trusted
 * proxies, so a client cannot spoof its address by prepending entries.
 */
export function resolveClientIp(
  remote: string,
  forwardedFor: string | undefined,
  trustedProxies: readonly string[],
): string {
  if (!forwardedFor || !trustedProxies.includes(remote)) return remote;
  const hops = forwardedFor
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i -= 1) if (!trustedProxies.includes(hops[i]!)) return hops[i]!;
  return hops[0] ?? remote;
}

/** The client IP for a Hono request. */
export function clientIp(c: Context, trustedProxies: readonly string[]): string {
  return resolveClientIp(socketAddress(c), c.req.header('x-forwarded-for'), trustedProxies);
}
