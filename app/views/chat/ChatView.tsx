/**
 * Chat: an episode viewer and controller for the selected model (the tiny demo model or
 * the probe agent). Each message runs one episode; sending selects it in the sidecar.
 * The conversation comes from the journal; in a project shared with a server it is the
 * project's shared thread (every device's messages), with who is here in the header.
 */
import { createEffect, createSignal, on, onMount, Show } from 'solid-js';
import { describeError } from '../../../core/errors';
import { useCollab } from '../../collab/collab';
import { ConversationPrompts } from '../../components/policy/ConversationPrompts';
import { useApp } from '../../state/app-context';
import { ActiveAgentBar } from './ActiveAgentBar';
import { Composer } from './Composer';
import { ContextBlock } from './ContextBlock';
import { ConversationList } from './ConversationList';
import { MessageList } from './MessageList';
import { ModelPicker } from './ModelPicker';
import { PresenceBar } from './PresenceBar';
import { ProjectPicker } from './ProjectPicker';
import { ThreadList } from './ThreadList';
import { ToolsNote } from './ToolsNote';
import { Welcome } from '../welcome/Welcome';

export function ChatView() {
  const { chat, model, stream, health } = useApp();
  const collab = useCollab();
  const shared = () => collab.session() !== undefined;
  const [draft, setDraft] = createSignal('');
  onMount(() => void model.activate());
  let list: HTMLDivElement | undefined;
  // Follow new tokens only while the reader is at the bottom; scrolling up stops it.
  let follow = true;
  const onScroll = () => {
    if (list) follow = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
  };
  const send = () => {
    const text = draft();
    if (!text.trim() || chat.running()) return;
    setDraft('');
    collab.stopTyping();
    follow = true;
    void chat.send(text);
  };
  // Keep the newest message in view as turns and tokens arrive.
  createEffect(on([() => chat.turns(), collab.messages], () => follow && list?.scrollTo({ top: list.scrollHeight })));
  const context = () =>
    shared()
      ? [...collab.history(), ...(draft().trim() ? [{ role: 'user' as const, content: draft().trim() }] : [])]
      : chat.contextFor(draft());
  const lastPrompt = () => [...chat.turns()].reverse().find((turn) => turn.prompt)?.prompt;
  const blocked = () => model.phase() !== 'ready' || health.status() !== 'open';
  return (
    <div class="view chat-view">
      <header class="chat-head">
        <h1 class="view-title">Chat</h1>
        <ModelPicker model={model} disabled={chat.running() !== undefined} />
        <ProjectPicker disabled={chat.running() !== undefined} />
        <Show when={shared()}>
          <PresenceBar collab={collab} />
        </Show>
      </header>
      <ConversationList />
      <ToolsNote />
      <ActiveAgentBar />
      <Welcome servers={window.arw?.servers} />
      <div class="chat-scroll" ref={list} onScroll={onScroll}>
        <Show
          when={shared()}
          fallback={
            <Show when={chat.loaded()} fallback={<p class="muted">Reading the conversation from the journal…</p>}>
              <MessageList
                turns={chat.turns()}
                selected={stream.selectedCorrId()}
                onSelect={stream.select}
                onEdit={(turnId, text) => void chat.edit(turnId, text)}
                onShowVariant={chat.showVariant}
                busy={chat.running() !== undefined}
              />
            </Show>
          }
        >
          <Show when={collab.loaded()} fallback={<p class="muted">Reading the shared thread from this device…</p>}>
            <ThreadList
              messages={collab.messages()}
              peers={collab.peers()}
              selected={stream.selectedCorrId()}
              onSelect={stream.select}
            />
          </Show>
        </Show>
        <ConversationPrompts corrId={chat.running()} />
      </div>
      <Show when={chat.notice()}>
        {(code) => (
          <p class="notice tone-warn" role="status">
            {describeError(code())}
          </p>
        )}
      </Show>
      <ContextBlock messages={context()} lastPrompt={lastPrompt()} />
      <Composer
        draft={draft()}
        onDraft={(text) => (setDraft(text), collab.typing(text))}
        onBlur={collab.stopTyping}
        onSend={send}
        onStop={chat.stop}
        onRegenerate={() => void chat.regenerate()}
        running={chat.running() !== undefined}
        canRegenerate={!shared() && chat.canRegenerate()}
        disabled={blocked()}
      />
    </div>
  );
}
