/**
 * Chat: an episode viewer and controller for the selected model (the tiny demo model or
 * the probe agent). Each message runs one episode; sending selects it in the sidecar.
 * The conversation comes from the journal.
 */
import { createEffect, createSignal, on, onMount, Show } from 'solid-js';
import { describeError } from '../../../core/errors';
import { useApp } from '../../state/app-context';
import { Composer } from './Composer';
import { ContextBlock } from './ContextBlock';
import { MessageList } from './MessageList';
import { ModelPicker } from './ModelPicker';
import { ProjectPicker } from './ProjectPicker';

export function ChatView() {
  const { chat, model, stream, health } = useApp();
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
    follow = true;
    void chat.send(text);
  };
  // Keep the newest message in view as turns and tokens arrive.
  createEffect(on(() => chat.turns(), () => follow && list?.scrollTo({ top: list.scrollHeight })));
  const lastPrompt = () => [...chat.turns()].reverse().find((turn) => turn.prompt)?.prompt;
  const blocked = () => model.phase() !== 'ready' || health.status() !== 'open';
  return (
    <div class="view chat-view">
      <header class="chat-head">
        <h1 class="view-title">Chat</h1>
        <ModelPicker model={model} disabled={chat.running() !== undefined} />
        <ProjectPicker disabled={chat.running() !== undefined} />
      </header>
      <div class="chat-scroll" ref={list} onScroll={onScroll}>
        <Show when={chat.loaded()} fallback={<p class="muted">Reading the conversation from the journal…</p>}>
          <MessageList turns={chat.turns()} selected={stream.selectedCorrId()} onSelect={stream.select} />
        </Show>
      </div>
      <Show when={chat.notice()}>
        {(code) => <p class="notice tone-warn" role="status">{describeError(code())}</p>}
      </Show>
      <ContextBlock messages={chat.contextFor(draft())} lastPrompt={lastPrompt()} />
      <Composer
        draft={draft()}
        onDraft={setDraft}
        onSend={send}
        onStop={chat.stop}
        onRegenerate={() => void chat.regenerate()}
        running={chat.running() !== undefined}
        canRegenerate={chat.canRegenerate()}
        disabled={blocked()}
      />
    </div>
  );
}
