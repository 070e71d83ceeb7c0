/**
 * One episode's permission story in order: what was asked, what the person answered,
 * what the decision point decided and why, and the leases made or ended on the way.
 */
import { For, Show } from 'solid-js';
import type { StoredEvent } from '../../../core/journal/types';
import { clockTime } from '../../lib/format';
import { describeCapability, formatDuration } from './capability-words';

type Line = { title: string; detail?: string; tone: 'ok' | 'warn' | 'error' | 'info' };

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function what(p: Record<string, unknown>): string {
  const capability = text(p['capability']) ?? '?';
  const scope = text(p['scope']);
  const tool = text(p['tool']);
  return `${describeCapability(capability, scope)}${tool ? ` (${tool})` : ''}`;
}

/** The words for one policy or lease event. */
export function decisionLine(event: StoredEvent): Line {
  const p = event.payload;
  switch (event.kind) {
    case 'policy.prompt':
      return { title: `Asked to ${what(p)}`, detail: text(p['reason']), tone: 'warn' };
    case 'policy.allow':
      return { title: `You allowed: ${what(p)}`, tone: 'ok' };
    case 'policy.deny':
      return { title: `You denied: ${what(p)}`, tone: 'error' };
    case 'policy.decision': {
      const allowed = p['decision'] === 'allow' || p['allow'] === true;
      return {
        title: `${allowed ? 'Allowed' : 'Denied'}: ${what(p)}`,
        detail: text(p['reason']),
        tone: allowed ? 'ok' : 'error',
      };
    }
    case 'leases.created': {
      const lease = (p['lease'] ?? {}) as Record<string, unknown>;
      const length = Date.parse(String(lease['ttl_until'])) - Date.parse(String(lease['created']));
      return {
        title: `Lease for ${Number.isFinite(length) ? formatDuration(length) : '?'}: ${what(lease)}`,
        tone: 'ok',
      };
    }
    case 'leases.revoked':
      return { title: 'Lease revoked', detail: text(p['reason']), tone: 'warn' };
    case 'leases.expired':
      return { title: 'Lease expired', tone: 'info' };
    case 'policy.never.added':
      return { title: `Never: ${what(p)}`, tone: 'error' };
    case 'policy.never.removed':
      return { title: `Never removed: ${what(p)}`, tone: 'info' };
    default:
      return { title: event.kind, tone: 'info' };
  }
}

export function DecisionList(props: { events: readonly StoredEvent[]; empty?: string }) {
  return (
    <Show
      when={props.events.length > 0}
      fallback={<p class="empty">{props.empty ?? 'No permission was needed in this episode.'}</p>}
    >
      <ol class="plain decision-list">
        <For each={props.events}>
          {(event) => {
            const line = decisionLine(event);
            return (
              <li class={`decision tone-${line.tone}`} data-testid="decision" data-kind={event.kind}>
                <span class="tl-time num">{clockTime(event.time)}</span> <span>{line.title}</span>
                <Show when={line.detail}>{(detail) => <div class="muted decision-detail">{detail()}</div>}</Show>
              </li>
            );
          }}
        </For>
      </ol>
    </Show>
  );
}
