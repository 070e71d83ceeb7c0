/**
 * What the onnx backend needs, besides the .onnx bytes, to run a character-level model
 * (the kind scripts/export-onnx.ts writes): its alphabet and sizes. A manifest with
 * `format: 'onnx-char'` carries it inline, so one downloaded file is one runnable model.
 * Pure schema: the shipped model's config json (workers/inference/onnx-model-meta.ts)
 * extends it with file name, size and hash.
 */
import { z } from 'zod';

/** The fields without the cross-field checks (for schemas that extend it). */
export const CharModelConfigFields = z.object({
  /** Alphabet size: the model's input ids and logits width. */
  vocab: z.number().int().positive(),
  /** Characters the model sees at once. */
  context: z.number().int().positive(),
  /** Embedding width (the length of `embed()` vectors). */
  embed: z.number().int().positive(),
  hidden: z.number().int().positive(),
  /** The alphabet, one character per id, in id order. */
  chars: z.array(z.string().length(1, 'each entry must be exactly one character')).min(1),
});

/** The alphabet must match `vocab` and name each character once (the ids are its order). */
export function checkAlphabet(config: { vocab: number; chars: string[] }, ctx: z.RefinementCtx): void {
  if (config.chars.length !== config.vocab) {
    ctx.addIssue({
      code: 'custom',
      path: ['chars'],
      message: `has ${config.chars.length} characters, but vocab says ${config.vocab}`,
    });
  }
  if (new Set(config.chars).size !== config.chars.length)
    ctx.addIssue({ code: 'custom', path: ['chars'], message: 'must not repeat a character' });
}

export const CharModelConfigSchema = CharModelConfigFields.superRefine(checkAlphabet);
export type CharModelConfig = z.infer<typeof CharModelConfigSchema>;
