/**
 * The config json shipped beside an ONNX char model (public/models/<id>.json, written by
 * scripts/export-onnx.ts), parsed at the boundary with zod.
 */
import { z } from 'zod';

export const CharModelMetaSchema = z.object({
  id: z.string(),
  file: z.string(),
  bytes: z.number().int().positive(),
  sha256: z.string(),
  label: z.string(),
  vocab: z.number().int().positive(),
  context: z.number().int().positive(),
  embed: z.number().int().positive(),
  hidden: z.number().int().positive(),
  chars: z.array(z.string().length(1)),
});
export type CharModelMeta = z.infer<typeof CharModelMetaSchema>;

export const TINY_MODEL_ID = 'arw-tiny-char';
export const TINY_MODEL_LABEL = 'Tiny demo model (character-level, trained by this project) — not a real assistant';
