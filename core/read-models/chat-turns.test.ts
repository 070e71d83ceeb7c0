import { describe, expect, it } from 'vitest';
import { createEventFactory } from '../journal/event-factory';
import { deriveTurns, historyOf } from './chat-turns';

let ms = Date.parse('2026-01-01T00:00:00.000Z');
let n = 0;
const make = createEventFactory({
  actor: 'device:t',
  clock: { now: () => (ms += 5) },
  newId: () => `01J${String(++n).padStart(23, '0')}`,
});

function episode(
  corr: string,
  text: string,
  reply: string,
  end: 'completed' | 'canceled' | 'error' | 'running' = 'completed',
  agent = 'probe',
) {
  const c = { corr_id: corr };
  const events = [
    make('episode.started', { agent, input: text }, c),
    make('obs.recorded', { source: 'user', text }, c),
    make('tokens.in', { count: 1, text: `user: ${text}` }, c),
    make('tokens.out', { seq: 0, count: 1, text: reply.slice(0, 3) }, c),
    make('tokens.out', { seq: 1, count: 1, text: reply.slice(3) }, c),
  ];
  if (end === 'completed')
    events.push(
      make('actions.taken', { action: 'reply', ok: true, output: { text: reply } }, c),
      make('episode.completed', { duration_ms: 9 }, c),
    );
  if (end === 'canceled') events.push(make('episode.canceled', { reason: 'stop' }, c));
  if (end === 'error') events.push(make('episode.error', { message: 'model broke' }, c));
  return events;
}

describe('deriveTurns', () => {
  it('builds one turn per episode with the user text, the reply and the status', () => {
    const events = [
      ...episode('A', 'hi', 'hello there'),
      ...episode('B', 'stop me', 'partial', 'canceled'),
      ...episode('C', 'x', '', 'error'),
    ];
    const turns = deriveTurns(events.reverse());
    expect(turns.map((t) => [t.corrId, t.user, t.reply, t.status])).toEqual([
      ['A', 'hi', 'hello there', 'completed'],
      ['B', 'stop me', 'partial', 'canceled'],
      ['C', 'x', '', 'error'],
    ]);
    expect(turns[0]!.prompt).toBe('user: hi');
    expect(turns[2]!.error).toBe('model broke');
  });

  it('concatenates streamed tokens of a running episode', () => {
    const turns = deriveTurns(episode('R', 'go', 'streaming', 'running'));
    expect(turns[0]).toMatchObject({ reply: 'streaming', status: 'running' });
  });

  it('leaves out other agents and episodes without user input, and keeps the newest `limit`', () => {
    const events = [
      ...episode('A', 'one', 'r1'),
      ...episode('B', 'two', 'r2', 'completed', 'trainer'),
      make('tool.invoked', { tool: 't', call_id: 'k' }, { corr_id: 'Z' }),
      ...episode('C', 'three', 'r3'),
    ];
    expect(deriveTurns(events, { agent: 'probe' }).map((t) => t.corrId)).toEqual(['A', 'C']);
    expect(deriveTurns(events, { agent: 'probe', limit: 1 }).map((t) => t.corrId)).toEqual(['C']);
  });
});

describe('historyOf', () => {
  it('turns finished turns into user/assistant messages', () => {
    const turns = deriveTurns([...episode('A', 'hi', 'hello'), ...episode('B', 'more', 'x', 'running')]);
    expect(historyOf(turns)).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
    ]);
  });
});

describe('deriveTurns per conversation (SPEC §7)', () => {
  it("keeps only the conversation's episodes; episodes without conversation_id are the project's earlier messages", () => {
    const started = (corr: string, text: string, extra: Record<string, unknown>, project?: string) => {
      const c = { corr_id: corr, ...(project ? { project_id: project } : {}) };
      return [
        make('episode.started', { agent: 'chat', input: text, ...extra }, c),
        make('obs.recorded', { source: 'user', text }, c),
      ];
    };
    const events = [
      ...started('A', 'in one', { conversation_id: 'c1' }),
      ...started('B', 'in two', { conversation_id: 'c2' }),
      ...started('C', 'old personal', {}),
      ...started('D', 'old in p1', {}, 'p1'),
    ];
    expect(deriveTurns(events, { conversation: 'c1' }).map((t) => t.corrId)).toEqual(['A']);
    expect(deriveTurns(events, { conversation: 'legacy:~personal' }).map((t) => t.corrId)).toEqual(['C']);
    expect(deriveTurns(events, { conversation: 'legacy:p1' }).map((t) => t.corrId)).toEqual(['D']);
    expect(deriveTurns(events).map((t) => t.corrId)).toEqual(['A', 'B', 'C', 'D']);
  });
});
