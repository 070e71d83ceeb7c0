import { describe, expect, it } from 'vitest';
import {
  approxValueSize,
  classifyCache,
  classifyDatabase,
  classifyFileEntry,
  composeBreakdown,
  extrapolate,
  quotaLevel,
  type MeasuredStores,
} from './storage-breakdown';

const measured: MeasuredStores = {
  databases: [
    { name: 'arw-journal', bytes: 6000, counts: { events: 1200, meta: 3 }, approximate: true },
    { name: 'arw-journal-backup-v3', bytes: 1000, counts: { events: 100 }, approximate: true },
    { name: 'arw-yjs:p1/thread/main', bytes: 2000, counts: { updates: 4 }, approximate: true },
    { name: 'someone-else', bytes: 1000, counts: {}, approximate: true },
  ],
  caches: [
    { name: 'workbox-precache-v2-http://x/', bytes: 300, approximate: false },
    { name: 'arw-inference', bytes: 700, approximate: false },
    { name: 'webllm/model', bytes: 5000, approximate: false },
  ],
  files: [
    { name: 'arw-models', bytes: 8000, approximate: false },
    { name: 'arw-files', bytes: 100, approximate: true },
  ],
};

const row = (breakdown: ReturnType<typeof composeBreakdown>, id: string) => breakdown.rows.find((r) => r.id === id)!;

describe('storage breakdown', () => {
  it('sorts databases, caches and OPFS entries into their stores', () => {
    expect(classifyDatabase('arw-journal')).toBe('journal');
    expect(classifyDatabase('arw-journal-backup-v3')).toBe('journal');
    expect(classifyDatabase('arw-yjs:p1/notes')).toBe('yjs');
    expect(classifyDatabase('other')).toBe('other');
    expect(classifyCache('webllm/wasm')).toBe('models');
    expect(classifyCache('workbox-precache-v2')).toBe('caches');
    expect(classifyCache('arw-inference')).toBe('caches');
    expect(classifyFileEntry('arw-models')).toBe('models');
    expect(classifyFileEntry('arw-files')).toBe('other');
  });

  it('extrapolates a sample to the row count, and is 0 without a sample', () => {
    expect(extrapolate(5000, 50, 1_000_000)).toBe(100_000_000);
    expect(extrapolate(120, 3, 3)).toBe(120);
    expect(extrapolate(0, 0, 10)).toBe(0);
    expect(extrapolate(100, 10, 0)).toBe(0);
  });

  it('sizes values by their content: text by length, binary by bytes, objects summed with keys', () => {
    expect(approxValueSize('hello')).toBe(5);
    expect(approxValueSize(new Uint8Array(300))).toBe(300);
    expect(approxValueSize(new ArrayBuffer(64))).toBe(64);
    expect(approxValueSize({ id: 'abc', n: 1 })).toBe(2 + 2 + 3 + 1 + 8);
    expect(approxValueSize([1, 2])).toBe(2 + 16);
    // A deep structure is bounded, not walked forever.
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = { d: deep };
    expect(approxValueSize(deep)).toBeLessThan(100);
  });

  it('without usageDetails: rows sum the measured figures and Other takes the rest of the usage', () => {
    const breakdown = composeBreakdown(measured, { usage: 40_000, quota: 100_000 });
    expect(breakdown.rows.map((r) => r.id)).toEqual(['journal', 'yjs', 'models', 'caches', 'other']);
    expect(row(breakdown, 'journal').bytes).toBe(7000);
    expect(row(breakdown, 'journal').approximate).toBe(true);
    expect(row(breakdown, 'yjs').bytes).toBe(2000);
    expect(row(breakdown, 'models')).toMatchObject({ bytes: 13_000, approximate: false });
    expect(row(breakdown, 'caches')).toMatchObject({ bytes: 1000, approximate: false });
    // 1000 (someone-else) + 100 (arw-files) + the 16,900 no store accounts for.
    expect(row(breakdown, 'other').bytes).toBe(40_000 - 7000 - 2000 - 13_000 - 1000);
    expect(row(breakdown, 'other').parts).toContain('not attributed to a store');
    expect(breakdown.rows.reduce((sum, r) => sum + r.bytes, 0)).toBe(40_000);
    expect(breakdown.journalEvents).toBe(1200);
    expect(breakdown.quota).toBe(100_000);
  });

  it("scales the databases' logical sizes to the browser's IndexedDB usage where it reports one", () => {
    const breakdown = composeBreakdown(measured, { usage: 50_000, quota: 1e6, usageDetails: { indexedDB: 20_000 } });
    // 10,000 logical bytes over 20,000 on disk: ×2 each.
    expect(row(breakdown, 'journal').bytes).toBe(14_000);
    expect(row(breakdown, 'yjs').bytes).toBe(4000);
    expect(breakdown.rows.reduce((sum, r) => sum + r.bytes, 0)).toBe(50_000);
  });

  it('never shows a negative Other when the estimates exceed the usage', () => {
    const breakdown = composeBreakdown(measured, { usage: 100 });
    expect(row(breakdown, 'other').bytes).toBe(1100);
    expect(composeBreakdown({ databases: [], caches: [], files: [] }, undefined).rows.every((r) => r.bytes === 0)).toBe(
      true,
    );
  });
});

describe('quota level', () => {
  it('warns from 80 % and is critical from 95 %', () => {
    expect(quotaLevel({ usage: 79, quota: 100 })).toBe('ok');
    expect(quotaLevel({ usage: 80, quota: 100 })).toBe('warning');
    expect(quotaLevel({ usage: 94.9, quota: 100 })).toBe('warning');
    expect(quotaLevel({ usage: 95, quota: 100 })).toBe('critical');
    expect(quotaLevel({ usage: 120, quota: 100 })).toBe('critical');
  });

  it('is unknown without both figures', () => {
    expect(quotaLevel(undefined)).toBe('unknown');
    expect(quotaLevel({ usage: 10 })).toBe('unknown');
    expect(quotaLevel({ usage: 10, quota: 0 })).toBe('unknown');
  });
});
