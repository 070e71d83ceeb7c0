/**
 * Cedar policies people write (issue 14, SPEC §7): `policies.saved` carries a policy's
 * whole text (a save replaces the earlier one of the same id), `policies.removed` takes
 * it away. A project policy carries the envelope's `project_id` and replicates with that
 * project's events like leases do; a personal one applies in every project.
 */
import { z } from 'zod';

/** A policy id: a slug of 1 to 64 lower-case letters, digits or "-". */
export const POLICY_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const MAX_POLICY_TEXT = 20_000;

const policyId = z
  .string()
  .regex(
    POLICY_ID_PATTERN,
    'must be a slug of 1 to 64 lower-case letters, digits or "-", starting with a letter or digit',
  );

export const PolicyOriginSchema = z.enum(['personal', 'project']);

export const PoliciesSavedSchema = z.looseObject({
  policy_id: policyId,
  name: z.string().min(1, 'must be a name of 1 to 80 characters').max(80, 'must be a name of 1 to 80 characters'),
  text: z
    .string()
    .min(1, `must be Cedar source of 1 to ${MAX_POLICY_TEXT} characters`)
    .max(MAX_POLICY_TEXT, `must be Cedar source of 1 to ${MAX_POLICY_TEXT} characters`),
  enabled: z.boolean(),
  origin: PolicyOriginSchema,
});

export const PoliciesRemovedSchema = z.looseObject({ policy_id: policyId });

/** `GET /admin/policies`: the policies the server decides with (shipped and project-shared). */
export const AdminPoliciesResponseSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      origin: z.enum(['shipped', 'project']),
      project_id: z.string().optional(),
      enabled: z.boolean(),
      /** SHA-256 (lower-case hex) of the policy's UTF-8 text. */
      hash: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});
