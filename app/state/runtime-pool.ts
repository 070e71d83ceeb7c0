/**
 * Settings → Runtime's view of the inference worker's engine pool (profile, memory
 * budget, warm engines with size, last use, busy and queued counts) with an unload per
 * engine, and the journal events pool changes become: an eviction or unload is
 * `models.changed` (op `unloaded`), a reload for a new profile `runtime.health`.
 */
import { createSignal, type Accessor } from 'solid-js';
import { noteOf, type ErrorNote } from '../../core/errors';
import type { MakeEvent } from '../../core/journal/event-factory';
import type { EventEnvelope } from '../../spec';
import type { PoolEvent, PoolState, RuntimePoolClient } from '../worker-clients/runtime-client';
import { formatBytes } from './storage';

export interface RuntimePoolView {
  state: Accessor<PoolState | undefined>;
  /** The last failed call as a catalogue code (render with `describeNote`). */
  error: Accessor<ErrorNote | undefined>;
  refresh(): Promise<void>;
  unload(key: string): Promise<void>;
}

export function createRuntimePoolView(client: Pick<RuntimePoolClient, 'state' | 'unload'>): RuntimePoolView {
  const [state, setState] = createSignal<PoolState>();
  const [error, setError] = createSignal<ErrorNote>();
  const refresh = async () => {
    try {
      setState(await client.state());
      setError(undefined);
    } catch (cause) {
      setError(noteOf(cause));
    }
  };
  return {
    state,
    error,
    refresh,
    async unload(key) {
      try {
        await client.unload(key);
      } catch (cause) {
        setError(noteOf(cause));
      }
      await refresh();
    },
  };
}

/**
 * The journal event for `event`, or undefined for those journaled elsewhere (a load is
 * reported by the model status, a profile switch by the governor).
 */
export function poolEventToJournal(event: PoolEvent, make: MakeEvent): EventEnvelope | undefined {
  switch (event.type) {
    case 'evicted':
      return make(
        'models.changed',
        {
          op: 'unloaded',
          id: event.model.id,
          engine: event.key,
          bytes: event.bytes,
          reason:
            event.reason === 'memory-budget'
              ? 'evicted: warm engines over the memory budget'
              : 'evicted: more warm engines than the profile keeps',
        },
        { code: 'engine-evicted' },
      );
    case 'unloaded':
      return make('models.changed', {
        op: 'unloaded',
        id: event.model.id,
        engine: event.key,
        bytes: event.bytes,
        reason: `unloaded (${formatBytes(event.bytes)} freed)`,
      });
    case 'reloaded':
      return make('runtime.health', {
        component: `inference:${event.model.id}`,
        state: 'ok',
        detail: `reloaded for the ${event.profile} profile: ${event.backend}`,
      });
    case 'reload-failed':
      return make(
        'runtime.health',
        {
          component: `inference:${event.model.id}`,
          state: 'degraded',
          detail: `could not reload for the ${event.profile} profile: ${event.message}`,
        },
        { severity: 'warn' },
      );
    default:
      return undefined;
  }
}
