/**
 * The part of `@cedar-policy/cedar-wasm` this code calls, typed structurally so core
 * stays free of the package: the browser hands in the web build (after `init()`), the
 * server the nodejs build; both have exactly these functions.
 */

export interface CedarDetailedError {
  message: string;
  help?: string | null;
  sourceLocations?: { start: number; end: number; label?: string | null }[];
}

export type CedarStaticPolicies = string | Record<string, string>;

export interface CedarApi {
  policySetTextToParts(
    text: string,
  ):
    | { type: 'success'; policies: string[]; policy_templates: string[] }
    | { type: 'failure'; errors: CedarDetailedError[] };
  preparsePolicySet(
    id: string,
    policies: { staticPolicies: CedarStaticPolicies },
  ): { type: 'success' } | { type: 'failure'; errors: CedarDetailedError[] };
  statefulIsAuthorized(call: {
    principal: { type: string; id: string };
    action: { type: string; id: string };
    resource: { type: string; id: string };
    context: Record<string, unknown>;
    preparsedPolicySetId: string;
    entities: unknown[];
  }):
    | { type: 'failure'; errors: CedarDetailedError[] }
    | {
        type: 'success';
        response: {
          decision: 'allow' | 'deny';
          diagnostics: { reason: string[]; errors: { policyId: string; error: CedarDetailedError }[] };
        };
      };
  validate(call: {
    schema: Record<string, unknown>;
    policies: { staticPolicies: CedarStaticPolicies };
    validationSettings: { mode: 'strict' };
  }):
    | { type: 'failure'; errors: CedarDetailedError[] }
    | {
        type: 'success';
        validationErrors: { policyId: string; error: CedarDetailedError }[];
        validationWarnings: { policyId: string; error: CedarDetailedError }[];
      };
}

/** One message from Cedar's errors, with its help when it has one. */
export function cedarMessage(error: CedarDetailedError): string {
  return error.help ? `${error.message} (${error.help})` : error.message;
}
