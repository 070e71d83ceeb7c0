/**
 * Capabilities as the decision point sees them (SPEC §3): the canonical names and the
 * dotted manifest keys they normalize from. The table itself lives in spec/capabilities.ts
 * (the recipe manifest checks against it); this module is core's door to it.
 */
import { CAPABILITIES, CAPABILITY_WORDS, DOTTED_CAPABILITIES, normalizeCapability } from '../../spec/capabilities';

export { CAPABILITIES, CAPABILITY_WORDS, DOTTED_CAPABILITIES, normalizeCapability };

/** True when `value` is already a canonical capability (`net:http`, `sandbox:wasi`), not a dotted key. */
export function isCapability(value: string): boolean {
  return normalizeCapability(value) === value;
}
