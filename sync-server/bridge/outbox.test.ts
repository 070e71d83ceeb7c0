import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createOutbox } from './outbox';

describe('bridge outbox', () => {
  it('merges Yjs updates per document on overflow before dropping the oldest events', () => {
    const outbox = createOutbox(3);
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 5; i++) doc.getText('t').insert(0, `${i}`);
    outbox.push({ subject: 'arw.events.p.a', data: new Uint8Array([1]), msgId: 'e1' });
    for (const update of updates) outbox.push({ subject: 'arw.yjs.d', data: update, doc: 'd' });
    outbox.push({ subject: 'arw.events.p.b', data: new Uint8Array([2]), msgId: 'e2' });
    outbox.push({ subject: 'arw.events.p.c', data: new Uint8Array([3]), msgId: 'e3' });
    expect(outbox.size()).toBe(3);
    expect(outbox.dropped()).toBe(1);
    const items = outbox.peek(10);
    expect(items.map((item) => item.msgId ?? item.doc)).toEqual(['d', 'e2', 'e3']);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, items[0]!.data);
    expect(copy.getText('t').toString()).toBe('43210');
    outbox.remove(items.slice(0, 2));
    expect(outbox.peek(10).map((item) => item.msgId)).toEqual(['e3']);
  });
});
