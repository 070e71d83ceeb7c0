/**
 * The capability vocabulary of SPEC §3 and the one table that turns the dotted keys a
 * manifest may use (`file.read`, `net.http`) into it. Lives in spec/ so the recipe
 * manifest can check capabilities; core/policy/capabilities.ts re-uses it.
 */

/** The capabilities that take no argument; `sandbox:<kind>` is the one family. */
export const CAPABILITIES = [
  'fs:read',
  'fs:write',
  'net:http',
  'shell:exec',
  'mic',
  'cam',
  'gpu',
  'models:download',
  'project:read',
  'project:write',
] as const;

/** Dotted manifest keys and the capability each one means. */
export const DOTTED_CAPABILITIES: Readonly<Record<string, string>> = {
  'file.read': 'fs:read',
  'file.write': 'fs:write',
  'fs.read': 'fs:read',
  'net.http': 'net:http',
  'shell.exec': 'shell:exec',
  'project.read': 'project:read',
  'project.write': 'project:write',
};

const SANDBOX = /^sandbox:[a-z0-9-]{1,32}$/;
const KNOWN: ReadonlySet<string> = new Set(CAPABILITIES);

/**
 * The canonical capability for `key` (itself when already canonical), or `null` when
 * it is none. Case matters: `Net.HTTP` is not a capability (reference C.5, HEAD).
 */
export function normalizeCapability(key: string): string | null {
  if (Object.hasOwn(DOTTED_CAPABILITIES, key)) return DOTTED_CAPABILITIES[key]!;
  if (KNOWN.has(key) || SANDBOX.test(key)) return key;
  return null;
}

const escape = (text: string) => text.replace(/[.]/g, '\\.');

/** Every key `normalizeCapability` accepts, as one pattern (for the manifest's JSON Schema). */
export const CAPABILITY_KEY_PATTERN = new RegExp(
  `^(${[...CAPABILITIES, ...Object.keys(DOTTED_CAPABILITIES)].map(escape).join('|')}|${SANDBOX.source.slice(1, -1)})$`,
);

/** What a capability may be, in words, for error messages. */
export const CAPABILITY_WORDS = `one of ${CAPABILITIES.join(', ')}, sandbox:<kind>, or a dotted key such as file.read or net.http`;
