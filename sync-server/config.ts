/**
 * Server configuration (SPEC §6): every env var parsed by one zod schema that fails
 * fast with the variable named. Later issues extend this schema (NATS, rate limits,
 * gating); the names here are fixed by SPEC.md.
 */
import { z } from 'zod';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const flag = z
  .enum(['0', '1', 'true', 'false'])
  .transform((value) => value === '1' || value === 'true');

export const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
    ARW_BIND: z.string().min(1).default('127.0.0.1'),
    ARW_DATA_DIR: z.string().min(1).default('./data'),
    ARW_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    ARW_ADMIN_TOKEN_SHA256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex characters (a SHA-256 digest)')
      .optional(),
    ARW_METRICS_PUBLIC: flag.default(false),
  })
  .superRefine((config, ctx) => {
    if (!LOOPBACK.has(config.ARW_BIND) && !config.ARW_ADMIN_TOKEN && !config.ARW_ADMIN_TOKEN_SHA256) {
      ctx.addIssue({
        code: 'custom',
        path: ['ARW_BIND'],
        message: `binding to ${config.ARW_BIND} (not loopback) needs ARW_ADMIN_TOKEN or ARW_ADMIN_TOKEN_SHA256 set`,
      });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

/** Parses `env`; throws an Error listing each bad variable and why. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = ConfigSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}
