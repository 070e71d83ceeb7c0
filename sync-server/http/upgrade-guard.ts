/**
 * The raw side of WebSocket upgrades (`server.on('upgrade')`), before any handshake:
 * the caller's address for the shared guard, and the one rejecter that answers every
 * refused upgrade (unknown path, Host, Origin, bad name, 401/403/429) with an HTTP
 * problem+json response on the raw socket, then closes it.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { resolveClientIp } from './client-ip';
import { problemBody } from './problem';

export interface UpgradeRefusal {
  status: 400 | 401 | 403 | 404 | 429;
  code: string;
  detail: string;
  gatingKey?: string;
  headers?: Record<string, string>;
}

const REASON: Record<UpgradeRefusal['status'], string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests' };

/** The client IP of an upgrade request (X-Forwarded-For only from trusted proxies). */
export function upgradeClientIp(request: IncomingMessage, trustedProxies: readonly string[]): string {
  const forwarded = request.headers['x-forwarded-for'];
  return resolveClientIp(request.socket.remoteAddress ?? 'unknown', Array.isArray(forwarded) ? forwarded.join(',') : forwarded, trustedProxies);
}

/** Writes the refusal as an HTTP problem response on the raw socket and ends it. */
export function rejectUpgrade(socket: Duplex, refusal: UpgradeRefusal, path: string): void {
  const body = JSON.stringify(problemBody(refusal.status, refusal.code, refusal.detail, path, refusal.gatingKey ? { gatingKey: refusal.gatingKey } : {}));
  const headers = Object.entries({
    'Content-Type': 'application/problem+json',
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
    ...(refusal.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}),
    ...refusal.headers,
  })
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  socket.end(`HTTP/1.1 ${refusal.status} ${REASON[refusal.status]}\r\n${headers}\r\n\r\n${body}`);
}
