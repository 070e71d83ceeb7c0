/**
 * What a person types for a grant (Settings → Permissions, the palette), checked and
 * normalized: a capability of SPEC §3 and a scope of the form its capability uses. Bare
 * hosts, URLs and paths are accepted and turned into `net://`, `path://`, `project://`.
 */
import { err, ok, type Result } from '../../core/lib/result';
import { normalizeCapability } from '../../core/policy/capabilities';
import { netScopeOf } from '../../core/policy/scope';

/** A grant field that cannot be used: which field, and why in plain words. */
export interface GrantInputError {
  field: 'capability' | 'scope' | 'ttl_secs';
  message: string;
}

/** The durations the grant form and prompts offer, in seconds. */
export const GRANT_DURATIONS = [
  { label: '15 min', ttl_secs: 900 },
  { label: '1 h', ttl_secs: 3600 },
  { label: '1 day', ttl_secs: 86_400 },
] as const;

const HOST = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const SCOPE_SCHEMES = ['net', 'path', 'project', 'vault'];

/** `host[:port]` lower-cased, or undefined when it is not a host name. */
function hostScope(text: string): string | undefined {
  const match = /^([^:/]+)(?::(\d{1,5}))?$/.exec(text.toLowerCase());
  if (!match || !HOST.test(match[1]!)) return undefined;
  const port = match[2];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) return undefined;
  return port === undefined ? `net://${match[1]}` : `net://${match[1]}:${Number(port)}`;
}

function netScope(text: string): Result<string, string> {
  const rest = text.startsWith('net://') ? text.slice('net://'.length) : text;
  if (/^https?:\/\//i.test(rest)) {
    const scope = netScopeOf(rest);
    return scope ? ok(scope.toLowerCase()) : err(`“${text}” is not a web address`);
  }
  const scope = hostScope(rest);
  return scope ? ok(scope) : err(`“${text}” is not a host name: use a host such as example.com or *.example.com:8080`);
}

function pathScope(text: string): Result<string, string> {
  const glob = text.startsWith('path://') ? text.slice('path://'.length) : text;
  if (glob.startsWith('/')) return err('a path is relative to the project folder: leave out the leading “/”');
  if (glob.split('/').some((segment) => segment === '..')) return err('a path may not contain “..” segments');
  if (glob === '' || glob.includes('//')) return err('a path needs a name between every “/”, e.g. notes/*');
  return ok(`path://${glob}`);
}

function projectScope(text: string): Result<string, string> {
  const mode = text.startsWith('project://') ? text.slice('project://'.length) : text;
  return mode === 'read' || mode === 'write'
    ? ok(`project://${mode}`)
    : err('a project scope is read or write (project://read, project://write)');
}

/** The scope of `capability` from what was typed; empty means "every scope" (undefined). */
export function parseGrantScope(capability: string, typed: string): Result<string | undefined, string> {
  const text = typed.trim();
  if (text === '') return ok(undefined);
  if (capability === 'net:http' || capability === 'models:download') return netScope(text);
  if (capability === 'fs:read' || capability === 'fs:write') return pathScope(text);
  if (capability === 'project:read' || capability === 'project:write') return projectScope(text);
  const scheme = /^([a-z]+):\/\/./.exec(text)?.[1];
  return scheme && SCOPE_SCHEMES.includes(scheme)
    ? ok(text)
    : err('a scope looks like net://host, path://<glob>, project://read|write or vault://<name>');
}

/** Checks a whole grant; every bad field gets its own error. */
export function checkGrantInput(input: {
  capability: string;
  scope?: string;
  ttl_secs: number;
}): Result<{ capability: string; scope?: string; ttl_secs: number }, GrantInputError[]> {
  const errors: GrantInputError[] = [];
  const typed = input.capability.trim();
  const capability = normalizeCapability(typed) ?? typed;
  if (normalizeCapability(typed) === null) {
    errors.push({
      field: 'capability',
      message: `“${typed}” is not a capability: use one such as fs:read, net:http or project:write`,
    });
  }
  const scope = parseGrantScope(capability, input.scope ?? '');
  if (!scope.ok) errors.push({ field: 'scope', message: scope.error });
  if (!Number.isInteger(input.ttl_secs) || input.ttl_secs < 1 || input.ttl_secs > 86_400) {
    errors.push({
      field: 'ttl_secs',
      message: `a lease lasts 1 s to 1 day (1 to 86400 whole seconds), got ${String(input.ttl_secs)}`,
    });
  }
  if (errors.length > 0 || !scope.ok) return err(errors);
  return ok({ capability, ttl_secs: input.ttl_secs, ...(scope.value === undefined ? {} : { scope: scope.value }) });
}
