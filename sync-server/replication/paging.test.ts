/** Pages of a view (issue 13 item 6): cursors are sort keys, so items leaving or arriving between pages shift nothing. */
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, EPISODE_ORDER, pageOf, POSITION_ORDER, TIME_ID_ORDER } from './paging';

const item = (i: number) => ({
  id: `id-${String(i).padStart(3, '0')}`,
  time: `2026-12-01T12:00:${String(i % 60).padStart(2, '0')}.000Z`,
});

describe('pageOf', () => {
  it('walks a view in pages of `limit`, each item once, and says when more remain', () => {
    const items = Array.from({ length: 25 }, (_, i) => item(i)).sort((a, b) =>
      TIME_ID_ORDER.compare(TIME_ID_ORDER.key(a, 0), TIME_ID_ORDER.key(b, 0)),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 1; ; pages++) {
      const page = pageOf(
        items,
        TIME_ID_ORDER,
        10,
        cursor === undefined ? undefined : decodeCursor(cursor, TIME_ID_ORDER),
      );
      seen.push(...page.items.map((one) => one.id));
      if (page.next_cursor === undefined) {
        expect(pages).toBe(3);
        break;
      }
      cursor = page.next_cursor;
    }
    expect(seen).toEqual(items.map((one) => one.id));
  });

  it('an item that left the view since the last page does not shift the next one', () => {
    const items = [item(1), item(2), item(3), item(4)];
    const first = pageOf(items, TIME_ID_ORDER, 2);
    const next = pageOf([item(1), item(3), item(4)], TIME_ID_ORDER, 2, decodeCursor(first.next_cursor!, TIME_ID_ORDER));
    expect(next.items.map((one) => one.id)).toEqual(['id-003', 'id-004']);
    expect(next.next_cursor).toBeUndefined();
  });

  it('episodes are newest activity first; a cursor of another order or a broken one does not decode', () => {
    const episodes = [
      { id: 'b', last: '2026-12-01T12:00:02.000Z' },
      { id: 'a', last: '2026-12-01T12:00:01.000Z' },
      { id: 'c', last: '2026-12-01T12:00:01.000Z' },
    ];
    const page = pageOf(episodes, EPISODE_ORDER, 2);
    expect(pageOf(episodes, EPISODE_ORDER, 2, decodeCursor(page.next_cursor!, EPISODE_ORDER)).items).toEqual([
      episodes[2],
    ]);
    expect(decodeCursor(encodeCursor([3]), EPISODE_ORDER)).toBeUndefined();
    expect(decodeCursor(encodeCursor([3]), POSITION_ORDER)).toEqual([3]);
    expect(decodeCursor(encodeCursor([-1]), POSITION_ORDER)).toBeUndefined();
    expect(decodeCursor('%%%', EPISODE_ORDER)).toBeUndefined();
    expect(decodeCursor(Buffer.from('{"x":1}').toString('base64url'), EPISODE_ORDER)).toBeUndefined();
  });
});
