/**
 * Chat's conversations (SPEC §7) for the current project: the list folded from the
 * journal (queried once at start, then the one stream's live events), which one is open
 * (the URL's, else the newest, else the project's main one: `legacy:<project>`), create,
 * rename, and delete with an Undo window before the tombstone is written. It writes
 * only `conversation.*` events; erasing a deleted conversation's events is the eraser's job.
 */
import { createEffect, createMemo, createRoot, createSignal, on, untrack, type Accessor } from 'solid-js';
import type { MakeEvent } from '../../core/journal/event-factory';
import type { Journal, StoredEvent } from '../../core/journal/types';
import { err, ok, type Result } from '../../core/lib/result';
import {
  conversationsOfProject,
  deriveConversations,
  isLegacyConversation,
  legacyConversationId,
  type ConversationSummary,
} from '../../core/read-models/conversations';
import type { InstalledRecipe } from '../../core/read-models/recipes';
import type { ActiveAgentService } from './active-agent';
import { followConversationAgent } from './conversation-agent';
import { searchConversations, type ConversationHit } from './conversation-search';
import type { Router } from './router';
import { browserTimers, createUndoWindow, type PendingDelete, type Timers } from './undo-window';

export type { ConversationHit, ConversationSummary, PendingDelete };

/** How long a deleted conversation can be brought back before its tombstone is written. */
export const UNDO_MS = 8000;
export const MAX_TITLE = 200;
/** The kinds the list is folded from (the journal query at start asks for these). */
export const CONVERSATION_KINDS = ['conversation.', 'episode.', 'obs.recorded'] as const;
/** The agents whose episodes are Chat's (`probe`: episodes recorded before the model picker). */
export const CHAT_AGENTS: readonly string[] = ['chat', 'probe'];

export type ConversationRouter = Pick<Router, 'conversation' | 'openConversation'>;

export interface ConversationsDeps {
  journal: Pick<Journal, 'query' | 'append'>;
  recentEvents: Accessor<readonly StoredEvent[]>;
  make: MakeEvent;
  newId(): string;
  project: Accessor<string | undefined>;
  setProject(project: string | undefined): void;
  /** The plain chat's agent label on `conversation.created` and the loaded model. */
  modelId?(): string | undefined;
  activeAgent?: Pick<ActiveAgentService, 'agent' | 'set' | 'clear'>;
  /** The installed recipe, to talk to it again when its conversation is reopened. */
  recipe?(id: string): InstalledRecipe | undefined;
  onError(error: unknown): void;
  timers?: Timers;
  undoMs?: number;
}

export interface ConversationsService {
  /** The journal's history has been read (false until the first query answers). */
  loaded: Accessor<boolean>;
  /** The current project's conversations, newest activity first (deleted ones hidden at once). */
  list: Accessor<ConversationSummary[]>;
  /**
   * The open conversation's id: the URL's, else the newest, else the project's main one
   * (`legacy:<project>`, the same on every device; a fresh id once that one is deleted).
   */
  current: Accessor<string>;
  /** The open conversation's summary (none while it is fresh). */
  currentSummary: Accessor<ConversationSummary | undefined>;
  get(id: string): ConversationSummary | undefined;
  /** Writes `conversation.created` in the current project and opens it; resolves with its id. */
  create(): Promise<string>;
  /** Opens `id` in Chat (a history entry); none: the newest. */
  open(id: string | undefined): void;
  /** A new title, 1–200 characters after trimming; the error says why not. */
  rename(id: string, title: string): Promise<Result<void, string>>;
  /** Hides `id` now; writes its tombstone after the Undo window unless `undo(id)` comes first. */
  remove(id: string): void;
  /** Within the window: brings `id` back, writes nothing. False when too late (or unknown). */
  undo(id: string): boolean;
  /** Deletions still in their Undo window. */
  pending: Accessor<PendingDelete[]>;
  /** Writes the tombstones of every pending deletion now (e.g. the page is closing). */
  flush(): Promise<void>;
  /** Titles and messages of the project's conversations containing `text` (case-insensitive). */
  search(text: string): Promise<ConversationHit[]>;
  /** The conversation a message goes to now: creates the current one when it is fresh. */
  ensure(): Promise<string>;
  /** Connects the URL (App does this once, under the router). */
  bindRouter(router: ConversationRouter): void;
}

/** What the list is made of: other events (e.g. a tool's observations) would only make it fold again. */
const relevant = (event: StoredEvent) =>
  event.kind.startsWith('conversation.') ||
  event.kind.startsWith('episode.') ||
  (event.kind === 'obs.recorded' && event.payload['source'] === 'user');

/** "The title is empty": which field, why, what is accepted. */
export function checkTitle(title: string): Result<string, string> {
  const trimmed = title.trim();
  if (!trimmed) return err('The title is empty: type 1 to 200 characters.');
  if (trimmed.length > MAX_TITLE)
    return err(`The title has ${trimmed.length} characters: at most ${MAX_TITLE} are accepted.`);
  return ok(trimmed);
}

export function createConversations(deps: ConversationsDeps): ConversationsService {
  return createRoot(() => {
    const [router, setRouter] = createSignal<ConversationRouter>();
    const [fetched, setFetched] = createSignal<readonly StoredEvent[]>([]);
    const [loaded, setLoaded] = createSignal(false);
    const [fresh, setFresh] = createSignal(deps.newId());
    // Written here but maybe not yet back from the stream: never written twice.
    const written = new Set<string>();
    // The tombstone, once a deletion's Undo window has passed (names the episodes this device knows).
    const commitDelete = async (id: string) => {
      const summary = get(id);
      try {
        await deps.journal.append(
          deps.make(
            'conversation.deleted',
            { conversation_id: id, ...(summary ? { corr_ids: summary.corr_ids.slice(-100_000) } : {}) },
            context(summary?.project_id ?? deps.project()),
          ),
        );
      } catch (error) {
        deps.onError(error);
      }
    };
    const deletes = createUndoWindow({
      ms: deps.undoMs ?? UNDO_MS,
      timers: deps.timers ?? browserTimers,
      commit: commitDelete,
    });
    const pending = deletes.pending;

    Promise.all(CONVERSATION_KINDS.map((prefix) => deps.journal.query({ kindPrefixes: [prefix], limit: 1000 })))
      .then(
        (pages) => setFetched(pages.flatMap((page) => page.events).filter(relevant)),
        (error: unknown) => deps.onError(error),
      )
      .finally(() => setLoaded(true));

    // Live events join for good (the stream's ring forgets old ones; the list must not).
    const seen = new Set<string>();
    let live: StoredEvent[] = [];
    const liveEvents = createMemo(() => {
      const fresh = deps.recentEvents().filter((event) => relevant(event) && !seen.has(event.id));
      if (fresh.length === 0) return live;
      for (const event of fresh) seen.add(event.id);
      live = live.concat(fresh);
      return live;
    });

    const all = createMemo(() => deriveConversations([...fetched(), ...liveEvents()], { agents: CHAT_AGENTS }));
    const deleted = createMemo(() => {
      const ids = new Set(pending().map((p) => p.id));
      for (const event of [...fetched(), ...liveEvents()])
        if (event.kind === 'conversation.deleted') ids.add(String(event.payload['conversation_id']));
      return ids;
    });
    const list = createMemo(() =>
      conversationsOfProject(all(), deps.project()).filter((c) => !pending().some((p) => p.id === c.id)),
    );
    const get = (id: string) => all().find((c) => c.id === id);

    const asked = createMemo(() => router()?.conversation());
    // The URL's conversation left behind by a switch to another project (until the URL changes).
    const [dropped, setDropped] = createSignal<string>();
    createEffect(on(asked, () => setDropped(undefined), { defer: true }));
    const current = createMemo(() => {
      const id = asked();
      if (id && id !== dropped() && !deleted().has(id)) return id;
      const main = legacyConversationId(deps.project());
      return list()[0]?.id ?? (deleted().has(main) ? fresh() : main);
    });
    const currentSummary = createMemo(() => get(current()));

    // A deep link into another project's conversation switches to that project; choosing
    // another project leaves the URL's conversation for that project's newest.
    createEffect(
      on(currentSummary, (summary) => {
        if (summary && summary.project_id !== untrack(deps.project)) deps.setProject(summary.project_id);
      }),
    );
    createEffect(
      on(
        deps.project,
        (project) => {
          const summary = untrack(currentSummary);
          if (summary && summary.project_id !== project) setDropped(summary.id);
        },
        { defer: true },
      ),
    );
    if (deps.activeAgent)
      followConversationAgent({ current, summary: currentSummary, activeAgent: deps.activeAgent, recipe: deps.recipe });

    const context = (project: string | undefined) => (project !== undefined ? { project_id: project } : {});
    const write = async (id: string, title: string) => {
      written.add(id);
      const model = deps.modelId?.();
      await deps.journal.append(
        deps.make(
          'conversation.created',
          { conversation_id: id, title, agent: 'agent:chat', ...(model ? { model } : {}) },
          context(deps.project()),
        ),
      );
    };
    const open = (id: string | undefined) => router()?.openConversation(id);

    return {
      loaded,
      list,
      current,
      currentSummary,
      get,
      async create() {
        const id = deps.newId();
        await write(id, '');
        open(id);
        return id;
      },
      open,
      async rename(id, title) {
        const checked = checkTitle(title);
        if (!checked.ok) return checked;
        const summary = get(id);
        if (!summary && !written.has(id) && !isLegacyConversation(id)) {
          // The open conversation before its first message: created with this title.
          if (id !== current())
            return err('This conversation no longer exists: it may have been deleted on another device.');
          await write(id, checked.value);
          return ok(undefined);
        }
        await deps.journal.append(
          deps.make(
            'conversation.renamed',
            { conversation_id: id, title: checked.value },
            context(summary ? summary.project_id : deps.project()),
          ),
        );
        return ok(undefined);
      },
      remove(id) {
        const summary = get(id);
        if (!summary) return;
        if (id === untrack(fresh)) setFresh(deps.newId());
        deletes.start({ id, title: summary.title });
      },
      undo: (id) => deletes.undo(id),
      pending,
      flush: () => deletes.flush(),
      search: (text) => searchConversations({ journal: deps.journal, conversations: list() }, text),
      async ensure() {
        const id = current();
        if (get(id) || written.has(id) || isLegacyConversation(id)) return id;
        await write(id, '');
        if (router()?.conversation() !== id) open(id);
        return id;
      },
      bindRouter: (next) => setRouter(() => next),
    };
  });
}
