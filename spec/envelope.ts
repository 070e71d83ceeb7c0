/**
 * The event envelope (SPEC E1): the one shape every fact in the journal has.
 * The payload is checked separately against the schema registered for its kind
 * (see `vocabulary.ts`); this module only fixes the frame around it.
 */
import { z } from 'zod';
import { KIND_PATTERN } from './kinds';

/** Crockford base32, 26 characters: 10 of time, 16 of randomness. */
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const SeveritySchema = z.enum(['debug', 'info', 'warn', 'error']);
export type Severity = z.infer<typeof SeveritySchema>;

const shortText = (max: number) => z.string().min(1).max(max);

export const EventEnvelopeSchema = z.strictObject({
  id: z.string().regex(ULID_PATTERN, 'must be a ULID (26 Crockford base32 characters)'),
  time: z.iso.datetime({
    precision: 3,
    message: 'must be ISO-8601 UTC with milliseconds, e.g. 2026-01-02T03:04:05.678Z',
  }),
  kind: z.string().max(128).regex(KIND_PATTERN, 'must be lower dot.case, e.g. episode.started'),
  v: z.number().int().min(1).max(1000),
  corr_id: shortText(128).optional(),
  span_id: shortText(128).optional(),
  parent_id: shortText(128).optional(),
  project_id: shortText(128).optional(),
  actor: shortText(128),
  code: z
    .string()
    .max(64)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case slug, e.g. admission-denied')
    .optional(),
  status: z.string().max(200).optional(),
  severity: SeveritySchema.optional(),
  payload: z.record(z.string(), z.unknown()),
});

/** An event as stored and sent: envelope fields plus a payload valid for its kind. */
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;
