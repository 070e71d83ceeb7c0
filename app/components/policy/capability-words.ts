/**
 * Plain words for permissions: what each capability lets an agent do, what a scope
 * names, who a subject is, and how long a lease lasts. The one place prompts, the
 * sidecar, Settings and the gallery's "what this permission lets the agent do" read.
 */

/** One capability as a person reads it: a short label and the verb phrase for a sentence. */
export interface CapabilityWords {
  capability: string;
  /** Short, for lists and selects ("Fetch web pages"). */
  label: string;
  /** Completes "<agent> wants to …"; `{scope}` is replaced by the scope's words. */
  phrase: string;
  /** The phrase when the grant has no scope (it covers every scope of the capability). */
  anyScope: string;
}

/** Every capability of SPEC §3 plus the project ones; `sandbox:<kind>` is handled apart. */
export const CAPABILITY_PHRASES: readonly CapabilityWords[] = [
  {
    capability: 'fs:read',
    label: 'Read files',
    phrase: 'read files in {scope}',
    anyScope: 'read any file it can reach',
  },
  {
    capability: 'fs:write',
    label: 'Write files',
    phrase: 'create and change files in {scope}',
    anyScope: 'create and change any file it can reach',
  },
  {
    capability: 'net:http',
    label: 'Fetch web pages',
    phrase: 'fetch pages from {scope}',
    anyScope: 'fetch pages from any web site',
  },
  {
    capability: 'project:read',
    label: "Read this project's notes and journal",
    phrase: "read this project's notes and journal",
    anyScope: "read this project's notes and journal",
  },
  {
    capability: 'project:write',
    label: "Add to this project's notes",
    phrase: "add to this project's notes",
    anyScope: "add to this project's notes",
  },
  {
    capability: 'shell:exec',
    label: 'Run commands',
    phrase: 'run commands ({scope})',
    anyScope: 'run commands on this device',
  },
  { capability: 'mic', label: 'Use the microphone', phrase: 'use the microphone', anyScope: 'use the microphone' },
  { capability: 'cam', label: 'Use the camera', phrase: 'use the camera', anyScope: 'use the camera' },
  {
    capability: 'gpu',
    label: 'Use the GPU',
    phrase: 'use the graphics processor',
    anyScope: 'use the graphics processor',
  },
  {
    capability: 'models:download',
    label: 'Download models',
    phrase: 'download models from {scope}',
    anyScope: 'download models to this device',
  },
];

const BY_CAPABILITY = new Map(CAPABILITY_PHRASES.map((words) => [words.capability, words]));

/** The words for one capability, `sandbox:<kind>` included; unknown ones get a neutral fallback. */
export function capabilityWords(capability: string): CapabilityWords {
  const known = BY_CAPABILITY.get(capability);
  if (known) return known;
  if (capability.startsWith('sandbox:')) {
    const kind = capability.slice('sandbox:'.length);
    const phrase = `run code in the ${kind} sandbox`;
    return { capability, label: `Run code (${kind} sandbox)`, phrase, anyScope: phrase };
  }
  return { capability, label: capability, phrase: `use ${capability} on {scope}`, anyScope: `use ${capability}` };
}

/** A scope in plain words: `net://example.com` → "example.com", `path://notes/*` → "notes/*". */
export function describeScope(scope: string): string {
  const match = /^([a-z]+):\/\/(.*)$/.exec(scope);
  if (!match) return scope;
  const [, scheme, rest = ''] = match;
  if (scheme === 'net') return rest.startsWith('*.') ? `any subdomain of ${rest.slice(2)}` : rest;
  if (scheme === 'path') return rest === '**' || rest === '' ? 'any file of the project folder' : rest;
  if (scheme === 'project') return rest === 'write' ? 'this project (read and write)' : 'this project (read)';
  if (scheme === 'vault') return `the vault “${rest}”`;
  return scope;
}

/**
 * What a capability lets the agent do, as a verb phrase: `describeCapability('fs:read',
 * 'path://notes/*')` → "read files in notes/*"; without a scope, what the whole
 * capability allows ("fetch pages from any web site").
 */
export function describeCapability(capability: string, scope?: string): string {
  const words = capabilityWords(capability);
  if (scope === undefined || scope === '') return words.anyScope;
  return words.phrase.includes('{scope}') ? words.phrase.replace('{scope}', describeScope(scope)) : words.phrase;
}

/** Who asks, in words: `agent:chat` → "The chat agent", `recipe:save-page` → "Recipe save-page", `*` → "Any agent". */
export function describeSubject(subject: string): string {
  if (subject === '*') return 'Any agent';
  if (subject.startsWith('agent:')) return `The ${subject.slice('agent:'.length)} agent`;
  if (subject.startsWith('recipe:')) return `Recipe ${subject.slice('recipe:'.length)}`;
  return subject;
}

/** A duration for "time left" and grant labels: "45 s", "14 min", "2 h 5 min", "1 day". */
export function formatDuration(ms: number): string {
  const secs = Math.max(0, Math.ceil(ms / 1000));
  if (secs < 60) return `${secs} s`;
  const mins = Math.ceil(secs / 60);
  if (mins < 60) return `${mins} min`;
  const hours = Math.floor(mins / 60);
  const rest = mins % 60;
  if (hours < 24) return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  const days = Math.floor(hours / 24);
  return days === 1 && hours % 24 === 0 ? '1 day' : `${days} d ${hours % 24} h`;
}
