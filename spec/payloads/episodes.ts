/** Episode lifecycle payloads (SPEC E3, E4): one episode = all events sharing a `corr_id`. */
import { z } from 'zod';

const ms = z.number().min(0);

export const EpisodeStartedSchema = z.looseObject({
  agent: z.string().min(1).max(128),
  input: z.string().max(100_000).optional(),
  model: z.string().max(256).optional(),
  /** The recipe this episode runs for, when a launched recipe is the agent (SPEC §7). */
  recipe_id: z.string().min(1).max(64).optional(),
  conversation_id: z.string().min(1).max(128).optional(),
  /** Regenerate / edit-and-resend: the corr_id of the turn's first episode; this episode is another variant of it. */
  turn_of: z.string().min(1).max(128).optional(),
  step_limit: z.number().int().min(1).max(32).optional(),
});

export const EpisodeCompletedSchema = z.looseObject({
  duration_ms: ms,
  tokens_out: z.number().int().min(0).optional(),
  ttft_ms: ms.optional(),
  tokens_per_s: z.number().min(0).optional(),
});

export const EpisodeCanceledSchema = z.looseObject({
  reason: z.string().max(1000).optional(),
  duration_ms: ms.optional(),
});

export const EpisodeErrorSchema = z.looseObject({
  message: z.string().min(1).max(10_000),
  error_code: z.string().max(64).optional(),
  duration_ms: ms.optional(),
});
