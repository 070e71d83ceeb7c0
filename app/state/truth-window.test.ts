import { createRoot, createSignal } from 'solid-js';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../core/journal/types';
import { compactJson, createTruthWindow, parsePrefixes, truthRows } from './truth-window';

const ev = (id: string, kind: string): StoredEvent => ({
  id,
  seq: 0,
  time: '2026-01-01T00:00:00.000Z',
  kind,
  v: 1,
  actor: 'a',
  payload: {},
});

describe('truthRows', () => {
  it('lists newest first, filtered by kind prefixes, capped', () => {
    const events = [ev('1', 'tool.invoked'), ev('2', 'obs.recorded'), ev('3', 'tool.ran'), ev('4', 'policy.decision')];
    expect(truthRows(events, '').map((e) => e.id)).toEqual(['4', '3', '2', '1']);
    expect(truthRows(events, 'tool., policy.').map((e) => e.id)).toEqual(['4', '3', '1']);
    expect(truthRows(events, '', 2).map((e) => e.id)).toEqual(['4', '3']);
  });
  it('parses comma-separated prefixes', () => {
    expect(parsePrefixes(' a., ,b ')).toEqual(['a.', 'b']);
  });
  it('cuts long JSON', () => {
    expect(compactJson({ a: 'x'.repeat(500) }, 20)).toHaveLength(20);
  });
});

describe('createTruthWindow', () => {
  it('pause freezes the rows and counts what arrived meanwhile', () => {
    createRoot((dispose) => {
      const [events, setEvents] = createSignal<readonly StoredEvent[]>([ev('1', 'obs.recorded')]);
      const truth = createTruthWindow(events);
      truth.setPaused(true);
      setEvents([ev('1', 'obs.recorded'), ev('2', 'obs.recorded'), ev('3', 'tool.ran')]);
      expect(truth.rows().map((e) => e.id)).toEqual(['1']);
      expect(truth.missed()).toBe(2);
      truth.setPaused(false);
      expect(truth.rows().map((e) => e.id)).toEqual(['3', '2', '1']);
      truth.setPrefix('tool.');
      expect(truth.rows().map((e) => e.id)).toEqual(['3']);
      dispose();
    });
  });
});
