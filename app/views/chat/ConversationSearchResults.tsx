/** Search hits across conversations: the conversation's title, where it matched and the snippet. */
import { For } from 'solid-js';
import type { ConversationHit } from '../../state/conversations';

const WHERE = { title: 'Title', message: 'You', reply: 'Reply' } as const;

export function ConversationSearchResults(props: {
  hits: readonly ConversationHit[];
  query: string;
  onOpen(id: string): void;
}) {
  return (
    <>
      <p class="muted conversations-count" role="status">
        {props.hits.length === 0
          ? `Nothing matches “${props.query.trim()}”.`
          : `${props.hits.length} ${props.hits.length === 1 ? 'match' : 'matches'}`}
      </p>
      <ul class="conversation-list" aria-label="Search results">
        <For each={props.hits}>
          {(hit) => (
            <li class="conversation" data-testid="conversation-hit" data-conversation-id={hit.conversation_id}>
              <button type="button" class="conversation-open" onClick={() => props.onOpen(hit.conversation_id)}>
                <span class="conversation-title">{hit.title}</span>
                <span class="conversation-meta">
                  {WHERE[hit.where]}: <span class="conversation-snippet">{hit.snippet}</span>
                </span>
              </button>
            </li>
          )}
        </For>
      </ul>
    </>
  );
}
