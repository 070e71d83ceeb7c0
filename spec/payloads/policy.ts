/**
 * Policy prompts, decisions, leases and the never-list (SPEC E3, §3, §7). Every one of
 * these events carries the envelope `project_id` it was made in and, for a tool call,
 * the episode's `corr_id`; the payloads here say what was asked and what was decided.
 */
import { z } from 'zod';

export const CAPABILITY_PATTERN =
  /^(fs:read|fs:write|net:http|shell:exec|mic|cam|gpu|models:download|project:read|project:write|sandbox:[a-z0-9-]+)$/;
const capability = z
  .string()
  .regex(CAPABILITY_PATTERN, 'must be a capability such as fs:read, net:http, project:write or sandbox:<kind>');
const subject = z.string().min(1).max(256);
const scope = z.string().min(1).max(1024);
const id = z.string().min(1).max(128);
const actor = z.string().min(1).max(256);
const reason = z.string().max(2000);
const tool = z.string().min(1).max(128);
/** SPEC §3: a lease lasts 1 s to 24 h. */
const ttlSecs = z.number().int().min(1).max(86_400);

export const PermissionModeSchema = z.enum(['ask', 'allow', 'never']);

export const PolicyPromptSchema = z.looseObject({
  prompt_id: id,
  tool,
  capability,
  scope: scope.optional(),
  subject,
  mode: PermissionModeSchema,
  reason: reason.optional(),
});

/** `policy.allow` / `policy.deny`: the person's answer to one prompt. */
export const PolicyAnswerSchema = z.looseObject({
  prompt_id: id.optional(),
  capability,
  scope: scope.optional(),
  subject,
  decided_by: actor,
  ttl_secs: ttlSecs.optional(),
});

/** The final outcome of one request, whoever made it (`by`: `policy` or the person's device actor). */
export const PolicyDecisionSchema = z.looseObject({
  decision: z.enum(['allow', 'deny']),
  capability,
  scope: scope.optional(),
  subject,
  tool: tool.optional(),
  mode: PermissionModeSchema,
  lease_id: id.optional(),
  ttl_secs: ttlSecs.optional(),
  by: actor,
  reason,
  prompt_id: id.optional(),
  /** The Cedar policies that decided: the forbidding ones on a deny, the permitting ones otherwise. */
  policy_ids: z.array(z.string().min(1).max(128)).max(64).optional(),
});

export const LeaseSchema = z.looseObject({
  id,
  capability,
  scope: scope.optional(),
  subject,
  granted_by: actor,
  reason: reason.optional(),
  created: z.iso.datetime(),
  ttl_until: z.iso.datetime(),
  /** Uses allowed; unset = unlimited until `ttl_until`. */
  budget: z.number().int().min(1).max(1_000_000).optional(),
});

export const LeasesCreatedSchema = z.looseObject({ lease: LeaseSchema });
export const LeasesRevokedSchema = z.looseObject({
  lease_id: id,
  by: z.string().max(256).optional(),
  reason: reason.optional(),
});
export const LeasesExpiredSchema = z.looseObject({ lease_id: id });

/** `policy.never.added` / `policy.never.removed`: a capability (optionally a scope, a subject) denied without asking. */
export const PolicyNeverSchema = z.looseObject({
  capability,
  scope: scope.optional(),
  subject: subject.optional(),
  by: actor,
});
