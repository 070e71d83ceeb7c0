/**
 * Whether the server journal takes one event, decided from the input alone (no SQL):
 * bounds and contract (spec/validate.ts), a `time` no further ahead of the server's
 * clock than the tolerance (H4), then the caller's own check (project scope). Never
 * throws: whatever goes wrong while judging one event becomes that event's rejection.
 */
import { messageOf } from '../../core/errors/thrown';
import type { EventEnvelope } from '../../spec/envelope';
import type { EventLimits } from '../../spec/limits';
import { validateEvent, type FieldIssue } from '../../spec/validate';

export interface AdmissionRules {
  limits: EventLimits;
  /** Largest lead of `time` over `now`, in ms. */
  maxFutureMs: number;
  /** The server's clock when the batch arrived (ms). */
  now: number;
  admit?: (event: EventEnvelope) => FieldIssue[] | undefined;
}

export type Admission =
  { ok: true; event: EventEnvelope; json: string } | { ok: false; id?: string; issues: FieldIssue[] };

/** The verdict on `input`, with the JSON to store when it is admitted. */
export function admitEvent(input: unknown, rules: AdmissionRules): Admission {
  const id = idOf(input);
  const refuse = (issues: FieldIssue[]): Admission => ({ ok: false, ...(id === undefined ? {} : { id }), issues });
  try {
    const checked = validateEvent(input, { limits: rules.limits });
    if (!checked.ok) return refuse(checked.issues);
    const event = checked.event;
    const ahead = Date.parse(event.time) - rules.now;
    if (ahead > rules.maxFutureMs) return refuse([futureIssue(event.time, rules)]);
    const issues = rules.admit?.(event);
    if (issues !== undefined && issues.length > 0) return refuse(issues);
    return { ok: true, event, json: JSON.stringify(event) };
  } catch (error) {
    return refuse([
      { path: '(root)', message: `the server could not check this event (${messageOf(error)}); it was not stored` },
    ]);
  }
}

function futureIssue(time: string, rules: AdmissionRules): FieldIssue {
  const tolerance = Math.round(rules.maxFutureMs / 1000);
  return {
    path: 'time',
    message: `${time} is more than ${tolerance} s ahead of the server's clock (${new Date(rules.now).toISOString()}); the tolerance is ${tolerance} s: check the device's clock`,
  };
}

function idOf(input: unknown): string | undefined {
  try {
    const id = (input as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id.slice(0, 128) : undefined;
  } catch {
    return undefined;
  }
}
