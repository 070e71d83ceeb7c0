/**
 * Validation of one event against the contract: its bounds first (depth, size: see
 * limits.ts), then the envelope, then the payload schema of its kind. Returns every
 * problem with a dotted field path, so the caller can say which field is wrong and why.
 */
import type { z } from 'zod';
import { EventEnvelopeSchema, type EventEnvelope } from './envelope';
import { normalizeKind } from './kinds';
import { checkEventBounds, DEFAULT_EVENT_LIMITS, type EventLimits } from './limits';
import { EVENT_KINDS, isKnownKind } from './vocabulary';

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `payload.count` or `kind`. */
  readonly path: string;
  readonly message: string;
}

export type Validation = { ok: true; event: EventEnvelope } | { ok: false; issues: FieldIssue[] };

function toIssues(error: z.ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.') || '(root)',
    message: issue.message,
  }));
}

export interface ValidateOptions {
  /** Depth and size bounds (default: EVENT_MAX_DEPTH, EVENT_MAX_BYTES); the server passes its configured ones. */
  limits?: EventLimits;
}

/**
 * Checks `input` against its bounds, the envelope and its kind's payload schema. A
 * CamelCase kind (`Policy.Decision`) is normalized first (SPEC E2). Never throws.
 */
export function validateEvent(input: unknown, options: ValidateOptions = {}): Validation {
  // Before zod or anything else walks the input: they recurse, and a 10,000-deep value would overflow the stack.
  const bound = checkEventBounds(input, options.limits ?? DEFAULT_EVENT_LIMITS);
  if (bound !== undefined) return { ok: false, issues: [bound] };
  const candidate =
    input !== null && typeof input === 'object' && typeof (input as { kind?: unknown }).kind === 'string'
      ? { ...(input as Record<string, unknown>), kind: normalizeKind((input as { kind: string }).kind) }
      : input;
  const envelope = EventEnvelopeSchema.safeParse(candidate);
  if (!envelope.success) return { ok: false, issues: toIssues(envelope.error, '') };
  const event = envelope.data;
  if (!isKnownKind(event.kind)) {
    return {
      ok: false,
      issues: [
        { path: 'kind', message: `unknown event kind '${event.kind}'; see /spec/schemas for the accepted kinds` },
      ],
    };
  }
  const definition = EVENT_KINDS[event.kind];
  if (event.v > definition.v) {
    return {
      ok: false,
      issues: [
        {
          path: 'v',
          message: `payload version ${event.v} is newer than this app knows (${definition.v}); update the app`,
        },
      ],
    };
  }
  const payload = definition.payload.safeParse(event.payload);
  if (!payload.success) return { ok: false, issues: toIssues(payload.error, 'payload') };
  return { ok: true, event };
}

/** One line naming every bad field, for error messages. */
export function describeIssues(issues: readonly FieldIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
}
