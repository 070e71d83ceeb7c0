/**
 * Judges what other instances (or anyone who can publish to NATS) sent: decodes an
 * event message, turns the journal's answer into a verdict, checks a Yjs update, and
 * tells a storage failure (retry later) from a message that can never be used (poison).
 * Pure: no client, no store.
 */
import * as Y from 'yjs';
import { messageOf } from '../../core/errors/thrown';
import { EventEnvelopeSchema, normalizeKind, type EventEnvelope, type FieldIssue } from '../../spec';
import type { RemoteVerdict } from './types';

type Refusal = Extract<RemoteVerdict, { ok: false }>;

const describe = (issues: readonly FieldIssue[]) =>
  issues
    .slice(0, 3)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join('; ');

/** Parses one `arw.events.*` message: UTF-8 JSON, then the envelope (a legacy kind spelling normalized, SPEC E2). */
export function decodeRemoteEvent(data: Uint8Array): { ok: true; event: EventEnvelope } | Refusal {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch (error) {
    return { ok: false, reason: 'not-json', detail: messageOf(error) };
  }
  const candidate =
    json !== null && typeof json === 'object' && typeof (json as { kind?: unknown }).kind === 'string'
      ? { ...(json as Record<string, unknown>), kind: normalizeKind((json as { kind: string }).kind) }
      : json;
  const parsed = EventEnvelopeSchema.safeParse(candidate);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(root)',
      message: issue.message,
    }));
    return { ok: false, reason: 'envelope-invalid', detail: describe(issues) };
  }
  return { ok: true, event: parsed.data };
}

/**
 * The verdict for one event from the journal's append result: stored or a duplicate is
 * fine; refused by validation (vocabulary, payload schema, depth and size limits) is
 * poison. The envelope was checked before, so an issue on `kind` means it is unknown.
 */
export function appendVerdict(result: { rejected: readonly { issues: readonly FieldIssue[] }[] }): RemoteVerdict {
  const rejected = result.rejected[0];
  if (!rejected) return { ok: true };
  const reason = rejected.issues.some((issue) => issue.path === 'kind') ? 'kind-unknown' : 'event-invalid';
  return { ok: false, reason, detail: describe(rejected.issues) };
}

/** A Yjs update that does not even decode can never be applied: refuse it before the relay sees it. */
export function checkYjsUpdate(update: Uint8Array): RemoteVerdict {
  try {
    Y.decodeUpdate(update);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: 'yjs-malformed', detail: messageOf(error) };
  }
}

/** Storage failures pass, so the message is redelivered (one definition, beside the database). */
export { isStorageFailure as isStorageError } from '../storage/db';
