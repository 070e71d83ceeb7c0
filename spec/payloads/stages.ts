/** The four stages of an episode (SPEC E3): observation → belief → intent → action. */
import { z } from 'zod';

export const ObsRecordedSchema = z.looseObject({
  source: z.string().min(1).max(128),
  text: z.string().max(100_000).optional(),
  data: z.unknown().optional(),
});

export const BeliefSchema = z.looseObject({
  claim: z.string().min(1).max(10_000),
  confidence: z.number().min(0).max(1).optional(),
});

export const BeliefsUpdatedSchema = z.looseObject({
  beliefs: z.array(BeliefSchema).max(1000),
});

export const IntentsProposedSchema = z.looseObject({
  intent: z.string().min(1).max(256),
  rationale: z.string().max(10_000).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});

export const ActionsTakenSchema = z.looseObject({
  action: z.string().min(1).max(256),
  ok: z.boolean(),
  output: z.unknown().optional(),
});
