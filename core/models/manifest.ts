/**
 * What a model file download is (the manifest the app passes in, parsed at the worker
 * boundary) and what the store knows about each file. The store is hash-addressed:
 * a file's key is its SHA-256, so the same bytes are stored once whatever the id.
 */
import { z } from 'zod';
import type { DOWNLOAD_STATUSES } from '../../spec/payloads/runtime';
import { CharModelConfigSchema, type CharModelConfig } from './char-config';

/**
 * What the stored file is, i.e. which adapter can run it from the store: `file` (the
 * default) is bytes no adapter runs on its own; `onnx-char` is a character-level ONNX
 * model the onnx backend lists in Chat, with its alphabet in `config`.
 */
export const MODEL_FORMATS = ['file', 'onnx-char'] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

/** Default size of one HTTP Range request, and of one persisted chunk. */
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;

export const ModelManifestSchema = z
  .object({
    /** The model id progress events and the UI use, e.g. `qwen2.5-0.5b-q4`. */
    id: z.string().min(1).max(256),
    url: z.url(),
    /** Exact size of the file in bytes. */
    bytes: z.number().int().positive(),
    /** Lower-case hex SHA-256 of the whole file. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    chunkBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .optional(),
    label: z.string().max(256).optional(),
    format: z.enum(MODEL_FORMATS).optional(),
    /** Required with `format: 'onnx-char'`: the model's alphabet and sizes. */
    config: CharModelConfigSchema.optional(),
  })
  .superRefine((manifest, ctx) => {
    if (manifest.format === 'onnx-char' && manifest.config === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['config'],
        message: "is required with format 'onnx-char' (vocab, context, embed, hidden, chars)",
      });
    }
    if (manifest.config !== undefined && manifest.format !== 'onnx-char') {
      ctx.addIssue({
        code: 'custom',
        path: ['format'],
        message: "must be 'onnx-char' when a config is given (the config is only read for ONNX char models)",
      });
    }
  });
export type ModelManifest = z.infer<typeof ModelManifestSchema>;

/**
 * `partial`: some chunks stored (never usable); `verifying`: complete, hash being
 * checked; `cached`: hash verified, usable. A corrupt file is deleted, never kept.
 */
export type StoredState = 'partial' | 'verifying' | 'cached';

export interface StoredModel {
  id: string;
  url: string;
  sha256: string;
  bytes: number;
  chunkBytes: number;
  /** Bytes stored so far (equals `bytes` when cached). */
  downloaded: number;
  state: StoredState;
  /** Epoch ms of the last download or use: the LRU order. */
  lastUsed: number;
  label?: string;
  /** Absent in records of older versions: a plain `file`. */
  format?: ModelFormat;
  config?: CharModelConfig;
}

/** The payload of `models.download.progress` (spec/payloads/runtime.ts). */
export type DownloadProgress = {
  id: string;
  status: (typeof DOWNLOAD_STATUSES)[number];
  downloaded: number;
  total: number;
  error?: string;
};

/** How a `download()` call ended when it did not fail. */
export interface DownloadOutcome {
  status: 'complete' | 'paused' | 'canceled';
  model?: StoredModel;
  /** Ids of cached models deleted (least recently used first) to make room for this one. */
  evicted?: string[];
}

/** The meta record's schema: read back from storage written by an older version. */
export const StoredModelSchema = z.object({
  id: z.string(),
  url: z.string(),
  sha256: z.string(),
  bytes: z.number().int().nonnegative(),
  chunkBytes: z.number().int().positive(),
  downloaded: z.number().int().nonnegative(),
  state: z.enum(['partial', 'verifying', 'cached']),
  lastUsed: z.number(),
  label: z.string().optional(),
  // A format or config this version cannot read leaves the record listed as a plain file.
  format: z.enum(MODEL_FORMATS).optional().catch(undefined),
  config: CharModelConfigSchema.optional().catch(undefined),
});
