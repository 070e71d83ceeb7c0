/**
 * The colour theme: System (follow `prefers-color-scheme`), Light or Dark. The choice is
 * kept in local storage and applied as `data-theme` (always the resolved `light|dark`)
 * and `data-theme-choice` on <html>; app/styles/base.css holds both palettes. The
 * attributes are the only runtime state (no module singleton), so a view can read them.
 */

export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'arw.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';
/** The browser chrome's colour (meta theme-color) per theme: the page background of base.css. */
const CHROME_COLOR: Record<Theme, string> = { dark: '#14161c', light: '#f6f7f9' };

function isChoice(value: unknown): value is ThemeChoice {
  return typeof value === 'string' && (THEME_CHOICES as readonly string[]).includes(value);
}

/** The stored choice; `system` when nothing (or something unknown) is stored or storage is blocked. */
export function readThemeChoice(store: Storage | undefined): ThemeChoice {
  try {
    const value = store?.getItem(THEME_STORAGE_KEY);
    return isChoice(value) ? value : 'system';
  } catch {
    return 'system';
  }
}

export function resolveTheme(choice: ThemeChoice, prefersDark: boolean): Theme {
  if (choice === 'system') return prefersDark ? 'dark' : 'light';
  return choice;
}

/** The choice applied to this document (`system` before anything was applied). */
export function currentThemeChoice(doc: Document): ThemeChoice {
  const value = doc.documentElement.dataset.themeChoice;
  return isChoice(value) ? value : 'system';
}

function apply(win: Window, choice: ThemeChoice): void {
  const theme = resolveTheme(choice, win.matchMedia(DARK_QUERY).matches);
  const html = win.document.documentElement;
  html.dataset.theme = theme;
  html.dataset.themeChoice = choice;
  win.document.querySelector('meta[name="theme-color"]')?.setAttribute('content', CHROME_COLOR[theme]);
}

/** Stores the person's choice (Settings → Appearance) and applies it at once. */
export function setThemeChoice(win: Window, store: Storage | undefined, choice: ThemeChoice): void {
  try {
    store?.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Storage full or blocked: the choice still holds for this page (kept on <html>).
  }
  apply(win, choice);
}

/**
 * Applies the stored choice now (call before the first render) and keeps following it:
 * the system scheme while the choice is `system`, and a choice made in another tab.
 * Returns the function that stops listening.
 */
export function installTheme(win: Window, store: Storage | undefined): () => void {
  apply(win, readThemeChoice(store));
  const query = win.matchMedia(DARK_QUERY);
  const onScheme = () => apply(win, currentThemeChoice(win.document));
  const onStorage = (event: StorageEvent) => {
    if (event.key === THEME_STORAGE_KEY) apply(win, readThemeChoice(store));
  };
  query.addEventListener('change', onScheme);
  win.addEventListener('storage', onStorage);
  return () => {
    query.removeEventListener('change', onScheme);
    win.removeEventListener('storage', onStorage);
  };
}
