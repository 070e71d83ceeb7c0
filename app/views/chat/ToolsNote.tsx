/**
 * One line under Chat's header that says whether the loaded model can call tools: models
 * on a server can (each call goes through the permission prompts); the probe plans its
 * own two; the tiny demo model and web-llm models get none, and the line says so.
 */
import { Show } from 'solid-js';
import { PROBE_ID } from '../../../core/inference/model-ids';
import { modelCallsTools } from '../../../core/agent/tool-loop';
import { useApp } from '../../state/app-context';

export function toolsNoteFor(modelId: string | undefined): { tools: boolean; text: string } | undefined {
  if (modelId === undefined) return undefined;
  if (modelCallsTools(modelId))
    return {
      tools: true,
      text: 'This model can call tools. Each call that needs a permission asks you first, unless you allowed it.',
    };
  if (modelId === PROBE_ID)
    return {
      tools: false,
      text: 'The probe is not a language model: it runs clock.now and math.eval by its own rules.',
    };
  return {
    tools: false,
    text: 'This model gets no tools: only models on a server (llama.cpp with --jinja, Ollama, LM Studio) can call them.',
  };
}

export function ToolsNote() {
  const { model } = useApp();
  const note = () => toolsNoteFor(model.info()?.id);
  return (
    <Show when={note()}>
      {(shown) => (
        <p class="muted tools-note" data-testid="tools-note" data-tools={shown().tools ? 'on' : 'off'}>
          {shown().text}
        </p>
      )}
    </Show>
  );
}
