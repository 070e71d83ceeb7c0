/** H3: the browser journal holds events to the same depth and size limits as the server, on append and on ingest. */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test } from 'vitest';
import { AppError } from '../../core/errors';
import { EVENT_MAX_BYTES, EVENT_MAX_DEPTH } from '../../spec';
import { openJournal, type JournalHandle } from './journal';
import { createJournalDb } from './schema';
import { createEventMaker, freshDbName, tokenEvent } from './test-support';

const open: JournalHandle[] = [];
async function fresh(options: { limits?: { maxDepth: number; maxBytes: number } } = {}) {
  const journal = await openJournal({ db: createJournalDb(freshDbName()), ...options });
  open.push(journal);
  return { journal, maker: createEventMaker() };
}
afterEach(() => open.splice(0).forEach((journal) => journal.close()));

/** `levels` objects nested in one another, built without recursion. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

function withPayloadExtra(event: ReturnType<typeof tokenEvent>, extra: Record<string, unknown>) {
  return { ...event, payload: { ...event.payload, ...extra } };
}

describe('H3 journal limits', () => {
  test('H3: append refuses a 10,000-deep payload naming payload and the limit, and writes nothing of its batch', async () => {
    const { journal, maker } = await fresh();
    const good = tokenEvent(maker, 0);
    const deep = withPayloadExtra(tokenEvent(maker, 1), { data: nested(10_000) });
    const refusal = await journal.appendBatch([good, deep]).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({
      code: 'event-invalid',
      details: { index: 1, issues: [{ path: 'payload', message: expect.stringContaining(String(EVENT_MAX_DEPTH)) }] },
    });
    expect(await journal.count()).toBe(0);
    await journal.append(good);
    expect(await journal.count()).toBe(1);
  });

  test('H3: append refuses an event over the size limit, naming its size and the limit', async () => {
    const { journal, maker } = await fresh();
    const big = tokenEvent(maker, 0, {}, EVENT_MAX_BYTES + 1);
    const refusal = await journal.append(big).catch((error: unknown) => error);
    expect(refusal).toMatchObject({
      code: 'event-invalid',
      details: { issues: [{ path: 'payload', message: expect.stringContaining(`limit is ${EVENT_MAX_BYTES} bytes`) }] },
    });
    expect(await journal.count()).toBe(0);
  });

  test('H3: ingest from sync reports deep and oversized events alone and stores their neighbours', async () => {
    const { journal, maker } = await fresh();
    const before = tokenEvent(maker, 0, { project_id: 'p1' });
    const deep = withPayloadExtra(tokenEvent(maker, 1, { project_id: 'p1' }), { data: nested(4_100) });
    const big = tokenEvent(maker, 2, { project_id: 'p1' }, EVENT_MAX_BYTES + 10);
    const after = tokenEvent(maker, 3, { project_id: 'p1' });
    const result = await journal.ingest([before, deep, big, after]);
    expect(result.stored.map((event) => event.id)).toEqual([before.id, after.id]);
    expect(result.invalid).toEqual([
      {
        index: 1,
        id: deep.id,
        issues: [{ path: 'payload', message: expect.stringContaining(String(EVENT_MAX_DEPTH)) }],
      },
      {
        index: 2,
        id: big.id,
        issues: [{ path: 'payload', message: expect.stringContaining(String(EVENT_MAX_BYTES)) }],
      },
    ]);
    expect(await journal.count()).toBe(2);
  });

  test('H3: the journal takes configured limits for append and ingest', async () => {
    const { journal, maker } = await fresh({ limits: { maxDepth: 3, maxBytes: 100_000 } });
    const fourDeep = withPayloadExtra(tokenEvent(maker, 0), { data: nested(3) });
    await expect(journal.append(fourDeep)).rejects.toMatchObject({ code: 'event-invalid' });
    const ingested = await journal.ingest([withPayloadExtra(tokenEvent(maker, 1), { data: nested(3) })]);
    expect(ingested.invalid).toHaveLength(1);
    await journal.append(withPayloadExtra(tokenEvent(maker, 2), { data: nested(2) }));
    expect(await journal.count()).toBe(1);
  });
});
