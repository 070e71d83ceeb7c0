/**
 * `/admin/gating` (admin scope `admin:gating`): read and replace the runtime deny list.
 * These two routes carry no gating key on purpose, so a deny list can always be undone.
 */
import type { GatingPolicy } from '../../core/gating/deny-list';
import { GatingBodySchema, GatingStateSchema } from '../../spec/http';
import type { RouteRegistry } from '../http/route-registry';

export function mountAdminGating(registry: RouteRegistry, gating: GatingPolicy): void {
  const gate = { admin: 'admin:gating' } as const;
  registry.route(
    {
      method: 'GET',
      path: '/admin/gating',
      gate,
      description: 'The gating deny list in force.',
      response: GatingStateSchema,
    },
    (c) => c.json({ deny: gating.list(), version: gating.version() }),
  );
  registry.route(
    {
      method: 'POST',
      path: '/admin/gating',
      gate,
      description: 'Replace the gating deny list (patterns: exact key or trailing *).',
      body: GatingBodySchema,
      response: GatingStateSchema,
    },
    (c, { body }) => {
      const deny = gating.replace(body.deny);
      return c.json({ deny, version: gating.version() });
    },
  );
}
