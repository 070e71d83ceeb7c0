/**
 * Palette entries read from the stream: episodes labelled by their first input and
 * model, conversations from their `conversation.*` events, and the hosts and paths
 * used lately (tool calls, prompts, leases) that the grant grammar offers. Pure folds
 * over events already in memory; nothing is queried here.
 */
import type { StoredEvent } from '../../../core/journal/types';
import type { EpisodeSummary } from '../../../core/read-models';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);
const clip = (value: string, max = 72) => (value.length > max ? `${value.slice(0, max - 1)}…` : value);
const oneLine = (value: string) => value.replace(/\s+/g, ' ').trim();

/** Episodes, newest first: label = the first input, detail = model (or agent), status and start time. */
export function episodeEntries(
  summaries: readonly EpisodeSummary[],
  events: readonly StoredEvent[],
  limit = 40,
): { id: string; label: string; detail: string }[] {
  const starts = new Map<string, StoredEvent>();
  for (const event of events)
    if (event.kind === 'episode.started' && event.corr_id && !starts.has(event.corr_id))
      starts.set(event.corr_id, event);
  return summaries.slice(0, limit).map((summary) => {
    const start = starts.get(summary.id);
    const input = text(start?.payload['input']);
    const who = text(start?.payload['model']) ?? text(start?.payload['agent']);
    const label = input ? clip(oneLine(input)) : `Episode ${summary.id.slice(-6)} (${summary.first_kind})`;
    const when = summary.start.slice(0, 16).replace('T', ' ');
    return { id: summary.id, label, detail: [who, summary.status, when].filter(Boolean).join(' · ') };
  });
}

/** Conversations, newest first, with renames applied and deleted ones left out. */
export function conversationEntries(events: readonly StoredEvent[]): { id: string; title: string; agent?: string }[] {
  const byId = new Map<string, { id: string; title: string; agent?: string }>();
  const deleted = new Set<string>();
  for (const event of events) {
    const id = text(event.payload['conversation_id']);
    if (!id) continue;
    const title = text(event.payload['title']);
    if (event.kind === 'conversation.created')
      byId.set(id, { id, title: title ?? 'Untitled conversation', agent: text(event.payload['agent']) });
    else if (event.kind === 'conversation.renamed' && title) {
      const found = byId.get(id);
      if (found) found.title = title;
    } else if (event.kind === 'conversation.deleted') deleted.add(id);
  }
  return [...byId.values()].filter((c) => !deleted.has(c.id)).reverse();
}

function urlHost(value: unknown): string | undefined {
  const url = text(value);
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.host.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

const paramsOf = (event: StoredEvent): Record<string, unknown> => {
  const input = event.payload['input'] ?? event.payload['params'];
  return input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
};

/**
 * Hosts (`example.com[:port]`) and path globs used lately, newest first, each once: from
 * lease scopes (live ones first), then http.fetch / files.* calls and policy events.
 */
export function recentScopes(
  events: readonly StoredEvent[],
  leases: readonly { scope?: string }[],
): { hosts: string[]; paths: string[] } {
  const hosts: string[] = [];
  const paths: string[] = [];
  const addScope = (scope: unknown) => {
    const value = text(scope);
    if (value?.startsWith('net://')) hosts.push(value.slice('net://'.length));
    else if (value?.startsWith('path://')) paths.push(value.slice('path://'.length));
  };
  for (const lease of leases) addScope(lease.scope);
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.kind === 'tool.invoked') {
      const params = paramsOf(event);
      const tool = event.payload['tool'];
      if (tool === 'http.fetch') {
        const host = urlHost(params['url']);
        if (host) hosts.push(host);
      } else if (typeof tool === 'string' && tool.startsWith('files.')) {
        const path = text(params['path']);
        if (path) paths.push(path);
      }
    } else if (event.kind.startsWith('policy.') || event.kind === 'leases.created') {
      const lease = event.payload['lease'];
      addScope(
        lease && typeof lease === 'object' ? (lease as Record<string, unknown>)['scope'] : event.payload['scope'],
      );
    }
  }
  return { hosts: [...new Set(hosts)], paths: [...new Set(paths)] };
}
