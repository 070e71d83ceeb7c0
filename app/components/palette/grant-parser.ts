/**
 * The palette's "grant" grammar: `grant <capability> [scope] [for] [duration]`, parsed as
 * the person types into what Enter grants, what Tab completes next, and why the input
 * cannot be a grant. Pure: known hosts and paths are passed in; nothing is granted here.
 */

/** What a palette grant may name (the other capabilities are granted from prompts only). */
export const GRANTABLE = [
  { capability: 'net:http', what: 'fetch pages and APIs on a host' },
  { capability: 'fs:read', what: 'read files in the project folder' },
  { capability: 'fs:write', what: 'write files in the project folder' },
  { capability: 'project:read', what: "read this project's notes and journal" },
  { capability: 'project:write', what: "append to this project's notes" },
] as const;

const CAPABILITIES: readonly string[] = GRANTABLE.map((entry) => entry.capability);

/** Short and dotted spellings people type (manifest keys normalize the same way). */
const ALIASES: Readonly<Record<string, string>> = {
  net: 'net:http',
  http: 'net:http',
  'net.http': 'net:http',
  'fs.read': 'fs:read',
  'file.read': 'fs:read',
  'fs.write': 'fs:write',
  'file.write': 'fs:write',
  'project.read': 'project:read',
  'project.write': 'project:write',
};

export const DEFAULT_TTL_SECS = 900;
export const MIN_TTL_SECS = 1;
export const MAX_TTL_SECS = 86_400;
/** The durations offered once the scope is typed. */
export const OFFERED_DURATIONS = ['15m', '1h', '1d'] as const;

const UNIT_SECS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };
const HOST =
  /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/;

export interface GrantSpec {
  capability: string;
  scope: string;
  ttl_secs: number;
}

export interface GrantOption {
  /** The whole input after picking this option (Tab, or Enter on a step that grants nothing yet). */
  completion: string;
  label: string;
  detail?: string;
  /** Present on the last step: picking it grants this. */
  grant?: GrantSpec;
}

export interface GrantParse {
  options: GrantOption[];
  /** What to type next, in plain words. */
  hint?: string;
  /** Why the input cannot be a grant, naming the word and what is accepted. */
  error?: string;
  /** A correction the grant will carry (a duration clamped to 1 s..24 h). */
  notice?: string;
}

export interface GrantContext {
  /** Hosts seen lately (http.fetch calls, leases), newest first, e.g. `example.com:8080`. */
  hosts: readonly string[];
  /** Path globs seen lately (file tool calls, leases), newest first. */
  paths: readonly string[];
}

/** True once the input is a grant command ("grant" and a space). */
export function isGrantInput(text: string): boolean {
  return /^\s*grant\s/i.test(text);
}

/** `15m` → 900; bare numbers need a unit. Not clamped: `clampTtl` says what a lease may last. */
export function parseDuration(word: string): number | undefined {
  const match = /^(\d{1,9})(s|m|h|d)$/i.exec(word);
  return match ? Number(match[1]) * UNIT_SECS[match[2]!.toLowerCase()]! : undefined;
}

export function clampTtl(secs: number): { ttl_secs: number; notice?: string } {
  if (secs < MIN_TTL_SECS) return { ttl_secs: MIN_TTL_SECS, notice: 'A lease lasts at least 1 s; granting for 1 s.' };
  if (secs > MAX_TTL_SECS)
    return { ttl_secs: MAX_TTL_SECS, notice: 'A lease lasts at most 24 h; granting for 24 h (1 day).' };
  return { ttl_secs: secs };
}

/** 900 → "15 min", 3600 → "1 h", 86400 → "1 day". */
export function formatTtl(secs: number): string {
  if (secs % 86_400 === 0) return secs === 86_400 ? '1 day' : `${secs / 86_400} days`;
  if (secs % 3600 === 0) return `${secs / 3600} h`;
  if (secs % 60 === 0) return `${secs / 60} min`;
  return `${secs} s`;
}

const capabilityList = CAPABILITIES.join(', ');
const whatOf = (capability: string) => GRANTABLE.find((entry) => entry.capability === capability)?.what ?? '';

function resolveCapability(word: string): string | undefined {
  const lower = word.toLowerCase();
  return CAPABILITIES.includes(lower) ? lower : ALIASES[lower];
}

/** `https://Example.com:8080/a` or `Example.com` → `example.com:8080` / `example.com`; undefined when not a host. */
export function hostOf(word: string): string | undefined {
  let host = word.toLowerCase();
  if (host.includes('://')) {
    try {
      host = new URL(host).host;
    } catch {
      return undefined;
    }
  }
  return HOST.test(host) ? host : undefined;
}

/** A relative glob inside the project folder, or the reason it is not one. */
function globOf(word: string): { glob: string } | { error: string } {
  const glob = word
    .replace(/^path:\/\//, '')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '');
  if (glob === '') return { error: `'${word}' is not a path — type a glob such as notes/* or notes/**` };
  if (glob.split('/').includes('..'))
    return { error: `'${word}' leaves the project folder — '..' is not allowed in a path` };
  return { glob };
}

function scopeFor(capability: string, word: string | undefined): { scope: string } | { error: string } {
  if (capability === 'project:read' || capability === 'project:write')
    return { scope: capability === 'project:read' ? 'project://read' : 'project://write' };
  if (word === undefined) return { error: 'missing scope' };
  if (capability === 'net:http') {
    const host = hostOf(word);
    return host
      ? { scope: `net://${host}` }
      : { error: `'${word}' is not a host — type one such as example.com or example.com:8080` };
  }
  const glob = globOf(word);
  return 'glob' in glob ? { scope: `path://${glob.glob}` } : glob;
}

const grantOption = (prefix: string, spec: GrantSpec, durationWord: string): GrantOption => ({
  completion: `${prefix}${durationWord}`,
  label: `Grant ${spec.capability} on ${spec.scope} for ${formatTtl(spec.ttl_secs)}`,
  detail: `Lets any of your agents ${whatOf(spec.capability)} until it ends`,
  grant: spec,
});

/** Parses what is typed after the palette opened (`text` starts with "grant "). */
export function parseGrant(text: string, context: GrantContext): GrantParse {
  const words = text.trim().split(/\s+/).slice(1);
  const done = /\s$/.test(text);
  const first = words[0] ?? '';

  // Capability, still being typed ("grant n").
  if (words.length === 0 || (words.length === 1 && !done && !resolveReference(first))) {
    const lower = first.toLowerCase();
    const matches = CAPABILITIES.filter(
      (c) => c.startsWith(lower) || Object.entries(ALIASES).some(([alias, to]) => to === c && alias.startsWith(lower)),
    );
    if (matches.length === 0) return { options: [], error: unknownCapability(first) };
    return {
      options: matches.map((c) => ({ completion: `grant ${c} `, label: c, detail: `lets an agent ${whatOf(c)}` })),
      hint: 'Type a capability, then a scope and a duration, e.g. grant net:http example.com 15m',
    };
  }

  // "net:example.com" (the reference form) carries its host in the capability word.
  const reference = resolveReference(first);
  const capability = reference ? 'net:http' : resolveCapability(first);
  if (!capability) return { options: [], error: unknownCapability(first) };
  const rest = reference ? [reference, ...words.slice(1)] : words.slice(1);
  const needsScope = capability === 'net:http' || capability.startsWith('fs:');
  const prefixWords = [`grant ${reference ? first : capability}`];

  if (needsScope && !reference) {
    const typed = rest[0];
    if (typed === undefined || (rest.length === 1 && !done && !scopeOk(capability, typed))) {
      const hint = capability === 'net:http' ? 'Type a host, e.g. example.com' : 'Type a path glob, e.g. notes/*';
      return { options: knownScopes(capability, typed ?? '', context, false), hint };
    }
  }

  const scopeWord = needsScope ? rest[0] : undefined;
  const scoped = scopeFor(capability, scopeWord);
  if ('error' in scoped) return { options: [], error: scoped.error };
  if (needsScope && !reference) prefixWords.push(scopeWord!);
  let after = needsScope ? rest.slice(1) : rest;
  if (after[0]?.toLowerCase() === 'for') {
    prefixWords.push(after[0]);
    after = after.slice(1);
  }
  const prefix = `${prefixWords.join(' ')} `;

  // Scope typed: offer the usual durations (or the default when Enter comes now).
  if (after.length === 0) {
    const offered = done ? OFFERED_DURATIONS : (['15m'] as const);
    const options = offered.map((w) =>
      grantOption(prefix, { capability, scope: scoped.scope, ttl_secs: parseDuration(w)! }, w),
    );
    if (!done && needsScope && !reference) options.push(...knownScopes(capability, scopeWord!, context, true));
    return {
      options,
      hint: done ? undefined : 'Enter grants for 15 min; type a duration (s, m, h, d) for another length',
    };
  }
  const durationWord = after[0]!;
  const secs = parseDuration(durationWord);
  const partialNumber = /^\d{1,9}$/.test(durationWord) && !done && after.length === 1;
  if (secs === undefined && !partialNumber)
    return {
      options: [],
      error: `'${durationWord}' is not a duration — use a number and s, m, h or d, e.g. 15m, 1h, 1d`,
    };
  if (after.length > 1)
    return { options: [], error: `unexpected '${after.slice(1).join(' ')}' after the duration '${durationWord}'` };
  if (partialNumber) {
    const options = ['m', 'h', 'd']
      .map((unit) => `${durationWord}${unit}`)
      .filter((w) => parseDuration(w)! <= MAX_TTL_SECS)
      .map((w) => grantOption(prefix, { capability, scope: scoped.scope, ttl_secs: parseDuration(w)! }, w));
    return { options, hint: 'Add a unit: s, m, h or d' };
  }
  const clamped = clampTtl(secs!);
  return {
    options: [grantOption(prefix, { capability, scope: scoped.scope, ttl_secs: clamped.ttl_secs }, durationWord)],
    notice: clamped.notice,
  };
}

/** Hosts or paths used lately that start with what is typed (`partial`: leave out the one typed in full). */
function knownScopes(capability: string, typed: string, context: GrantContext, partial: boolean): GrantOption[] {
  const known = capability === 'net:http' ? context.hosts : context.paths;
  const start = typed.toLowerCase();
  return known
    .filter((s) => s.toLowerCase().startsWith(start) && !(partial && s.toLowerCase() === start))
    .slice(0, 8)
    .map((s) => ({ completion: `grant ${capability} ${s} `, label: s, detail: 'a scope you used lately' }));
}

function unknownCapability(word: string): string {
  return `unknown capability '${word}' — try ${capabilityList}`;
}

/** `net:example.com` → `example.com`; `net:http` (or a prefix of it, still being typed) is not a reference. */
function resolveReference(word: string): string | undefined {
  const match = /^net:(.+)$/i.exec(word);
  if (!match || 'http'.startsWith(match[1]!.toLowerCase())) return undefined;
  return hostOf(match[1]!) ? match[1]!.toLowerCase() : undefined;
}

function scopeOk(capability: string, word: string): boolean {
  return !('error' in scopeFor(capability, word));
}
