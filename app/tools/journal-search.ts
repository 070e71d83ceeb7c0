/**
 * journal.search over the person's own journal: the payload JSON of each event matched
 * case-insensitively, newest first, with a snippet around the first hit. Reads through
 * an injected journal (the Dexie one in the app, the memory one in tests), page by page,
 * and stops at the limit or after a bounded number of events so a call stays quick.
 */
import type { Journal, StoredEvent } from '../../core/journal/types';
import type { JournalSearchParams } from '../../core/tools/params';
import type { ToolContext } from '../../core/tools/types';

export interface JournalMatch {
  id: string;
  time: string;
  kind: string;
  corr_id?: string;
  snippet: string;
}

export interface JournalSearchOptions {
  /** Most events one call reads (default 20,000). */
  maxScanned?: number;
  /** Events per journal page (default 500). */
  pageSize?: number;
}

const SNIPPET_CHARS = 160;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** About SNIPPET_CHARS of `text` centred on the hit at `index`, with … where it was cut. */
export function snippetAround(text: string, index: number, length: number): string {
  const side = Math.max(0, Math.floor((SNIPPET_CHARS - length) / 2));
  const start = Math.max(0, Math.min(index - side, text.length - SNIPPET_CHARS));
  const end = Math.min(text.length, start + Math.max(SNIPPET_CHARS, length));
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

/**
 * The executor. A call made in a project searches that project's events; the calling
 * episode's own events (its question, this call) are left out, as the model has them.
 */
export function createJournalSearch(
  journal: Pick<Journal, 'query'>,
  options: JournalSearchOptions = {},
): (params: JournalSearchParams, context: ToolContext) => Promise<{ matches: JournalMatch[] }> {
  const maxScanned = options.maxScanned ?? 20_000;
  const pageSize = options.pageSize ?? 500;
  return async (params, context) => {
    // The payload is searched as JSON, so the words are matched in their JSON-escaped form.
    const needle = new RegExp(escapeRegExp(JSON.stringify(params.query).slice(1, -1)), 'iu');
    const matches: JournalMatch[] = [];
    let beforeSeq: number | undefined;
    let scanned = 0;
    while (matches.length < params.limit && scanned < maxScanned) {
      const page = await journal.query({
        ...(params.kind_prefix ? { kindPrefixes: [params.kind_prefix] } : {}),
        ...(context.projectId ? { projectId: context.projectId } : {}),
        ...(beforeSeq !== undefined ? { beforeSeq } : {}),
        limit: Math.min(pageSize, maxScanned - scanned),
      });
      for (const event of page.events) {
        const match = matchOf(event, needle, context.corrId);
        if (match) matches.push(match);
        if (matches.length >= params.limit) break;
      }
      scanned += page.events.length;
      if (page.nextBeforeSeq === undefined || context.signal?.aborted) break;
      beforeSeq = page.nextBeforeSeq;
    }
    return { matches };
  };
}

function matchOf(event: StoredEvent, needle: RegExp, ownCorrId: string | undefined): JournalMatch | undefined {
  if (ownCorrId !== undefined && event.corr_id === ownCorrId) return undefined;
  const text = JSON.stringify(event.payload);
  const hit = needle.exec(text);
  if (hit === null) return undefined;
  return {
    id: event.id,
    time: event.time,
    kind: event.kind,
    ...(event.corr_id !== undefined ? { corr_id: event.corr_id } : {}),
    snippet: snippetAround(text, hit.index, hit[0].length),
  };
}
