/**
 * The config json shipped beside an ONNX char model (public/models/<id>.json, written by
 * scripts/export-onnx.ts), parsed at the boundary with zod. The alphabet and sizes are
 * core's `CharModelConfig`, the same a store manifest with `format: 'onnx-char'` carries.
 */
import { z } from 'zod';
import { CharModelConfigFields, checkAlphabet } from '../../core/models/char-config';

export const CharModelMetaSchema = CharModelConfigFields.extend({
  id: z.string(),
  file: z.string(),
  bytes: z.number().int().positive(),
  sha256: z.string(),
  label: z.string(),
}).superRefine(checkAlphabet);
export type CharModelMeta = z.infer<typeof CharModelMetaSchema>;

export const TINY_MODEL_ID = 'arw-tiny-char';
export const TINY_MODEL_LABEL = 'Tiny demo model (character-level, trained by this project) — not a real assistant';
