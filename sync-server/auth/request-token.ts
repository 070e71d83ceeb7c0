/**
 * Where a token travels: `Authorization: Bearer <t>` or `X-ARW-Admin: <t>` on any
 * route; `?token=` only on WebSocket upgrades (browsers cannot set headers there).
 */

type HeaderGetter = (name: string) => string | null | undefined;

/** The token from headers (Bearer first), trimmed; undefined when absent or empty. */
export function tokenFromHeaders(get: HeaderGetter): string | undefined {
  const authorization = get('authorization')?.trim();
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization);
    if (match?.[1]?.trim()) return match[1].trim();
  }
  const admin = get('x-arw-admin')?.trim();
  return admin ? admin : undefined;
}

/**
 * For a raw WebSocket upgrade (`IncomingMessage`-like): header token, else `?token=`.
 * Use only for WS routes; HTTP routes must not accept tokens in the URL.
 */
export function tokenFromUpgrade(request: {
  headers: Record<string, string | string[] | undefined>;
  url?: string | undefined;
}): string | undefined {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const fromHeaders = tokenFromHeaders(header);
  if (fromHeaders) return fromHeaders;
  const query = new URL(request.url ?? '/', 'http://local').searchParams.get('token')?.trim();
  return query ? query : undefined;
}
