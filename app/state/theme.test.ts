import { describe, expect, test } from 'vitest';
import { readThemeChoice, resolveTheme, THEME_STORAGE_KEY } from './theme';

/** A Storage over a Map; `broken` throws on every read, as a blocked localStorage does. */
function storage(entries: Record<string, string> = {}, broken = false): Storage {
  const map = new Map(Object.entries(entries));
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    key: (index) => [...map.keys()][index] ?? null,
    getItem: (key) => {
      if (broken) throw new DOMException('blocked', 'SecurityError');
      return map.get(key) ?? null;
    },
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

describe('theme choice', () => {
  test('a stored light or dark choice is read back; nothing, junk or blocked storage mean system', () => {
    expect(readThemeChoice(storage({ [THEME_STORAGE_KEY]: 'dark' }))).toBe('dark');
    expect(readThemeChoice(storage({ [THEME_STORAGE_KEY]: 'light' }))).toBe('light');
    expect(readThemeChoice(storage())).toBe('system');
    expect(readThemeChoice(storage({ [THEME_STORAGE_KEY]: 'sepia' }))).toBe('system');
    expect(readThemeChoice(storage({}, true))).toBe('system');
    expect(readThemeChoice(undefined)).toBe('system');
  });

  test('system follows the device scheme; an explicit choice ignores it', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});
