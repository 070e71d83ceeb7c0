import { describe, expect, test } from 'vitest';
import type { StoredEvent } from '../../../core/journal/types';
import type { EpisodeSummary } from '../../../core/read-models';
import { conversationEntries, episodeEntries, recentScopes } from './palette-sources';

let seq = 0;
const event = (kind: string, payload: Record<string, unknown>, corr_id?: string): StoredEvent => ({
  id: `01J0000000000000000000${String(++seq).padStart(4, '0')}`,
  time: '2026-12-01T10:00:00.000Z',
  kind,
  v: 1,
  actor: 'dev',
  payload,
  seq,
  ...(corr_id ? { corr_id } : {}),
});

const summary = (id: string, over: Partial<EpisodeSummary> = {}): EpisodeSummary =>
  ({
    id,
    status: 'completed',
    start: '2026-12-01T10:00:00.000Z',
    first_kind: 'episode.started',
    ...over,
  }) as EpisodeSummary;

describe('episodes', () => {
  test('labelled by their first input, with the model, status and start', () => {
    const events = [event('episode.started', { agent: 'chat', input: 'what   time\nis it', model: 'probe' }, 'E1')];
    expect(episodeEntries([summary('E1')], events)).toEqual([
      { id: 'E1', label: 'what time is it', detail: 'probe · completed · 2026-12-01 10:00' },
    ]);
  });
  test('without a start event in memory the label says which episode it is', () => {
    const [entry] = episodeEntries([summary('01ABCDEFGHJKMN', { first_kind: 'obs.recorded', status: 'running' })], []);
    expect(entry!.label).toBe('Episode GHJKMN (obs.recorded)');
  });
  test('long inputs are clipped', () => {
    const events = [event('episode.started', { agent: 'chat', input: 'x'.repeat(200) }, 'E2')];
    expect(episodeEntries([summary('E2')], events)[0]!.label).toHaveLength(72);
  });
});

describe('conversations', () => {
  test('newest first, renamed, deleted ones left out', () => {
    const events = [
      event('conversation.created', { conversation_id: 'c1', title: 'First', agent: 'agent:chat' }),
      event('conversation.created', { conversation_id: 'c2', title: 'Second', agent: 'recipe:x' }),
      event('conversation.created', { conversation_id: 'c3', title: 'Third', agent: 'agent:chat' }),
      event('conversation.renamed', { conversation_id: 'c1', title: 'First, renamed' }),
      event('conversation.deleted', { conversation_id: 'c3' }),
    ];
    expect(conversationEntries(events)).toEqual([
      { id: 'c2', title: 'Second', agent: 'recipe:x' },
      { id: 'c1', title: 'First, renamed', agent: 'agent:chat' },
    ]);
  });
});

describe('recent scopes for the grant grammar', () => {
  test('lease scopes first, then fetched hosts and policy scopes, newest first, each once', () => {
    const events = [
      event('tool.invoked', { tool: 'http.fetch', call_id: '1', input: { url: 'https://old.example/a' } }),
      event('policy.prompt', { prompt_id: 'p', capability: 'net:http', scope: 'net://asked.example', subject: 's' }),
      event('tool.invoked', { tool: 'files.read', call_id: '2', input: { path: 'notes/a.md' } }),
      event('tool.invoked', { tool: 'http.fetch', call_id: '3', input: { url: 'http://127.0.0.1:8123/page' } }),
      event('tool.invoked', { tool: 'http.fetch', call_id: '4', input: { url: 'not a url' } }),
    ];
    const leases = [{ scope: 'net://leased.example' }, { scope: 'path://docs/*' }, {}];
    expect(recentScopes(events, leases)).toEqual({
      hosts: ['leased.example', '127.0.0.1:8123', 'asked.example', 'old.example'],
      paths: ['docs/*', 'notes/a.md'],
    });
  });
});
