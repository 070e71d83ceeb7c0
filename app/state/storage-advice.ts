/**
 * What Settings → Data advises about keeping data (issue 13 item 4), as pure rules with
 * their words: the quota warnings, the export reminder (storage not persistent and the
 * last vault export old or missing), and whether this is a Safari-like browser that may
 * delete site data after seven days without a visit. Time and the browser are passed in.
 */
import { formatBytes } from './storage';
import type { QuotaLevel } from './storage-breakdown';

/** When the last vault export finished (ISO time), set by the vault service. */
export const LAST_EXPORT_KEY = 'arw.vault.lastExport';
/** Sent on the window when an export finished, so an open Settings drops its reminder. */
export const VAULT_EXPORTED_EVENT = 'arw:vault-exported';
/** Remind when the last export is older than this. */
export const REMINDER_DAYS = 14;
const DAY_MS = 86_400_000;

type Store = Pick<Storage, 'getItem' | 'setItem'> | undefined;

/** The last export's time in ms, or undefined (never, unreadable storage, a bad value). */
export function readLastExport(store: Store): number | undefined {
  try {
    const value = store?.getItem(LAST_EXPORT_KEY);
    const time = value ? Date.parse(value) : NaN;
    return Number.isFinite(time) ? time : undefined;
  } catch {
    return undefined;
  }
}

export function recordExport(store: Store, at: Date, events?: Pick<EventTarget, 'dispatchEvent'>): void {
  try {
    store?.setItem(LAST_EXPORT_KEY, at.toISOString());
  } catch {
    // Full or blocked storage: the reminder then comes back, which errs on the safe side.
  }
  events?.dispatchEvent(new Event(VAULT_EXPORTED_EVENT));
}

export interface ReminderInput {
  /** undefined when the browser cannot tell: treated as not persistent. */
  persisted: boolean | undefined;
  lastExport: number | undefined;
  now: number;
  /** Events in the journal; undefined while unknown. */
  journalEvents: number | undefined;
}

export type Reminder = { reason: 'never' } | { reason: 'old'; days: number };

/** Whether to remind to export, and why; undefined when there is no reason to. */
export function exportReminder(input: ReminderInput): Reminder | undefined {
  if (input.persisted === true) return undefined;
  if (input.lastExport === undefined) return (input.journalEvents ?? 0) > 0 ? { reason: 'never' } : undefined;
  const days = Math.floor((input.now - input.lastExport) / DAY_MS);
  return input.now - input.lastExport > REMINDER_DAYS * DAY_MS ? { reason: 'old', days } : undefined;
}

export function reminderText(reminder: Reminder): string {
  const when =
    reminder.reason === 'never' ? 'You have never exported a vault' : `Your last export is ${reminder.days} days old`;
  return `${when}, and this browser may clear its storage on its own (it is not persistent). Export a vault to keep a copy.`;
}

/** What the browser says about itself, read by `browserTraits`. */
export interface BrowserTraits {
  vendor: string;
  userAgent: string;
  /** `window.chrome` exists (Chromium, also on macOS). */
  hasChrome: boolean;
  platform: string;
  maxTouchPoints: number;
}

export function browserTraits(win: Window): BrowserTraits {
  return {
    vendor: win.navigator.vendor ?? '',
    userAgent: win.navigator.userAgent ?? '',
    hasChrome: 'chrome' in win,
    platform: win.navigator.platform ?? '',
    maxTouchPoints: win.navigator.maxTouchPoints ?? 0,
  };
}

/**
 * WebKit without Chromium: Safari on macOS, and every browser on iOS/iPadOS (they all
 * use WebKit, whatever their name). iPadOS asks for desktop pages as a Mac with touch.
 */
export function isSafariLike(traits: BrowserTraits): boolean {
  const ios =
    /iPhone|iPad|iPod/.test(traits.userAgent) || (traits.platform === 'MacIntel' && traits.maxTouchPoints > 1);
  if (ios) return true;
  return /Apple/.test(traits.vendor) && !traits.hasChrome;
}

export const SAFARI_NOTE =
  'Safari may delete this site’s data after 7 days without a visit. Installed as an app (Share → Add to Home Screen, or File → Add to Dock on a Mac), ARW Hub keeps its data longer; export a vault now and then either way.';

/** The warning for a quota level, or undefined below the warning line. `short` is the banner's one line. */
export function quotaWarningText(
  level: QuotaLevel,
  estimate: { usage?: number; quota?: number } | undefined,
  short = false,
): string | undefined {
  if (level !== 'warning' && level !== 'critical') return undefined;
  const share = Math.floor((100 * (estimate?.usage ?? 0)) / (estimate?.quota || 1));
  const full = `Storage is ${share} % full (${formatBytes(estimate?.usage)} of ${formatBytes(estimate?.quota)}).`;
  if (level === 'warning')
    return short
      ? `${full} Settings → Data shows what uses it.`
      : `${full} When it is full, new events are refused. Export a vault, delete old conversations or free model files.`;
  return short
    ? `${full} New events may soon be refused: export a vault and free space in Settings → Data.`
    : `${full} Almost none is left: new events, messages and downloads may be refused at any moment. Export a vault now, then delete old conversations or free model files (Settings → Models).`;
}
