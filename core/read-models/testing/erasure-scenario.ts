/**
 * Test scenarios for conversation erasure (SPEC §7), shared by core's, the browser
 * journal's and the sync server's tests: conversations with chat episodes (start, a
 * token batch, a policy decision, a lease, completion) and their tombstones, all valid
 * events with deterministic ids (ULIDs from a fake clock and a counter).
 */
import type { EventEnvelope } from '../../../spec';
import { createEventFactory, type MakeEvent } from '../../journal/event-factory';
import { createUlidFactory } from '../../lib/ulid';

/** An event factory for `actor` whose clock starts at `startMs` and moves 1 ms per event. */
export function erasureMaker(options: { actor?: string; startMs?: number; seed?: number } = {}): MakeEvent {
  let now = options.startMs ?? Date.UTC(2026, 11, 1, 12);
  let counter = options.seed ?? 1;
  const bytes = (length: number) => {
    const out = new Uint8Array(length);
    let value = counter++;
    for (let i = length - 1; i >= 0 && value > 0; i--, value = Math.floor(value / 256)) out[i] = value % 256;
    return out;
  };
  return createEventFactory({
    actor: options.actor ?? 'device-a',
    clock: { now: () => now++ },
    newId: createUlidFactory(() => now, bytes),
  });
}

export interface ConversationEvents {
  id: string;
  /** Its episodes' corr ids. */
  corrIds: string[];
  /** Every event the erasure removes: conversation.created|renamed and each episode's events. */
  own: EventEnvelope[];
  /** One `leases.created` per episode (with the episode's corr_id): erasure keeps these. */
  leases: EventEnvelope[];
}

/** A conversation `id` in `project` with `episodes` chat episodes. */
export function conversationEvents(make: MakeEvent, id: string, episodes: number, project = 'p1'): ConversationEvents {
  const own: EventEnvelope[] = [
    make(
      'conversation.created',
      { conversation_id: id, title: `about ${id}`, agent: 'agent:chat' },
      { project_id: project },
    ),
    make('conversation.renamed', { conversation_id: id, title: `renamed ${id}` }, { project_id: project }),
  ];
  const leases: EventEnvelope[] = [];
  const corrIds: string[] = [];
  for (let e = 0; e < episodes; e++) {
    const corr_id = `${id}-e${e}`;
    const ctx = { corr_id, project_id: project };
    corrIds.push(corr_id);
    own.push(make('episode.started', { agent: 'chat', input: `question ${e}`, conversation_id: id }, ctx));
    own.push(make('tokens.out', { seq: 0, count: 2, text: `answer ${e}` }, ctx));
    own.push(
      make(
        'policy.decision',
        {
          decision: 'allow',
          capability: 'net:http',
          scope: 'net://example.org',
          subject: 'chat',
          mode: 'ask',
          by: 'user',
          reason: 'allowed for an hour',
        },
        ctx,
      ),
    );
    own.push(make('episode.completed', { duration_ms: 5 }, ctx));
    leases.push(
      make(
        'leases.created',
        {
          lease: {
            id: `lease-${corr_id}`,
            capability: 'net:http',
            scope: 'net://example.org',
            subject: 'chat',
            granted_by: 'user',
            created: '2026-12-01T12:00:00.000Z',
            ttl_until: '2026-12-01T13:00:00.000Z',
          },
        },
        ctx,
      ),
    );
  }
  return { id, corrIds, own, leases };
}

/** The tombstone of conversation `id`, naming `corrIds` when given. */
export function tombstoneOf(make: MakeEvent, id: string, corrIds?: readonly string[], project = 'p1'): EventEnvelope {
  return make(
    'conversation.deleted',
    { conversation_id: id, ...(corrIds ? { corr_ids: [...corrIds] } : {}) },
    { project_id: project },
  );
}
