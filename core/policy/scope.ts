/**
 * Scope matching (SPEC §3, design11 "scope cover rules"): whether a granted scope covers
 * a requested one. Grants compile once into a matcher and a request parses once, so the
 * lease index can test many grants against one call cheaply. Anything malformed covers
 * nothing (fail closed); only a grant with no scope at all covers everything.
 */

/** A requested scope, parsed once per call. */
export type RequestScope =
  | { scheme: 'net'; host: string; port?: number }
  | { scheme: 'path'; segments: readonly string[] }
  | { scheme: 'project'; access: 'read' | 'write' }
  | { scheme: 'other'; raw: string }
  /** Malformed (a `..` in a path, a bad host): only a scope-less grant covers it. */
  | { scheme: 'invalid' };

/** Tests one parsed request (`undefined`: the call named no scope). */
export type ScopeMatcher = (request: RequestScope | undefined) => boolean;

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/s;
const NET = /^(\*\.)?([a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/;

function parseNet(rest: string, allowWildcard: boolean): { host: string; wildcard: boolean; port?: number } | null {
  const match = NET.exec(rest.toLowerCase());
  if (match === null) return null;
  const wildcard = match[1] !== undefined;
  if (wildcard && (!allowWildcard || match[2]!.startsWith('['))) return null;
  // `example.com.` names the same host as `example.com`.
  const host = match[2]!.replace(/\.$/, '');
  if (match[3] === undefined) return { host, wildcard };
  const port = Number(match[3]);
  return port >= 1 && port <= 65_535 ? { host, wildcard, port } : null;
}

/** Path segments without empty and `.` parts, or `null` when a `..` (or a backslash, NUL) appears. */
function pathSegments(rest: string): string[] | null {
  if (/[\\\0]/.test(rest)) return null;
  const segments = rest.split('/').filter((part) => part !== '' && part !== '.');
  return segments.includes('..') ? null : segments;
}

/** Parses a requested scope; `undefined` stays `undefined`. */
export function parseRequestScope(scope: string | undefined): RequestScope | undefined {
  if (scope === undefined) return undefined;
  const match = SCHEME.exec(scope);
  if (match === null) return { scheme: 'invalid' };
  const [, scheme, rest] = match as unknown as [string, string, string];
  if (scheme === 'net') {
    const net = parseNet(rest, false);
    if (net === null) return { scheme: 'invalid' };
    return net.port === undefined
      ? { scheme: 'net', host: net.host }
      : { scheme: 'net', host: net.host, port: net.port };
  }
  if (scheme === 'path') {
    const segments = pathSegments(rest);
    return segments === null ? { scheme: 'invalid' } : { scheme: 'path', segments };
  }
  if (scheme === 'project') {
    return rest === 'read' || rest === 'write' ? { scheme: 'project', access: rest } : { scheme: 'invalid' };
  }
  return { scheme: 'other', raw: scope };
}

/** One glob segment as a test: `*` within the segment, everything else literal. */
function segmentTest(glob: string): (segment: string) => boolean {
  if (!glob.includes('*')) return (segment) => segment === glob;
  const source = glob
    .split(/\*+/)
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  const pattern = new RegExp(`^${source}$`, 's');
  return (segment) => pattern.test(segment);
}

/** `**` spans any number of segments (zero included); DP over (glob, path) positions. */
function globMatcher(globSegments: readonly string[]): (segments: readonly string[]) => boolean {
  const parts = globSegments.map((glob) => (glob === '**' ? null : segmentTest(glob)));
  return (segments) => {
    // reach[j]: the first i glob parts can consume the first j path segments.
    let reach = new Array<boolean>(segments.length + 1).fill(false);
    reach[0] = true;
    for (const part of parts) {
      const next = new Array<boolean>(segments.length + 1).fill(false);
      for (let j = 0; j <= segments.length; j++) {
        if (part === null) next[j] = reach[j]! || (j > 0 && next[j - 1]!);
        else next[j] = j > 0 && reach[j - 1]! && part(segments[j - 1]!);
      }
      reach = next;
    }
    return reach[segments.length]!;
  };
}

// core's lib has no DOM or Node types; WHATWG URL exists in every runtime core runs in.
declare const URL: new (input: string) => { hostname: string; port: string };

const never: ScopeMatcher = () => false;

/** Compiles a granted scope; a grant without scope covers every scope of its capability. */
export function scopeMatcher(granted: string | undefined): ScopeMatcher {
  if (granted === undefined) return () => true;
  const match = SCHEME.exec(granted);
  if (match === null) return never;
  const [, scheme, rest] = match as unknown as [string, string, string];
  if (scheme === 'net') {
    const grant = parseNet(rest, true);
    if (grant === null) return never;
    const suffix = `.${grant.host}`;
    return (request) =>
      request?.scheme === 'net' &&
      (grant.wildcard ? request.host.endsWith(suffix) : request.host === grant.host) &&
      (grant.port === undefined || request.port === grant.port);
  }
  if (scheme === 'path') {
    const segments = pathSegments(rest);
    if (segments === null) return never;
    const test = globMatcher(segments);
    return (request) => request?.scheme === 'path' && test(request.segments);
  }
  if (scheme === 'project') {
    if (rest !== 'read' && rest !== 'write') return never;
    // Writing a project's notes includes reading them.
    return (request) => request?.scheme === 'project' && (rest === 'write' || request.access === 'read');
  }
  return (request) => request?.scheme === 'other' && request.raw === granted;
}

/** True when a grant of `granted` covers a call that needs `requested` (design11 cover rules). */
export function scopeCovers(granted: string | undefined, requested: string | undefined): boolean {
  return scopeMatcher(granted)(parseRequestScope(requested));
}

/**
 * The scope a request to `url` needs: `net://<hostname>[:port]`, the port only when
 * explicit and not the scheme's default. `undefined` when `url` has no host.
 */
export function netScopeOf(url: string): string | undefined {
  let parsed: { hostname: string; port: string };
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname.replace(/\.$/, '');
  if (host === '') return undefined;
  return `net://${host}${parsed.port === '' ? '' : `:${parsed.port}`}`;
}

/** `path://<path>` for a file or folder path; the empty path (the whole folder) is `path://*`. */
export function pathScope(path: string): string {
  const trimmed = path.replace(/^\/+/, '');
  return `path://${trimmed === '' ? '*' : trimmed}`;
}

/** `project://read` or `project://write`. */
export function projectScope(access: 'read' | 'write'): string {
  return `project://${access}`;
}
