/**
 * Strict validation of one policy text against the generated schema (issue 14), with each
 * error at its line and column (1-based) so an editor can point at it. Parse errors and
 * schema errors come back alike; warnings (an impossible policy) are not errors.
 */
import { cedarMessage, type CedarApi, type CedarDetailedError } from './cedar-api';

export interface PolicyError {
  line: number;
  column: number;
  message: string;
}

export type PolicyValidation = { ok: true } | { ok: false; errors: PolicyError[] };

/** Line and column (1-based) of a character offset in `text`. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

function errorsOf(text: string, errors: readonly CedarDetailedError[], offset = 0): PolicyError[] {
  return errors.map((error) => {
    const at = error.sourceLocations?.[0]?.start;
    const label = error.sourceLocations?.[0]?.label;
    const message = label ? `${cedarMessage(error)}: ${label}` : cedarMessage(error);
    return { ...positionOf(text, at === undefined ? 0 : at + offset), message };
  });
}

/** Validates `text` (one or more Cedar policies) against `schema` in strict mode. */
export function validatePolicyText(api: CedarApi, schema: Record<string, unknown>, text: string): PolicyValidation {
  const parts = api.policySetTextToParts(text);
  if (parts.type === 'failure') return { ok: false, errors: errorsOf(text, parts.errors) };
  if (parts.policy_templates.length > 0)
    return {
      ok: false,
      errors: [
        {
          line: 1,
          column: 1,
          message: 'templates (?principal, ?resource) are not supported here: write the entity itself',
        },
      ],
    };
  if (parts.policies.length === 0)
    return {
      ok: false,
      errors: [
        { line: 1, column: 1, message: 'the text holds no policy: write permit(...) or forbid(...) ending with ;' },
      ],
    };
  const answer = api.validate({ schema, policies: { staticPolicies: text }, validationSettings: { mode: 'strict' } });
  if (answer.type === 'failure') return { ok: false, errors: errorsOf(text, answer.errors) };
  if (answer.validationErrors.length === 0) return { ok: true };
  const errors = errorsOf(
    text,
    answer.validationErrors.map((entry) => ({
      ...entry.error,
      // Cedar names the policies of a text policy0, policy1…; the person sees one text.
      message: entry.error.message.replace(/^for policy `policy\d+`, /, ''),
    })),
  );
  return { ok: false, errors: errors.sort((a, b) => a.line - b.line || a.column - b.column) };
}
