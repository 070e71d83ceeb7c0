/**
 * Chat's conversations in the current project: New conversation (Ctrl/Cmd+Shift+O),
 * each one to open, rename or delete (then Undo for a few seconds), and a search over
 * titles and messages with the matching snippets. At phone width the list folds
 * behind a "Conversations" toggle.
 */
import { createEffect, createSignal, For, on, onCleanup, Show } from 'solid-js';
import type { ConversationSummary } from '../../../core/read-models/conversations';
import { useApp } from '../../state/app-context';
import type { ConversationHit } from '../../state/conversations';
import { ConversationItem } from './ConversationItem';
import { ConversationSearchResults } from './ConversationSearchResults';
import { UndoDeletes } from './UndoDeletes';

const SEARCH_DELAY_MS = 150;

export function ConversationList() {
  const { conversations, recipes, stream, health } = useApp();
  const [open, setOpen] = createSignal(false);
  const [query, setQuery] = createSignal('');
  const [hits, setHits] = createSignal<ConversationHit[]>();
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  let searches = 0;
  onCleanup(() => clearTimeout(searchTimer));
  const runSearch = () => {
    const text = query();
    const mine = ++searches;
    if (!text.trim()) return setHits(undefined);
    conversations.search(text).then(
      (found) => mine === searches && setHits(found),
      (error: unknown) => health.report(error),
    );
  };
  // Search again as the list changes (a rename, a delete, a new message).
  createEffect(on(conversations.list, () => query().trim() && runSearch(), { defer: true }));

  const agentLabel = (c: ConversationSummary) => {
    const recipe = c.agent.startsWith('recipe:') ? recipes.get(c.agent.slice('recipe:'.length)) : undefined;
    const agent = recipe?.manifest.name ?? (c.agent.startsWith('recipe:') ? c.agent.slice(7) : 'Chat');
    return c.model ? `${agent} · ${c.model}` : agent;
  };
  const openOne = (id: string) => {
    conversations.open(id);
    setOpen(false);
  };
  const remove = (id: string) => {
    conversations.remove(id);
    // The item is gone: focus goes to its Undo, so the keyboard is not left nowhere.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-undo-for="${CSS.escape(id)}"]`)?.focus());
  };
  const create = () => {
    setOpen(false);
    void conversations
      .create()
      .then(() =>
        requestAnimationFrame(() => document.querySelector<HTMLElement>('textarea[aria-label="Message"]')?.focus()),
      )
      .catch((error: unknown) => health.report(error));
  };

  return (
    <section class="conversations" classList={{ open: open() }} aria-labelledby="conversations-heading">
      <div class="conversations-head">
        <h2 id="conversations-heading" class="conversations-heading">
          Conversations
        </h2>
        <button
          type="button"
          class="conversations-toggle"
          aria-expanded={open()}
          aria-controls="conversations-body"
          onClick={() => setOpen(!open())}
        >
          Conversations ({conversations.list().length})
        </button>
        <button
          type="button"
          class="primary"
          data-testid="new-conversation"
          title="New conversation (Ctrl+Shift+O, ⌘⇧O on a Mac)"
          aria-keyshortcuts="Control+Shift+O Meta+Shift+O"
          onClick={create}
        >
          New conversation
        </button>
      </div>
      <div id="conversations-body" class="conversations-body">
        <input
          type="search"
          class="conversations-search"
          aria-label="Search conversations"
          placeholder="Search titles and messages"
          value={query()}
          onInput={(event) => {
            setQuery(event.currentTarget.value);
            clearTimeout(searchTimer);
            searchTimer = setTimeout(runSearch, SEARCH_DELAY_MS);
          }}
        />
        <Show
          when={query().trim() ? hits() : undefined}
          fallback={
            <ul class="conversation-list" aria-label="Conversations in this project">
              <For
                each={conversations.list()}
                fallback={<li class="muted conversation-empty">No conversations here yet: write a first message.</li>}
              >
                {(c) => (
                  <ConversationItem
                    conversation={c}
                    current={conversations.current() === c.id}
                    now={stream.now()}
                    agentLabel={agentLabel(c)}
                    onOpen={() => openOne(c.id)}
                    onRename={(title) => conversations.rename(c.id, title)}
                    onDelete={() => remove(c.id)}
                  />
                )}
              </For>
            </ul>
          }
        >
          {(found) => <ConversationSearchResults hits={found()} query={query()} onOpen={openOne} />}
        </Show>
      </div>
      <UndoDeletes pending={conversations.pending()} onUndo={(id) => conversations.undo(id)} />
    </section>
  );
}
