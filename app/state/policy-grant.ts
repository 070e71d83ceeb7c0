/**
 * A grant from the person (Settings, the palette) as events: the `policy.decision` that
 * records who allowed what, then the `leases.created` with the lease. Checks the input
 * first and refuses a bad field with a message naming it; writes nothing itself.
 */
import { AppError } from '../../core/errors';
import type { MakeEvent } from '../../core/journal/event-factory';
import { isoTime } from '../../core/lib/clock';
import type { Lease } from '../../core/policy/types';
import type { EventEnvelope } from '../../spec';
import { checkGrantInput } from './policy-input';

export interface GrantInput {
  capability: string;
  /** A scope, a bare host, URL or path; empty or absent covers every scope. */
  scope?: string;
  ttl_secs: number;
  /** Defaults to `*`: any agent of this person. */
  subject?: string;
  reason?: string;
}

export interface GrantContext {
  make: MakeEvent;
  newId: () => string;
  actor: string;
  now: number;
  project_id: string | undefined;
}

/** The lease and its two events; throws `policy-grant-invalid` for bad input. */
export function grantEvents(input: GrantInput, context: GrantContext): { lease: Lease; events: EventEnvelope[] } {
  const checked = checkGrantInput(input);
  if (!checked.ok) {
    const message = checked.error.map((e) => `${e.field}: ${e.message}`).join('; ');
    throw new AppError('policy-grant-invalid', `invalid grant: ${message}`, { details: checked.error });
  }
  const { capability, scope, ttl_secs } = checked.value;
  const { make, actor, now, project_id } = context;
  const scoped = scope === undefined ? {} : { scope };
  const lease: Lease = {
    id: context.newId(),
    capability,
    ...scoped,
    subject: input.subject ?? '*',
    granted_by: actor,
    ...(input.reason === undefined ? {} : { reason: input.reason }),
    created: now,
    ttl_until: now + ttl_secs * 1000,
  };
  const decision = make(
    'policy.decision',
    {
      decision: 'allow',
      capability,
      ...scoped,
      subject: lease.subject,
      mode: 'allow',
      lease_id: lease.id,
      ttl_secs,
      by: actor,
      reason: input.reason ?? 'granted by the person',
    },
    { project_id },
  );
  const wire = { ...lease, created: isoTime(lease.created), ttl_until: isoTime(lease.ttl_until) };
  const created = make('leases.created', { lease: wire }, { project_id });
  return { lease: project_id === undefined ? lease : { ...lease, project_id }, events: [decision, created] };
}
