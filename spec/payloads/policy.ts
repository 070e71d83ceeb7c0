/** Policy prompts, decisions and leases (SPEC E3, §3). */
import { z } from 'zod';

export const CAPABILITY_PATTERN =
  /^(fs:read|fs:write|net:http|shell:exec|mic|cam|gpu|models:download|sandbox:[a-z0-9-]+)$/;
const capability = z
  .string()
  .regex(CAPABILITY_PATTERN, 'must be a capability such as fs:read, net:http or sandbox:<kind>');
const subject = z.string().min(1).max(256);
const scope = z.string().min(1).max(1024);

export const PolicyPromptSchema = z.looseObject({
  prompt_id: z.string().min(1).max(128),
  capability,
  scope: scope.optional(),
  subject,
  reason: z.string().max(2000).optional(),
});

export const PolicyAnswerSchema = z.looseObject({
  prompt_id: z.string().min(1).max(128).optional(),
  capability,
  scope: scope.optional(),
  subject,
  decided_by: z.string().min(1).max(256),
  ttl_secs: z.number().int().min(1).max(86_400).optional(),
});

export const PolicyDecisionSchema = z.looseObject({
  capability,
  scope: scope.optional(),
  subject,
  allow: z.boolean(),
  reason: z.string().max(2000).optional(),
  lease_id: z.string().max(128).optional(),
});

export const LeaseSchema = z.looseObject({
  id: z.string().min(1).max(128),
  capability,
  scope: scope.optional(),
  subject,
  granted_by: z.string().min(1).max(256),
  reason: z.string().max(2000).optional(),
  created: z.iso.datetime(),
  ttl_until: z.iso.datetime(),
});

export const LeasesCreatedSchema = z.looseObject({ lease: LeaseSchema });
export const LeasesRevokedSchema = z.looseObject({
  lease_id: z.string().min(1).max(128),
  by: z.string().max(256).optional(),
});
export const LeasesExpiredSchema = z.looseObject({ lease_id: z.string().min(1).max(128) });
