/**
 * Label values for the event metrics, from closed sets only: every label value a client
 * can influence is folded here, so a flood of made-up kinds or field names adds no
 * series (each series lives until the process ends). Pure functions, no registry.
 */
import { ERROR_MESSAGES } from '../../core/errors/catalog';
import { EventEnvelopeSchema } from '../../spec/envelope';
import { normalizeKind } from '../../spec/kinds';
import { isKnownKind } from '../../spec/vocabulary';

/** The label every kind outside the vocabulary (SPEC E3) is counted under. */
export const OTHER = 'other';

/** Longest kind the envelope accepts; longer input is not a kind and is not normalized. */
const MAX_KIND = 128;

/** `kind` as a label: its normalized spelling (SPEC E2) when the vocabulary knows it, else `other`. */
export function kindLabel(kind: string): string {
  if (kind.length > MAX_KIND) return OTHER;
  const normal = normalizeKind(kind);
  return isKnownKind(normal) ? normal : OTHER;
}

const ENVELOPE_FIELDS: ReadonlySet<string> = new Set(Object.keys(EventEnvelopeSchema.shape));

/**
 * The reason label for a rejected event, from the dotted path of its first issue: the
 * envelope field it names (`payload.a.b` → `invalid:payload`), `invalid:root` for the
 * event as a whole or an unknown top-level key; never the raw path (payload field names
 * are the sender's choice).
 */
export function rejectReason(path: string): string {
  const top = path.split('.', 1)[0] ?? '';
  return ENVELOPE_FIELDS.has(top) ? `invalid:${top}` : 'invalid:root';
}

/**
 * `reason` as a label: `invalid:<path>` folds as `rejectReason`, a catalog code stays,
 * anything else is `other` (a guard for every caller, whatever it passes).
 */
export function reasonLabel(reason: string): string {
  if (reason.startsWith('invalid:')) return rejectReason(reason.slice('invalid:'.length));
  return Object.hasOwn(ERROR_MESSAGES, reason) ? reason : OTHER;
}
