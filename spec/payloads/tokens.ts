/** Token I/O (SPEC E3): prompt tokens in, completion tokens out in batched chunks. */
import { z } from 'zod';

export const TokensInSchema = z.looseObject({
  count: z.number().int().min(0),
  text: z.string().max(1_000_000).optional(),
});

export const TokensOutSchema = z.looseObject({
  /** Chunk index within the episode, from 0. */
  seq: z.number().int().min(0),
  /** Tokens in this chunk. */
  count: z.number().int().min(0),
  text: z.string().max(1_000_000),
  /** Time to first token, on the first chunk only. */
  ttft_ms: z.number().min(0).optional(),
  final: z.boolean().optional(),
});
