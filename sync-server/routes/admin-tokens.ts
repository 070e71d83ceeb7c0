/**
 * `/admin/tokens` (admin scope `admin:tokens`): list (hash prefix only), create
 * (plaintext returned once), rotate, revoke. Bodies validated by spec/http.ts.
 */
import {
  TokenCreateBodySchema,
  TokenCreatedSchema,
  TokenIdParamSchema,
  TokenListSchema,
  TokenViewSchema,
} from '../../spec/http';
import { toTokenView, type TokenService } from '../auth/tokens';
import type { RouteRegistry } from '../http/route-registry';
import { AppError } from '../../core/errors/app-error';

const gate = { admin: 'admin:tokens' } as const;
const noStore = { 'Cache-Control': 'no-store' };

export function mountAdminTokens(registry: RouteRegistry, tokens: TokenService): void {
  registry.route(
    {
      method: 'GET',
      path: '/admin/tokens',
      gate,
      gatingKey: 'admin:tokens',
      description: 'List tokens (label, scopes, projects, times, hash prefix; never the secret).',
      response: TokenListSchema,
    },
    (c) => c.json({ items: tokens.list() }, 200, noStore),
  );
  registry.route(
    {
      method: 'POST',
      path: '/admin/tokens',
      gate,
      gatingKey: 'admin:tokens',
      description: 'Create a token; the secret is in this response only.',
      body: TokenCreateBodySchema,
      response: TokenCreatedSchema,
    },
    (c, { body }) => {
      const { record, secret } = tokens.create(body);
      return c.json({ token: toTokenView(record), secret }, 201, noStore);
    },
  );
  registry.route(
    {
      method: 'POST',
      path: '/admin/tokens/:id/rotate',
      gate,
      gatingKey: 'admin:tokens',
      description: 'Replace a token’s secret (same label and scopes); the old one is revoked.',
      params: TokenIdParamSchema,
      response: TokenCreatedSchema,
    },
    (c, { params }) => {
      const rotated = tokens.rotate(params.id);
      if (!rotated) throw new AppError('token-unknown', `no active token ${params.id}`);
      return c.json({ token: toTokenView(rotated.record), secret: rotated.secret }, 200, noStore);
    },
  );
  registry.route(
    {
      method: 'DELETE',
      path: '/admin/tokens/:id',
      gate,
      gatingKey: 'admin:tokens',
      description: 'Revoke a token.',
      params: TokenIdParamSchema,
      response: TokenViewSchema,
    },
    (c, { params }) => {
      if (!tokens.revoke(params.id)) throw new AppError('token-unknown', `no active token ${params.id}`);
      return c.body(null, 204);
    },
  );
}
