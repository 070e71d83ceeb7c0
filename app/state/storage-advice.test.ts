import { describe, expect, it } from 'vitest';
import {
  exportReminder,
  isSafariLike,
  LAST_EXPORT_KEY,
  quotaWarningText,
  readLastExport,
  recordExport,
  REMINDER_DAYS,
  VAULT_EXPORTED_EVENT,
  type BrowserTraits,
} from './storage-advice';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-01T17:00:00Z');

function memoryStore() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
}

describe('export reminder', () => {
  const base = { persisted: false, now: NOW, journalEvents: 10 };

  it(`reminds when storage is not persistent and the last export is older than ${REMINDER_DAYS} days`, () => {
    expect(exportReminder({ ...base, lastExport: NOW - 15 * DAY })).toEqual({ reason: 'old', days: 15 });
    expect(exportReminder({ ...base, lastExport: NOW - 14 * DAY - 1 })).toEqual({ reason: 'old', days: 14 });
    expect(exportReminder({ ...base, lastExport: NOW - 14 * DAY })).toBeUndefined();
    expect(exportReminder({ ...base, lastExport: NOW - 2 * DAY })).toBeUndefined();
  });

  it('reminds when there was never an export, once the journal holds something', () => {
    expect(exportReminder({ ...base, lastExport: undefined })).toEqual({ reason: 'never' });
    expect(exportReminder({ ...base, lastExport: undefined, journalEvents: 0 })).toBeUndefined();
    expect(exportReminder({ ...base, lastExport: undefined, journalEvents: undefined })).toBeUndefined();
  });

  it('does not remind when storage is persistent; unknown persistence counts as not persistent', () => {
    expect(exportReminder({ ...base, persisted: true, lastExport: undefined })).toBeUndefined();
    expect(exportReminder({ ...base, persisted: true, lastExport: NOW - 100 * DAY })).toBeUndefined();
    expect(exportReminder({ ...base, persisted: undefined, lastExport: NOW - 100 * DAY })).toMatchObject({
      reason: 'old',
    });
  });

  it('records the export time in localStorage and tells the window', () => {
    const store = memoryStore();
    const target = new EventTarget();
    let told = 0;
    target.addEventListener(VAULT_EXPORTED_EVENT, () => told++);
    expect(readLastExport(store)).toBeUndefined();
    recordExport(store, new Date(NOW), target);
    expect(store.map.get(LAST_EXPORT_KEY)).toBe('2026-12-01T17:00:00.000Z');
    expect(readLastExport(store)).toBe(NOW);
    expect(told).toBe(1);
    store.setItem(LAST_EXPORT_KEY, 'not a date');
    expect(readLastExport(store)).toBeUndefined();
  });
});

describe('Safari-like browsers', () => {
  const traits = (over: Partial<BrowserTraits>): BrowserTraits => ({
    vendor: '',
    userAgent: '',
    hasChrome: false,
    platform: 'Linux x86_64',
    maxTouchPoints: 0,
    ...over,
  });
  const MAC_SAFARI =
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15';
  const IPHONE_CHROME =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1';
  const MAC_CHROME =
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

  it('Safari on macOS: Apple vendor, no window.chrome', () => {
    expect(isSafariLike(traits({ vendor: 'Apple Computer, Inc.', userAgent: MAC_SAFARI, platform: 'MacIntel' }))).toBe(
      true,
    );
  });

  it('every browser on iOS and iPadOS (all WebKit), Chrome for iOS included', () => {
    expect(isSafariLike(traits({ vendor: 'Apple Computer, Inc.', userAgent: IPHONE_CHROME, platform: 'iPhone' }))).toBe(
      true,
    );
    // iPadOS asks for desktop pages as a Mac with a touch screen.
    expect(isSafariLike(traits({ userAgent: MAC_SAFARI, platform: 'MacIntel', maxTouchPoints: 5 }))).toBe(true);
  });

  it('not Chromium (also on a Mac) nor Firefox', () => {
    expect(
      isSafariLike(traits({ vendor: 'Google Inc.', userAgent: MAC_CHROME, hasChrome: true, platform: 'MacIntel' })),
    ).toBe(false);
    expect(isSafariLike(traits({ vendor: 'Apple Computer, Inc.', hasChrome: true, platform: 'MacIntel' }))).toBe(false);
    expect(
      isSafariLike(traits({ vendor: '', userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Firefox/133.0' })),
    ).toBe(false);
  });
});

describe('quota warning words', () => {
  it('says nothing below 80 %, what to do at 80 %, what will fail at 95 %', () => {
    expect(quotaWarningText('ok', { usage: 1, quota: 100 })).toBeUndefined();
    expect(quotaWarningText('unknown', undefined)).toBeUndefined();
    const warning = quotaWarningText('warning', { usage: 85 * 1024 * 1024, quota: 100 * 1024 * 1024 })!;
    expect(warning).toContain('85 % full');
    expect(warning).toMatch(/Export a vault, delete old conversations or free model files/);
    const critical = quotaWarningText('critical', { usage: 97, quota: 100 })!;
    expect(critical).toMatch(/new events, messages and downloads may be refused/);
    expect(critical).toMatch(/Export a vault now/);
    expect(quotaWarningText('critical', { usage: 97, quota: 100 }, true)).toMatch(/New events may soon be refused/);
  });
});
