/**
 * HTTP bodies of the sync server's own routes (SPEC §2): problem details, tokens,
 * gating, /about. The server validates with these; OpenAPI is generated from them.
 */
import { z } from 'zod';
import { ADMIN_SCOPES, SYNC_SCOPES } from './gating';

/** RFC 9457 problem details (it replaced RFC 7807) with our catalogue `code` and, for validation, per-field `errors`. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  gating_key: z.string().optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

const PROJECT_ID = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1–64 characters of A-Z a-z 0-9 _ . -');

export const TokenCreateBodySchema = z
  .strictObject({
    label: z.string().trim().min(1).max(64),
    kind: z.enum(['admin', 'sync']),
    scopes: z.array(z.string()).min(1).max(16),
    projects: z.array(PROJECT_ID).min(1).max(256).optional(),
    expires_in_secs: z
      .number()
      .int()
      .min(60)
      .max(10 * 365 * 24 * 3600)
      .optional(),
  })
  .superRefine((body, ctx) => {
    const allowed: readonly string[] = body.kind === 'admin' ? [...ADMIN_SCOPES, 'admin:*'] : SYNC_SCOPES;
    body.scopes.forEach((scope, index) => {
      if (!allowed.includes(scope))
        ctx.addIssue({
          code: 'custom',
          path: ['scopes', index],
          message: `'${scope}' is not a ${body.kind} scope (${allowed.join(', ')})`,
        });
    });
    if (body.kind === 'sync' && !body.projects)
      ctx.addIssue({ code: 'custom', path: ['projects'], message: 'a sync token needs the projects it may reach' });
    if (body.kind === 'admin' && body.projects)
      ctx.addIssue({ code: 'custom', path: ['projects'], message: 'admin tokens are not project-scoped' });
  });
export type TokenCreateBody = z.infer<typeof TokenCreateBodySchema>;

/** A token as listed: never the secret, only a short prefix of its SHA-256. */
export const TokenViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['admin', 'sync']),
  scopes: z.array(z.string()),
  projects: z.array(z.string()).nullable(),
  hash_prefix: z.string(),
  created: z.string(),
  last_used: z.string().nullable(),
  expires: z.string().nullable(),
  revoked: z.string().nullable(),
});
export type TokenView = z.infer<typeof TokenViewSchema>;

/** Answer to create/rotate: the plaintext `secret` is shown this once. */
export const TokenCreatedSchema = z.object({ token: TokenViewSchema, secret: z.string() });
export const TokenListSchema = z.object({ items: z.array(TokenViewSchema) });
export const TokenIdParamSchema = z.object({
  id: z.string().regex(/^tok_[a-z0-9]{16}$/, 'must be a token id like tok_0123456789abcdef'),
});

export const GatingBodySchema = z.strictObject({
  deny: z
    .array(
      z
        .string()
        .regex(/^[a-z0-9:._<>-]*\*?$/i, 'must be a key, or a prefix ending in *')
        .min(1)
        .max(200),
    )
    .max(1000),
});
export const GatingStateSchema = z.object({ deny: z.array(z.string()), version: z.number().int() });

export const RouteGateSchema = z.union([
  z.literal('public'),
  z.strictObject({ admin: z.string() }),
  z.strictObject({ sync: z.string() }),
]);
export type RouteGate = z.infer<typeof RouteGateSchema>;

export const AboutSchema = z.object({
  name: z.string(),
  version: z.string(),
  routes: z.array(
    z.object({
      method: z.string(),
      path: z.string(),
      gate: RouteGateSchema,
      gating_key: z.string().nullable(),
      description: z.string(),
    }),
  ),
  counts: z.object({
    public: z.number().int(),
    sync: z.number().int(),
    admin: z.number().int(),
    total: z.number().int(),
  }),
  event_kinds: z.array(z.object({ kind: z.string(), v: z.number().int(), description: z.string() })),
});
export type About = z.infer<typeof AboutSchema>;
