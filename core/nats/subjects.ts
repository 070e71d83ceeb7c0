/**
 * NATS subject names (SPEC §6): the one place that builds `arw.events.<project>.<kind>`,
 * `arw.yjs.<doc>` and the stream names. Pure: no client, no IO. Every token that comes
 * from user data is sanitised so it can never add tokens or wildcards to a subject.
 */

/** JetStream stream holding every replicated event. */
export const EVENTS_STREAM = 'ARW_EVENTS';
/** JetStream stream holding every Yjs update. */
export const YJS_STREAM = 'ARW_YJS';
export const EVENTS_SUBJECT_ROOT = 'arw.events';
export const YJS_SUBJECT_ROOT = 'arw.yjs';
/** Project token used when an event has no `project_id` (no sanitised id can look like it). */
export const NO_PROJECT_TOKEN = '~none';

/**
 * Turns arbitrary text into one subject token: characters outside `[A-Za-z0-9_-]`
 * (dots, wildcards, spaces, `~`) become `~XX` escapes (`~2e` for a dot),
 * so distinct inputs stay distinct and the result is reversible. Empty → `~`.
 */
export function sanitizeToken(text: string): string {
  if (text.length === 0) return '~';
  let out = '';
  for (const char of text) {
    if (/^[A-Za-z0-9_-]$/.test(char)) out += char;
    else {
      const code = char.codePointAt(0)!;
      out += code < 0x100 ? `~${code.toString(16).padStart(2, '0')}` : `~u${code.toString(16)}~`;
    }
  }
  return out;
}

/** Inverse of `sanitizeToken` (for tokens it produced). */
export function unsanitizeToken(token: string): string {
  if (token === '~') return '';
  return token.replace(/~u([0-9a-f]+)~|~([0-9a-f]{2})/g, (_, wide: string | undefined, narrow: string | undefined) =>
    String.fromCodePoint(parseInt(wide ?? narrow ?? '0', 16)),
  );
}

/** Sanitises each dot segment of an event kind but keeps the dots (`policy.decision` stays two tokens). */
function kindTokens(kind: string): string {
  const segments = kind.split('.').filter((segment) => segment.length > 0);
  return segments.length === 0 ? '_' : segments.map(sanitizeToken).join('.');
}

/** `arw.events.<project>.<kind>`; the kind keeps its dots so `arw.events.*.policy.>` selects all policy events. */
export function eventSubject(projectId: string | undefined, kind: string): string {
  const project = projectId === undefined || projectId === '' ? NO_PROJECT_TOKEN : sanitizeToken(projectId);
  return `${EVENTS_SUBJECT_ROOT}.${project}.${kindTokens(kind)}`;
}

/** `arw.yjs.<doc>` with the document name as one sanitised token. */
export function yjsSubject(doc: string): string {
  return `${YJS_SUBJECT_ROOT}.${sanitizeToken(doc)}`;
}

/** The document name of an `arw.yjs.<doc>` subject, or undefined for any other subject. */
export function docFromYjsSubject(subject: string): string | undefined {
  const prefix = `${YJS_SUBJECT_ROOT}.`;
  if (!subject.startsWith(prefix)) return undefined;
  const token = subject.slice(prefix.length);
  return token.length === 0 || token.includes('.') ? undefined : unsanitizeToken(token);
}

/** Which of our streams a subject or subject pattern belongs to, if any. */
export function streamForSubject(pattern: string): string | undefined {
  if (pattern === EVENTS_SUBJECT_ROOT || pattern.startsWith(`${EVENTS_SUBJECT_ROOT}.`)) return EVENTS_STREAM;
  if (pattern === YJS_SUBJECT_ROOT || pattern.startsWith(`${YJS_SUBJECT_ROOT}.`)) return YJS_STREAM;
  return undefined;
}
