/**
 * Headers on every response: cross-origin isolation (COOP/COEP, so threaded WASM
 * works, including for responses the service worker caches), no MIME sniffing, and
 * a strict CSP for the app (no inline scripts; WASM compilation allowed).
 */
import type { MiddlewareHandler } from 'hono';
import { addResponseHeaders } from './http/response-headers';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws: wss: http: https:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
};

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    addResponseHeaders(c, SECURITY_HEADERS);
  };
}
