/**
 * The gate for a raw WebSocket upgrade (`server.on('upgrade')`), before the handshake:
 * same rate limits, authentication, scope, project and gating key as HTTP routes,
 * with the token from a header or `?token=`. Reject with `rejectUpgrade`.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RouteGate } from '../../spec/http';
import { tokenFromUpgrade } from '../auth/request-token';
import { resolveClientIp } from './client-ip';
import type { Guard, GuardResult } from './guard';
import { problemBody } from './problem';

export interface UpgradeGate {
  gate: RouteGate;
  gatingKey?: string;
  /** Project the socket will touch (e.g. from the doc name), checked for sync tokens. */
  project?: string;
}

/** Decides an upgrade request; on `ok` the principal says who connected. */
export function guardUpgrade(guard: Guard, request: IncomingMessage, gate: UpgradeGate, trustedProxies: readonly string[]): GuardResult {
  const forwarded = request.headers['x-forwarded-for'];
  const ip = resolveClientIp(request.socket.remoteAddress ?? 'unknown', Array.isArray(forwarded) ? forwarded.join(',') : forwarded, trustedProxies);
  return guard.evaluate({ ip, token: tokenFromUpgrade(request), gate: gate.gate, gatingKey: gate.gatingKey, project: gate.project });
}

/** Writes an HTTP problem response on the raw socket and closes it. */
export function rejectUpgrade(socket: Duplex, result: Extract<GuardResult, { ok: false }>, path: string): void {
  const body = JSON.stringify(problemBody(result.status, result.code, result.detail, path, result.gatingKey ? { gatingKey: result.gatingKey } : {}));
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 429: 'Too Many Requests' }[result.status];
  const headers = Object.entries({ 'Content-Type': 'application/problem+json', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close', ...result.headers })
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  socket.end(`HTTP/1.1 ${result.status} ${reason}\r\n${headers}\r\n\r\n${body}`);
}
