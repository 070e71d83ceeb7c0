/**
 * The raw side of WebSocket upgrades (`server.on('upgrade')`), before any handshake:
 * the caller's address for the shared guard, and the one rejecter that answers every
 * refused upgrade (unknown path, Host, Origin, bad name, 401/403/429) with the same
 * RFC 9457 problem+json response as HTTP routes (status from the code) on the raw
 * socket, then closes it.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { resolveClientIp } from './client-ip';
import type { ErrorCode } from '../../core/errors/catalog';
import { problemBody, problemHeaders, statusOf, titleOf, type ProblemExtra } from './problem';

/** Why an upgrade is refused: a catalogue code (its status comes from the problem map), the detail, and the problem's extras. */
export interface UpgradeRefusal extends Omit<ProblemExtra, 'errors'> {
  code: ErrorCode;
  detail: string;
}

/** The client IP of an upgrade request (X-Forwarded-For only from trusted proxies). */
export function upgradeClientIp(request: IncomingMessage, trustedProxies: readonly string[]): string {
  const forwarded = request.headers['x-forwarded-for'];
  return resolveClientIp(
    request.socket.remoteAddress ?? 'unknown',
    Array.isArray(forwarded) ? forwarded.join(',') : forwarded,
    trustedProxies,
  );
}

/** Writes the refusal as an HTTP problem response on the raw socket and ends it. */
export function rejectUpgrade(socket: Duplex, refusal: UpgradeRefusal, path: string): void {
  const body = JSON.stringify(
    problemBody(refusal.code, refusal.detail, path, refusal.gatingKey ? { gatingKey: refusal.gatingKey } : {}),
  );
  const { 'Content-Type': type, ...rest } = problemHeaders(
    refusal.code,
    refusal.headers ? { headers: refusal.headers } : {},
  );
  const headers = Object.entries({
    'Content-Type': type,
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
    ...rest,
  })
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  const status = statusOf(refusal.code);
  socket.end(`HTTP/1.1 ${status} ${titleOf(status)}\r\n${headers}\r\n\r\n${body}`);
}
