/**
 * What an empty conversation says: hints that fit the model Chat has loaded. The probe
 * gets its own commands, the tiny demo model says what it is (and is not), a model on a
 * server or in web-llm gets ordinary questions and whether it can call tools.
 */
import { For, Show } from 'solid-js';
import { modelCallsTools } from '../../../core/agent/tool-loop';
import { backendKindOf } from '../../../core/inference/model-ids';
import { useApp } from '../../state/app-context';

/** The model shipped in public/models/ (chat-agent.ts's default). */
const TINY_MODEL_ID = 'arw-tiny-char';

export interface EmptyChatHint {
  /** Which model the hint is for: the probe, the shipped tiny model, another ONNX model, a server, web-llm; `none` while nothing is loaded. */
  kind: 'probe' | 'tiny' | 'onnx' | 'server' | 'webllm' | 'none';
  text: string;
  /** Messages to try, as the person would type them. */
  tries: string[];
}

/** The hint for the loaded model `id` (undefined while loading), in the context of a plain or a shared thread. */
export function emptyChatHint(id: string | undefined, shared = false): EmptyChatHint {
  const none = shared ? 'No messages in this project’s thread yet.' : 'No messages yet.';
  if (id === undefined) return { kind: 'none', text: none, tries: [] };
  const kind = backendKindOf(id);
  if (kind === 'probe')
    return {
      kind: 'probe',
      text: `${none} The probe is a rule-based test agent, not a language model: it tells the time, does arithmetic and echoes the rest.`,
      tries: ['what time is it', 'calc (1+2)/3', 'hello'],
    };
  if (kind === 'onnx' && id !== TINY_MODEL_ID)
    return {
      kind: 'onnx',
      text: `${none} This is a small character-level model on this device: it continues your text and gets no tools.`,
      tries: ['Once upon a time'],
    };
  if (kind === 'onnx')
    return {
      kind: 'tiny',
      text: `${none} The tiny demo model is shipped with the app for trying things out: it continues your text character by character and writes nonsense-ish text, not answers. For real replies choose a server on your network or a web-llm model in the Model menu.`,
      tries: ['Once upon a time', 'The journal'],
    };
  const tools = modelCallsTools(id)
    ? ' It can call tools (the clock, arithmetic, fetching a page, your project’s files); each call that needs a permission asks you first.'
    : ' It gets no tools: it only writes text.';
  return {
    kind: kind === 'web-llm' ? 'webllm' : 'server',
    text: `${none} Ask it anything, as you would any assistant.${tools}`,
    tries: modelCallsTools(id)
      ? ['Explain what a local-first app is in two sentences', 'What time is it in Tokyo right now?']
      : ['Explain what a local-first app is in two sentences', 'Write a haiku about a journal'],
  };
}

export function EmptyChat(props: { shared?: boolean }) {
  const { model } = useApp();
  const hint = () => emptyChatHint(model.phase() === 'ready' ? model.info()?.id : undefined, props.shared);
  return (
    <div class="empty empty-chat" data-testid="empty-chat" data-kind={hint().kind}>
      <p>{hint().text}</p>
      <Show when={hint().tries.length > 0}>
        <p>
          Try{' '}
          <For each={hint().tries}>
            {(text, i) => (
              <>
                {i() === 0 ? '' : i() === hint().tries.length - 1 ? ' or ' : ', '}
                <q data-testid="empty-chat-try">{text}</q>
              </>
            )}
          </For>
          .
        </p>
      </Show>
    </div>
  );
}
