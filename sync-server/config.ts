/**
 * Server configuration (SPEC §6): every env var parsed by one zod schema that fails
 * fast with the variable named. Each field carries a description and an example so
 * docs/configuration.md is generated from this schema (drift-checked in tests).
 * Other modules spread their own fragments (e.g. NATS_*) into CONFIG_SHAPE.
 */
import { z } from 'zod';
import { checkNatsConfig, NATS_CONFIG_SHAPE } from './bridge/config';
import { parseRateSpec } from '../core/rate-limit/sliding-window';
import { EVENT_DEPTH_CEILING, EVENT_MAX_BYTES, EVENT_MAX_DEPTH, EVENT_MAX_FUTURE_SECS } from '../spec/limits';
import { SYNC_MAX_FRAME_BYTES } from '../spec/sync-protocol';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const flag = z.enum(['0', '1', 'true', 'false']).transform((value) => value === '1' || value === 'true');
const csv = z.string().transform((text) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0),
);
const rate = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((text) => parseRateSpec(text) !== undefined, 'must be <n>/<window_secs> with both at least 1, e.g. 60/60')
    .transform((text) => parseRateSpec(text)!);

/** Every variable, with docs metadata (`description`, `examples`) for docgen. */
export const CONFIG_SHAPE = {
  PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65_535)
    .default(8787)
    .meta({ description: 'HTTP port (0 picks a free one).', examples: ['8787'] }),
  ARW_BIND: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .meta({ description: 'Bind address. A non-loopback bind needs an admin token configured.', examples: ['0.0.0.0'] }),
  ARW_DATA_DIR: z
    .string()
    .min(1)
    .default('./data')
    .meta({ description: 'Data directory (SQLite store `arw-hub.sqlite`).', examples: ['/var/lib/arw-hub'] }),
  ARW_ENV_FILE: z
    .string()
    .min(1)
    .default('.env.local')
    .meta({
      description:
        'Git-ignored env file read at start (never overrides the real environment); the first admin token is written here (mode 0600).',
      examples: ['.env.local'],
    }),
  ARW_ADMIN_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .meta({
      description: 'Presets an admin token (all admin scopes); hashed at start, never written anywhere.',
      examples: ['<32+ random characters>'],
    }),
  ARW_ADMIN_TOKEN_SHA256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex characters (a SHA-256 digest)')
    .optional()
    .meta({
      description: 'Presets an admin token by its SHA-256 (hex), so the plaintext never reaches the server host.',
      examples: ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    }),
  ARW_ALLOWED_ORIGINS: csv.default([]).meta({
    description: 'CSV of origins allowed by CORS; empty keeps CORS closed.',
    examples: ['https://hub.example.org,http://localhost:5173'],
  }),
  ARW_ALLOWED_HOSTS: csv.default([]).meta({
    description:
      'CSV of extra Host names the server answers to (DNS-rebinding guard). IP addresses, `localhost`, `*.localhost`, this machine’s hostname and ARW_BIND are always allowed; `.example.org` allows that domain and its subdomains; `*` allows any Host.',
    examples: ['hub.example.org,.lan'],
  }),
  ARW_YJS_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(1024 * 1024 * 1024)
    .default(8 * 1024 * 1024)
    .meta({
      description:
        'A `/yjs` socket whose unsent bytes pass this is closed (a peer that stopped reading); it resyncs when it reconnects.',
      examples: ['8388608'],
    }),
  ARW_TRUST_FORWARD_HEADERS: z
    .string()
    .default('0')
    .transform((text) =>
      text === '0' || text === 'false'
        ? []
        : text === '1' || text === 'true'
          ? ['127.0.0.1', '::1', '::ffff:127.0.0.1']
          : text
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
    )
    .meta({
      description:
        'Honour X-Forwarded-For only from these proxy addresses: `0` (off), `1` (loopback proxies) or a CSV of proxy IPs.',
      examples: ['1', '10.0.0.2,10.0.0.3'],
    }),
  ARW_RATE_LIMIT: rate('60/60').meta({
    default: '60/60',
    description: 'Sliding-window limit for admin routes, `<n>/<window_secs>`, per token and per IP.',
    examples: ['60/60'],
  }),
  ARW_RATE_LIMIT_SYNC: rate('600/60').meta({
    default: '600/60',
    description: 'Sliding-window limit for sync-token routes, `<n>/<window_secs>`.',
    examples: ['600/60'],
  }),
  ARW_RATE_LIMIT_PUBLIC: rate('600/60').meta({
    default: '600/60',
    description: 'Sliding-window limit per IP for public routes, `<n>/<window_secs>`.',
    examples: ['600/60'],
  }),
  ARW_AUTH_FAILURE_COST: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(5)
    .meta({ description: 'How many requests a failed authentication costs the caller’s IP.', examples: ['5'] }),
  ARW_GATING_DENY: csv.default([]).meta({
    description: 'CSV of gating-key patterns denied from start (exact or trailing `*`); see docs/gating-keys.md.',
    examples: ['models:*,yjs:connect'],
  }),
  ARW_METRICS_PUBLIC: flag
    .default(false)
    .meta({ default: '0', description: 'Serve `/metrics` without a token.', examples: ['1'] }),
  ARW_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024)
    .meta({
      description: 'Largest request body accepted (413 above it, also for chunked bodies).',
      examples: ['1048576'],
    }),
  ARW_LOG_REQUESTS: flag.default(false).meta({
    default: '0',
    description: 'Log one line per request (token query parameters redacted).',
    examples: ['1'],
  }),
  ARW_EVENT_MAX_DEPTH: z.coerce
    .number()
    .int()
    .min(1)
    .max(EVENT_DEPTH_CEILING)
    .default(EVENT_MAX_DEPTH)
    .meta({
      description: `Deepest nesting of objects and arrays in an event (its payload is level 1); deeper events are rejected alone, naming the field and the limit. At most ${EVENT_DEPTH_CEILING}.`,
      examples: ['64'],
    }),
  ARW_EVENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(SYNC_MAX_FRAME_BYTES)
    .default(EVENT_MAX_BYTES)
    .meta({
      description:
        'Largest event as UTF-8 JSON, in bytes; larger events are rejected alone, naming the field and the limit.',
      examples: ['524288'],
    }),
  ARW_EVENT_MAX_FUTURE_SECS: z.coerce
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(EVENT_MAX_FUTURE_SECS)
    .meta({
      description:
        'How many seconds ahead of the server’s clock an event’s `time` may be; later events are rejected. Read-models also fold each event no later than the server received it.',
      examples: ['300'],
    }),
  ...NATS_CONFIG_SHAPE,
};

export const ConfigSchema = z.object(CONFIG_SHAPE).superRefine((config, ctx) => {
  checkNatsConfig(config, ctx);
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
