/** The status bar tells the truth offline: a server model's "ok" is not claimed while it cannot answer. */
import { expect, test } from 'vitest';
import type { EventEnvelope } from '../../spec';
import { runtimeHealth } from './status';
import { agentLine, OFFLINE_DETAIL, serverOutcomes, truthfulHealth } from './status-truth';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
let n = 0;
const ev = (kind: string, ms: number, payload: Record<string, unknown>, extra: Partial<EventEnvelope> = {}) =>
  ({
    id: `E${++n}`,
    time: new Date(T0 + ms).toISOString(),
    kind,
    v: 1,
    actor: 'device:a',
    payload,
    ...extra,
  }) as EventEnvelope;

const loaded = [
  ev('runtime.health', 0, { component: 'inference:openai:tiny', state: 'ok', detail: 'openai-http' }),
  ev('runtime.health', 0, { component: 'inference:arw-tiny-char', state: 'ok' }),
];

test('offline: a server model reads "offline", an on-device model stays ok', () => {
  const health = truthfulHealth(runtimeHealth(loaded), { online: false, outcomes: new Map() });
  expect(health.map((h) => [h.component, h.state])).toEqual([
    ['inference:arw-tiny-char', 'ok'],
    ['inference:openai:tiny', 'offline'],
  ]);
  expect(health[1]!.detail).toBe(OFFLINE_DETAIL);
  expect(truthfulHealth(runtimeHealth(loaded), { online: true, outcomes: new Map() })[1]!.state).toBe('ok');
});

test('online, but the last episode could not reach the server: "unreachable" until an episode reaches it again', () => {
  const failed = [
    ...loaded,
    ev('episode.started', 10, { agent: 'chat', model: 'openai:tiny' }, { corr_id: 'c1' }),
    ev(
      'episode.error',
      20,
      { message: 'could not reach http://127.0.0.1:9: Failed to fetch' },
      { corr_id: 'c1', code: 'model-server-unreachable', severity: 'error' },
    ),
  ];
  const outcomes = serverOutcomes(failed);
  expect(outcomes.get('openai:tiny')).toMatchObject({ reached: false });
  const health = truthfulHealth(runtimeHealth(failed), { online: true, outcomes });
  expect(health[1]).toMatchObject({ state: 'unreachable', detail: expect.stringContaining('Failed to fetch') });

  // A server error (it answered) is not unreachability; a later completed episode clears it.
  const answered = [
    ...failed,
    ev('episode.started', 30, { agent: 'chat', model: 'openai:tiny' }, { corr_id: 'c2' }),
    ev('episode.completed', 40, { duration_ms: 10 }, { corr_id: 'c2' }),
  ];
  expect(truthfulHealth(runtimeHealth(answered), { online: true, outcomes: serverOutcomes(answered) })[1]!.state).toBe(
    'ok',
  );
  // A reload of the model after the failure (newer health) is believed again.
  const reloaded = [...failed, ev('runtime.health', 50, { component: 'inference:openai:tiny', state: 'ok' })];
  expect(truthfulHealth(runtimeHealth(reloaded), { online: true, outcomes: serverOutcomes(reloaded) })[1]!.state).toBe(
    'ok',
  );
});

test('the agent line before any report: a server model is "offline", not "ready", while the browser is', () => {
  const server = { id: 'openai:tiny', label: 'tiny (127.0.0.1:1234)', demo: false };
  expect(agentLine('ready', server, false)).toBe('tiny (127.0.0.1:1234) offline');
  expect(agentLine('ready', server, true)).toBe('tiny (127.0.0.1:1234) ready');
  expect(agentLine('ready', { id: 'probe', label: 'Probe', demo: true }, false)).toBe('probe agent ready');
  expect(agentLine('loading', undefined, true)).toBe('agent loading…');
});
