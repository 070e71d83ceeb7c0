/** Range planning: resume at the last whole chunk, ranges cover the file exactly, answers are checked. */
import { describe, expect, it } from 'vitest';
import { checkRangeResponse, nextRange, parseContentRange, rangeHeader, resumeOffset } from './chunk-plan';
import { isUsable, nextStoredState } from './download-state';
import { pickEvictions } from './lru';

describe('chunk plan', () => {
  it('resumes at the last whole chunk stored', () => {
    expect(resumeOffset(0, 100, 1000)).toBe(0);
    expect(resumeOffset(250, 100, 1000)).toBe(200);
    expect(resumeOffset(300, 100, 1000)).toBe(300);
    expect(resumeOffset(1000, 100, 1000)).toBe(1000);
    expect(resumeOffset(1200, 100, 1000)).toBe(1000);
  });

  it('plans ranges that tile the file with a short last chunk', () => {
    const ranges = [];
    for (let at = 0, r = nextRange(at, 400, 1000); r; at = r.end + 1, r = nextRange(at, 400, 1000))
      ranges.push(rangeHeader(r));
    expect(ranges).toEqual(['bytes=0-399', 'bytes=400-799', 'bytes=800-999']);
    expect(nextRange(1000, 400, 1000)).toBeUndefined();
  });

  it('accepts only a 206 with the asked Content-Range (or a 200 for the whole file)', () => {
    const range = { start: 400, end: 799 };
    expect(parseContentRange('bytes 400-799/1000')).toEqual({ start: 400, end: 799, total: 1000 });
    expect(checkRangeResponse(206, 'bytes 400-799/1000', range, 1000)).toBeUndefined();
    expect(checkRangeResponse(206, 'bytes 400-799/*', range, 1000)).toBeUndefined();
    expect(checkRangeResponse(206, 'bytes 0-399/1000', range, 1000)).toMatch(/asked for bytes 400-799/);
    expect(checkRangeResponse(206, 'bytes 400-799/2000', range, 1000)).toMatch(/manifest says 1000/);
    expect(checkRangeResponse(200, null, range, 1000)).toMatch(/ignores HTTP Range/);
    expect(checkRangeResponse(200, null, { start: 0, end: 999 }, 1000)).toBeUndefined();
    expect(checkRangeResponse(416, null, range, 1000)).toMatch(/HTTP 416/);
  });
});

describe('stored file states', () => {
  it('a partial or corrupt file never becomes cached', () => {
    expect(nextStoredState('partial', { type: 'verify', downloaded: 10, total: 20 })).toHaveProperty('illegal');
    expect(nextStoredState('partial', { type: 'hash-checked', matches: true })).toHaveProperty('illegal');
    expect(nextStoredState('partial', { type: 'verify', downloaded: 20, total: 20 })).toBe('verifying');
    expect(nextStoredState('verifying', { type: 'hash-checked', matches: false })).toBe('discard');
    expect(nextStoredState('verifying', { type: 'hash-checked', matches: true })).toBe('cached');
    expect(isUsable({ state: 'cached', downloaded: 20, bytes: 20 })).toBe(true);
    expect(isUsable({ state: 'cached', downloaded: 19, bytes: 20 })).toBe(false);
    expect(isUsable({ state: 'verifying', downloaded: 20, bytes: 20 })).toBe(false);
  });
});

describe('LRU eviction', () => {
  const models = [
    { key: 'a', bytes: 100, lastUsed: 3, state: 'cached' },
    { key: 'b', bytes: 100, lastUsed: 1, state: 'cached' },
    { key: 'c', bytes: 100, lastUsed: 2, state: 'cached' },
    { key: 'p', bytes: 500, lastUsed: 0, state: 'partial' },
  ];
  it('evicts the least recently used whole models until enough is free', () => {
    expect(pickEvictions(models, 50, 40)).toEqual([]);
    expect(pickEvictions(models, 50, 120)).toEqual(['b']);
    expect(pickEvictions(models, 50, 220)).toEqual(['b', 'c']);
  });
  it('never picks partial or protected models, and says when nothing would be enough', () => {
    expect(pickEvictions(models, 0, 200, new Set(['b']))).toEqual(['c', 'a']);
    expect(pickEvictions(models, 0, 301)).toBeUndefined();
  });
});
