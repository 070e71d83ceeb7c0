/**
 * NATS configuration (SPEC §6): the env-var fragment the integrator merges into
 * sync-server/config.ts, and its translation to nats.js connection options
 * (URL list, token / user+password / nkey / creds auth, TLS files, reconnect policy).
 */
import { readFileSync } from 'node:fs';
import { credsAuthenticator, nkeyAuthenticator, type NodeConnectionOptions } from '@nats-io/transport-node';
import { z } from 'zod';

const csv = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  )
  .pipe(
    z
      .array(
        z
          .string()
          .regex(
            /^(nats|tls|ws|wss):\/\/|^[^:/]+(:\d+)?$/,
            'each URL must be nats://host:port, tls://host:port or host:port',
          ),
      )
      .min(1),
  );
const ms = (fallback: number) => z.coerce.number().int().min(0).max(3_600_000).default(fallback);
const path = z.string().min(1);

/** The NATS_* variables as a plain shape (spread it into CONFIG_SHAPE); `.meta` feeds docgen. */
export const NATS_CONFIG_SHAPE = {
  NATS_URL: csv.optional().meta({
    description: 'CSV of NATS server URLs; unset = no NATS bridge (single instance).',
    examples: ['nats://10.0.0.5:4222,nats://10.0.0.6:4222'],
  }),
  NATS_TOKEN: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'NATS token auth.', examples: ['s3cr3t-token'] }),
  NATS_USER: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'NATS user (with NATS_PASSWORD).', examples: ['arw'] }),
  NATS_PASSWORD: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'NATS password (with NATS_USER).', examples: ['change-me'] }),
  NATS_NKEY_SEED: z
    .string()
    .regex(/^SU[A-Z2-7]+$/, 'must be a user nkey seed (starts with SU)')
    .optional()
    .meta({ description: 'NKey user seed for nkey auth.', examples: ['SUAM…'] }),
  NATS_CREDS: path.optional().meta({
    description: 'Path of a `.creds` file (JWT + nkey seed), decentralized auth.',
    examples: ['/etc/arw/arw.creds'],
  }),
  NATS_TLS_CA: path.optional().meta({
    description: 'CA bundle (PEM) to verify the NATS servers; setting it requires TLS.',
    examples: ['/etc/arw/nats-ca.pem'],
  }),
  NATS_TLS_CERT: path.optional().meta({
    description: 'Client certificate (PEM) for mutual TLS (with NATS_TLS_KEY).',
    examples: ['/etc/arw/client.pem'],
  }),
  NATS_TLS_KEY: path
    .optional()
    .meta({ description: 'Client private key (PEM) for mutual TLS.', examples: ['/etc/arw/client-key.pem'] }),
  NATS_RECONNECT_WAIT_MS: ms(2_000).meta({ description: 'Wait between reconnect attempts (ms).', examples: ['2000'] }),
  NATS_RECONNECT_JITTER_MS: ms(1_000).meta({
    description: 'Random extra wait added to each reconnect attempt (ms), so instances do not reconnect in lockstep.',
    examples: ['1000'],
  }),
  NATS_MAX_RECONNECTS: z.coerce
    .number()
    .int()
    .min(-1)
    .default(-1)
    .meta({
      description:
        'Reconnect attempts before giving up; -1 = forever (the client library default of 10 would close the bridge for good).',
      examples: ['-1'],
    }),
  NATS_BUFFER_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .default(10_000)
    .meta({
      description:
        'Publishes kept in memory while NATS is unreachable; on overflow Yjs updates are merged per document, then the oldest events are dropped (counted on /healthz).',
      examples: ['10000'],
    }),
} as const;

/** Cross-field rules; call from a parent schema's superRefine too. */
export function checkNatsConfig(
  config: Partial<Record<keyof typeof NATS_CONFIG_SHAPE, unknown>>,
  ctx: z.RefinementCtx,
): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (config.NATS_USER !== undefined && config.NATS_PASSWORD === undefined)
    issue('NATS_PASSWORD', 'is required with NATS_USER');
  if (config.NATS_PASSWORD !== undefined && config.NATS_USER === undefined)
    issue('NATS_USER', 'is required with NATS_PASSWORD');
  if ((config.NATS_TLS_CERT === undefined) !== (config.NATS_TLS_KEY === undefined))
    issue('NATS_TLS_KEY', 'NATS_TLS_CERT and NATS_TLS_KEY go together');
  const methods = [config.NATS_TOKEN, config.NATS_USER, config.NATS_NKEY_SEED, config.NATS_CREDS].filter(
    (value) => value !== undefined,
  );
  if (methods.length > 1)
    issue('NATS_TOKEN', 'set only one of NATS_TOKEN, NATS_USER/NATS_PASSWORD, NATS_NKEY_SEED, NATS_CREDS');
}

/** The NATS fragment on its own (tests, docs, connectors). */
export const NatsConfigSchema = z.object(NATS_CONFIG_SHAPE).superRefine(checkNatsConfig);
export type NatsConfig = z.infer<typeof NatsConfigSchema>;

/** Parses NATS_* variables from `env` (empty strings count as unset). */
export function parseNatsConfig(env: Record<string, string | undefined>): NatsConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key.startsWith('NATS_') && value !== undefined && value !== ''),
  );
  return NatsConfigSchema.parse(present);
}

/** nats.js options for `config` (requires NATS_URL). Reads the creds file now. */
export function natsConnectOptions(config: NatsConfig, name: string): NodeConnectionOptions {
  const options: NodeConnectionOptions = {
    name,
    servers: config.NATS_URL ?? [],
    reconnect: true,
    maxReconnectAttempts: config.NATS_MAX_RECONNECTS,
    reconnectTimeWait: config.NATS_RECONNECT_WAIT_MS,
    reconnectJitter: config.NATS_RECONNECT_JITTER_MS,
    reconnectJitterTLS: config.NATS_RECONNECT_JITTER_MS,
    pingInterval: 10_000,
    maxPingOut: 3,
  };
  if (config.NATS_TOKEN) options.token = config.NATS_TOKEN;
  if (config.NATS_USER) {
    options.user = config.NATS_USER;
    options.pass = config.NATS_PASSWORD;
  }
  if (config.NATS_NKEY_SEED) options.authenticator = nkeyAuthenticator(new TextEncoder().encode(config.NATS_NKEY_SEED));
  if (config.NATS_CREDS) options.authenticator = credsAuthenticator(new Uint8Array(readFileSync(config.NATS_CREDS)));
  if (config.NATS_TLS_CA || config.NATS_TLS_CERT) {
    options.tls = {
      ...(config.NATS_TLS_CA ? { caFile: config.NATS_TLS_CA } : {}),
      ...(config.NATS_TLS_CERT ? { certFile: config.NATS_TLS_CERT, keyFile: config.NATS_TLS_KEY } : {}),
    };
  }
  return options;
}
