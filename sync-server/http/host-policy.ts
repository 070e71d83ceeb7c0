/**
 * The Host allow-list against DNS rebinding: a request (or WebSocket upgrade) is served
 * only when its `Host` names this server: an IP literal, a loopback name (`localhost`,
 * `*.localhost`), this machine's hostname, the bind address, or an entry of
 * ARW_ALLOWED_HOSTS (`name`, `.suffix` for a domain and its subdomains, or `*` for any).
 * A rebinding page reaches the server under its own domain name, which is none of these.
 */
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import type { MiddlewareHandler } from 'hono';
import { problemResponse } from './problem';

export interface HostPolicy {
  /** True when a request whose Host header is `host` may be served. */
  allows(host: string | undefined): boolean;
  /** The plain-words refusal for `host`. */
  refusal(host: string | undefined): string;
}

/** The name part of a Host header, lower-cased, without port or IPv6 brackets. */
export function hostName(host: string): string {
  const trimmed = host.trim().toLowerCase();
  if (trimmed.startsWith('[')) return trimmed.slice(1, trimmed.indexOf(']') > 0 ? trimmed.indexOf(']') : undefined);
  const colon = trimmed.lastIndexOf(':');
  // One colon is host:port; more than one is a bare IPv6 literal.
  return colon > 0 && trimmed.indexOf(':') === colon ? trimmed.slice(0, colon) : trimmed;
}

/** Builds the policy for a server bound to `bind` with the configured extra names. */
export function createHostPolicy(options: {
  bind: string;
  allowedHosts: readonly string[];
  machineName?: string;
}): HostPolicy {
  const extra = options.allowedHosts.map((entry) => entry.trim().toLowerCase()).filter((entry) => entry.length > 0);
  const anyHost = extra.includes('*');
  const own = new Set(['localhost', hostName(options.bind), (options.machineName ?? hostname()).toLowerCase()]);
  const exact = new Set(extra.filter((entry) => !entry.startsWith('.')).map(hostName));
  const suffixes = extra.filter((entry) => entry.startsWith('.'));
  const decide = (host: string) => {
    const name = hostName(host);
    if (isIP(name) !== 0 || own.has(name) || name.endsWith('.localhost') || exact.has(name)) return true;
    return suffixes.some((suffix) => name.endsWith(suffix) || name === suffix.slice(1));
  };
  // Every request asks, almost always with the same few Host values: remember the answers
  // for allowed ones (bounded, so a flood of made-up names cannot grow it).
  const allowed = new Set<string>();
  const allows = (host: string | undefined) => {
    if (anyHost || (host !== undefined && allowed.has(host))) return true;
    if (host === undefined || host.trim() === '' || !decide(host)) return false;
    if (allowed.size < 64) allowed.add(host);
    return true;
  };
  return {
    allows,
    refusal: (host) =>
      host === undefined || host.trim() === ''
        ? 'the request has no Host header'
        : `the Host '${host.slice(0, 100)}' is not a name of this server; add it to ARW_ALLOWED_HOSTS to serve it`,
  };
}

/** Middleware refusing requests whose Host is not allowed (403 problem+json, code `host-not-allowed`). */
export function hostGuard(policy: HostPolicy): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if (!policy.allows(host)) return problemResponse('host-not-allowed', policy.refusal(host), c.req.path);
    return next();
  };
}
