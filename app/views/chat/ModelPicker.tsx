/**
 * The Chat view's model line: what answers (clearly labelled when it is a demo), the
 * backend it runs on and why, a selector over every model the workers offer, grouped by
 * backend with the ones this device cannot run disabled and the reason shown, load
 * progress with Cancel for web-llm downloads, and what this device can run.
 * The label comes first so it is what people (and tests) read first.
 */
import { For, Show } from 'solid-js';
import { describeError } from '../../../core/errors';
import { groupOptions, optionText } from '../../state/model-options';
import type { ModelStatus } from '../../state/model-status';
import { DeviceCapabilityList } from './DeviceCapabilityList';

const PROBE_ID = 'probe';

export function ModelPicker(props: { model: ModelStatus; disabled: boolean }) {
  const model = () => props.model;
  const current = () => model().info()?.id ?? model().selected();
  // Live stats win over the load-time info: they show a WebGPU → WASM switch after a device loss.
  const runsOn = () => {
    const stats = model().stats();
    return stats?.backend && stats.reason ? `${stats.backend} — ${stats.reason}` : model().info()?.backend;
  };
  const groups = () => groupOptions(model().options(), model().device?.availabilityOf);
  return (
    <div class="model-picker" style={{ flex: '1 1 260px', 'min-width': '0', 'max-width': '100%' }}>
      <p class="model-label" data-testid="model-label" data-model-id={model().info()?.id ?? ''}>
        <Show
          when={model().info()}
          fallback={
            model().phase() === 'failed' ? describeError(model().error() ?? 'model-failed') : 'Loading the model…'
          }
        >
          {(info) => (
            <Show
              when={info().id !== PROBE_ID}
              fallback={
                <>
                  <strong>Probe agent</strong> — rule-based, deterministic replies; not a language model
                </>
              }
            >
              <strong>{info().label}</strong>
            </Show>
          )}
        </Show>
      </p>
      <Show when={model().phase() === 'ready' && model().info()?.id !== PROBE_ID}>
        <p class="muted model-backend" data-testid="model-backend">
          Runs on {runsOn()}
          <Show when={(model().stats()?.tokensPerSecond ?? 0) > 0}>
            {/* The model's own speed inside the worker; the sidecar's episode figures also count the app's work around it. */}{' '}
            · last reply generated at {model().stats()!.tokensPerSecond.toFixed(1)} tokens/s in the worker, first token
            after {Math.round(model().stats()!.ttftMs)} ms
          </Show>
        </p>
      </Show>
      <Show when={model().notice()}>
        {(text) => (
          <p class="notice tone-warn" role="status">
            {text()}
          </p>
        )}
      </Show>
      <Show when={model().progress()}>
        {(p) => (
          <p class="model-progress" data-testid="model-progress">
            <progress max="1" value={p().fraction} /> {p().text}
            <Show when={model().cancelable()}>
              {' '}
              <button type="button" class="ghost" onClick={() => void model().cancelLoad()}>
                Cancel
              </button>
            </Show>
          </p>
        )}
      </Show>
      <label class="model-select" style={{ display: 'block', 'max-width': '100%' }}>
        Model{' '}
        <select
          aria-label="Model"
          style={{ 'max-width': '100%' }}
          disabled={props.disabled || model().phase() === 'loading'}
          onChange={(event) => void model().select(event.currentTarget.value)}
        >
          <For each={groups()}>
            {(group) => (
              <optgroup label={group.label} data-kind={group.kind}>
                <For each={group.entries}>
                  {(entry) => (
                    <option
                      value={entry.option.id}
                      selected={entry.option.id === current()}
                      disabled={!entry.availability.available}
                      title={entry.availability.reason || undefined}
                    >
                      {optionText(entry)}
                    </option>
                  )}
                </For>
              </optgroup>
            )}
          </For>
        </select>
      </label>
      <For each={groups().filter((g) => g.unavailable.length > 0)}>
        {(group) => (
          <For each={group.unavailable}>
            {(why) => (
              <p class="muted model-unavailable" data-testid="model-unavailable" data-kind={group.kind}>
                {group.label}: {why.count === 1 ? '1 model' : `${why.count} models`} {why.reason}
              </p>
            )}
          </For>
        )}
      </For>
      <Show when={model().device}>{(device) => <DeviceCapabilityList device={device()} />}</Show>
    </div>
  );
}
