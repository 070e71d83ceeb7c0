/**
 * The Chat view's controller: the conversation derived from the journal (history
 * queried once at start + the stream's live events), plus the running episode's
 * tokens as they stream. Sends run one episode each through the injected `run`; the
 * journal stays the only record (nothing here is persisted elsewhere).
 */
import { createEffect, createMemo, createSignal, on, untrack, type Accessor } from 'solid-js';
import type { ChatMessage } from '../../core/agent/model';
import type { EpisodeInput, EpisodeOutcome } from '../../core/agent/run-episode';
import { codeOf, type ErrorCode } from '../../core/errors';
import type { Journal, StoredEvent } from '../../core/journal/types';
import { kindMatchesPrefix } from '../../spec/kinds';
import { CHAT_KINDS, deriveTurns, historyOf, type ChatTurn } from '../../core/read-models/chat-turns';
import { applySelection, withRunningVariant, type VariantSelection } from '../../core/read-models/turn-variants';
import { mergeEvents } from './event-order';

export interface ChatDeps {
  journal: Pick<Journal, 'query'>;
  recentEvents: Accessor<readonly StoredEvent[]>;
  /** Points the sidecar at the new episode. */
  select(corrId: string): void;
  run(input: EpisodeInput, signal: AbortSignal): Promise<EpisodeOutcome>;
  newId(): string;
  agent: string;
  /** Journal write failures go to the app's banner. */
  onError(error: unknown): void;
  /** Turns shown (default 50). */
  limit?: number;
  /** The open conversation (SPEC §7): only its turns are shown and sent as history. */
  conversation?: Accessor<string | undefined>;
  /** Before each run: the conversation the message goes to (written first when new). */
  ensureConversation?(): Promise<string | undefined>;
  /** A conversation's episodes (corr_ids): those older than the first read are read when it opens. */
  episodesOf?(conversation: string): readonly string[];
}

export interface ChatState {
  /** History read from the journal (false until the first query answers). */
  loaded: Accessor<boolean>;
  turns: Accessor<ChatTurn[]>;
  /** corr_id of the running episode. */
  running: Accessor<string | undefined>;
  send(text: string): Promise<EpisodeOutcome | undefined>;
  stop(): void;
  /** Answers the last turn again: a new variant of it (`turn_of`), the same user text. */
  regenerate(): Promise<EpisodeOutcome | undefined>;
  canRegenerate: Accessor<boolean>;
  /** Edit-and-resend: `text` as a new variant of turn `turnId`, with the turns before it as history. */
  edit(turnId: string, text: string): Promise<EpisodeOutcome | undefined>;
  /** Shows variant `index` of turn `turnId` (and sends it as history from then on). */
  showVariant(turnId: string, index: number): void;
  /** The messages the model would get for `draft` (SPEC §5: show what goes into the context). */
  contextFor(draft: string): ChatMessage[];
  /** A catalog code to show near the composer (busy, write failure). */
  notice: Accessor<ErrorCode | undefined>;
}

interface LocalTurn {
  corrId: string;
  user: string;
  reply: string;
  time: string;
  turnOf?: string;
  /** The conversation it was sent in: shown there only. */
  conversation?: string;
}

const QUERY_KINDS = CHAT_KINDS.filter((kind) => kind !== 'tokens.out');

export function createChat(deps: ChatDeps): ChatState {
  const limit = deps.limit ?? 50;
  const [fetched, setFetched] = createSignal<readonly StoredEvent[]>([]);
  const [loaded, setLoaded] = createSignal(false);
  const [local, setLocal] = createSignal<LocalTurn>();
  const [notice, setNotice] = createSignal<ErrorCode>();
  let controller: AbortController | undefined;

  deps.journal
    .query({ kindPrefixes: QUERY_KINDS, limit: 1000 })
    .then(
      (page) => setFetched(page.events),
      (error: unknown) => deps.onError(error),
    )
    .finally(() => setLoaded(true));

  const episodes = () => {
    const id = deps.conversation?.();
    return id && deps.episodesOf ? deps.episodesOf(id) : [];
  };
  // An older conversation's episodes may be past the first read's 1000 events: read them on opening it.
  createEffect(
    on([() => deps.conversation?.(), loaded, () => episodes().length], ([id, ready]) => {
      if (!id || !ready) return;
      const have = new Set(untrack(fetched).map((event) => event.corr_id));
      const missing = untrack(episodes)
        .filter((corrId) => !have.has(corrId))
        .slice(-limit);
      if (missing.length === 0) return;
      void Promise.all(
        missing.map((corrId) => deps.journal.query({ corrId, kindPrefixes: QUERY_KINDS, limit: 1000 })),
      ).then(
        (pages) => setFetched((events) => [...events, ...pages.flatMap((page) => page.events)]),
        (error: unknown) => deps.onError(error),
      );
    }),
  );

  const derived = createMemo(() => {
    const live = deps.recentEvents().filter((event) => kindMatchesPrefix(event.kind, CHAT_KINDS));
    const conversation = deps.conversation?.();
    return deriveTurns(mergeEvents(fetched(), live), {
      agent: deps.agent,
      limit,
      ...(conversation !== undefined ? { conversation } : {}),
    });
  });

  const [selection, setSelection] = createSignal<VariantSelection>({});
  const turns = createMemo(() => {
    const running = local();
    const mine = running && running.conversation === deps.conversation?.() ? running : undefined;
    const list = mine
      ? withRunningVariant(derived(), {
          corrId: mine.corrId,
          time: mine.time,
          agent: deps.agent,
          user: mine.user,
          reply: mine.reply,
          status: 'running',
          ...(mine.turnOf ? { turnOf: mine.turnOf } : {}),
        })
      : derived();
    return applySelection(list, selection());
  });

  const runTurn = async (text: string, history: ChatMessage[], turnOf?: string) => {
    if (local()) {
      setNotice('agent-busy');
      return undefined;
    }
    setNotice(undefined);
    const corrId = deps.newId();
    controller = new AbortController();
    const conversation = deps.conversation?.();
    setLocal({
      corrId,
      user: text,
      reply: '',
      time: new Date().toISOString(),
      ...(turnOf ? { turnOf } : {}),
      ...(conversation !== undefined ? { conversation } : {}),
    });
    // A new answer is shown, whichever variant was picked before.
    if (turnOf)
      setSelection((current) => {
        const next = { ...current };
        delete next[turnOf];
        return next;
      });
    deps.select(corrId);
    try {
      const conversationId = await deps.ensureConversation?.();
      return await deps.run(
        {
          text,
          agent: deps.agent,
          history,
          corrId,
          ...(conversationId ? { conversationId } : {}),
          ...(turnOf ? { turnOf } : {}),
          onToken: (token) =>
            setLocal((turn) => (turn && turn.corrId === corrId ? { ...turn, reply: turn.reply + token } : turn)),
        },
        controller.signal,
      );
    } catch (error) {
      setNotice(codeOf(error));
      deps.onError(error);
      return undefined;
    } finally {
      controller = undefined;
      setLocal(undefined);
    }
  };

  const finished = () => turns().filter((turn) => turn.status !== 'running');

  return {
    loaded,
    turns,
    running: () => local()?.corrId,
    send(text) {
      const trimmed = text.trim();
      if (!trimmed) return Promise.resolve(undefined);
      return runTurn(trimmed, historyOf(finished()));
    },
    stop: () => controller?.abort(),
    regenerate() {
      const done = finished();
      const last = done[done.length - 1];
      if (!last) return Promise.resolve(undefined);
      return runTurn(last.user, historyOf(done.slice(0, -1)), last.turnId);
    },
    canRegenerate: () => !local() && finished().length > 0,
    edit(turnId, text) {
      const trimmed = text.trim();
      const all = turns();
      const index = all.findIndex((turn) => turn.turnId === turnId);
      if (!trimmed || index === -1) return Promise.resolve(undefined);
      return runTurn(trimmed, historyOf(all.slice(0, index)), turnId);
    },
    showVariant(turnId, index) {
      const variant = turns().find((turn) => turn.turnId === turnId)?.variants[index];
      if (variant) setSelection((current) => ({ ...current, [turnId]: variant.corrId }));
    },
    contextFor: (draft) => [
      ...historyOf(finished()),
      ...(draft.trim() ? [{ role: 'user' as const, content: draft.trim() }] : []),
    ],
    notice,
  };
}
