/** The outbox: pending until acknowledged, resent after a disconnect, never sent twice at once. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../spec/envelope';
import { createCursorBook } from './cursors';
import { createOutbox } from './outbox';

const event = (i: number) =>
  ({
    id: `E${String(i).padStart(25, '0')}`,
    time: '2026-01-01T00:00:00.000Z',
    kind: 'obs.recorded',
    v: 1,
    actor: 'a',
    payload: { source: 's' },
  }) as EventEnvelope;

describe('outbox', () => {
  it('batches pending events, settles acks (rejected returned with issues) and de-dups adds', () => {
    const outbox = createOutbox({ batchPrefix: 'd', maxBatch: 2 });
    outbox.add([event(1), event(2), event(3), event(1)]);
    const b1 = outbox.nextBatch()!;
    const b2 = outbox.nextBatch()!;
    expect(b1.events.map((e) => e.id)).toEqual([event(1).id, event(2).id]);
    expect(b2.events).toEqual([event(3)]);
    expect(outbox.nextBatch()).toBeUndefined();
    const rejected = outbox.ack({
      batch_id: b1.batch_id,
      accepted: [{ id: event(1).id, server_seq: 1 }],
      duplicates: [],
      rejected: [{ index: 1, issues: [{ path: 'kind', message: 'bad' }] }],
    });
    expect(rejected).toEqual([{ event: event(2), issues: [{ path: 'kind', message: 'bad' }] }]);
    expect(outbox.pendingCount()).toBe(1);
    expect(outbox.ack({ batch_id: 'unknown', accepted: [], duplicates: [], rejected: [] })).toEqual([]);
  });

  it('random sends, acks and disconnects: every event is settled exactly once and nothing is left behind', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('send', 'ack', 'drop', 'add'), { maxLength: 200 }), (ops) => {
        const outbox = createOutbox({ batchPrefix: 'd', maxBatch: 3 });
        let next = 0;
        const settled = new Map<string, number>();
        let flying: { batch_id: string; events: EventEnvelope[] }[] = [];
        const settle = (batch: { batch_id: string; events: EventEnvelope[] }) => {
          outbox.ack({
            batch_id: batch.batch_id,
            accepted: batch.events.map((e, i) => ({ id: e.id, server_seq: i + 1 })),
            duplicates: [],
            rejected: [],
          });
          for (const e of batch.events) settled.set(e.id, (settled.get(e.id) ?? 0) + 1);
        };
        for (const op of ops) {
          if (op === 'add') outbox.add([event(next++), event(next++)]);
          if (op === 'send') {
            const batch = outbox.nextBatch();
            if (batch) flying.push(batch);
          }
          if (op === 'ack' && flying.length > 0) settle(flying.shift()!);
          if (op === 'drop') {
            outbox.resetInFlight();
            flying = [];
          }
        }
        for (const batch of flying) settle(batch);
        for (let batch = outbox.nextBatch(); batch; batch = outbox.nextBatch()) settle(batch);
        expect(outbox.pendingCount()).toBe(0);
        expect(settled.size).toBe(next);
      }),
    );
  });
});

describe('cursor book', () => {
  it('only moves forward and lists subscriptions', () => {
    const book = createCursorBook([{ project_id: 'p1', after: 5 }]);
    book.advance('p1', 3);
    book.advance('p1', 9);
    book.track('p2');
    book.track('p1');
    expect(book.subscriptions()).toEqual([
      { project_id: 'p1', after: 9 },
      { project_id: 'p2', after: 0 },
    ]);
  });
});
