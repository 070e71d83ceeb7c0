/**
 * `GET /admin/policies` (admin scope `admin:policies`, issue 14): the policies this
 * server decides with, shipped and project-shared, with their origin and text hash,
 * so an operator can see which policy set is in force without reading the journal.
 */
import { AdminPoliciesResponseSchema } from '../../spec/payloads/policies';
import type { RouteRegistry } from '../http/route-registry';
import type { ServerPolicies } from './server-policies';

export function mountAdminPolicies(registry: RouteRegistry, policies: Pick<ServerPolicies, 'list'>): void {
  registry.route(
    {
      method: 'GET',
      path: '/admin/policies',
      gate: { admin: 'admin:policies' },
      description:
        'The Cedar policies the server decides with as { items: [{ id, name, origin, project_id?, enabled, hash }] } (shipped and project-shared; hash: SHA-256 of the text).',
      response: AdminPoliciesResponseSchema,
    },
    (c) =>
      c.json({
        items: policies.list().map((policy) => ({
          id: policy.id,
          name: policy.name,
          origin: policy.origin === 'project' ? ('project' as const) : ('shipped' as const),
          ...(policy.project_id === undefined ? {} : { project_id: policy.project_id }),
          enabled: policy.enabled,
          hash: policy.hash,
        })),
      }),
  );
}
