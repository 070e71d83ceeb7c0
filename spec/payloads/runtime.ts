/** Runtime health, profiles and model lifecycle (SPEC E3). */
import { z } from 'zod';

export const RuntimeHealthSchema = z.looseObject({
  component: z.string().min(1).max(128),
  state: z.enum(['ok', 'degraded', 'down']),
  detail: z.string().max(10_000).optional(),
});

export const RUNTIME_PROFILES = ['performance', 'balanced', 'power-saver'] as const;

export const RuntimeProfileChangedSchema = z.looseObject({
  profile: z.enum(RUNTIME_PROFILES),
  previous: z.enum(RUNTIME_PROFILES).optional(),
  /** Why it changed, in a person's words (e.g. `battery at 15 %, not charging`). */
  reason: z.string().max(500).optional(),
  /** True when the governor's automatic mode switched, false for a person's choice. */
  automatic: z.boolean().optional(),
});

export const DOWNLOAD_STATUSES = [
  'started',
  'preflight',
  'downloading',
  'resumed',
  'paused',
  'degraded',
  'complete',
  'error',
  'canceled',
] as const;

export const ModelsDownloadProgressSchema = z.looseObject({
  id: z.string().min(1).max(256),
  status: z.enum(DOWNLOAD_STATUSES),
  downloaded: z.number().int().min(0).optional(),
  total: z.number().int().min(0).optional(),
  error: z.string().max(10_000).optional(),
});

export const ModelsChangedSchema = z.looseObject({
  op: z.enum(['add', 'delete', 'default', 'downloaded', 'canceled', 'error', 'evicted', 'loaded', 'unloaded']),
  id: z.string().min(1).max(256),
  path: z.string().max(2048).optional(),
});
