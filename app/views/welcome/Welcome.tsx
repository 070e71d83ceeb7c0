/**
 * The first-run welcome at the top of Chat: what the app is, in two sentences, and the
 * ways to a model, each labelled for what it is: a server on this machine or network,
 * web-llm where WebGPU exists, the tiny demo model and the probe. Shown until dismissed
 * or a model is chosen (app/state/welcome.ts); Settings can bring it back.
 */
import { For, Show, untrack } from 'solid-js';
import { backendKindOf, PROBE_ID } from '../../../core/inference/model-ids';
import { useApp } from '../../state/app-context';
import { DEFAULT_CHAT_MODEL } from '../../state/chat-agent';
import type { OpenAiServersState } from '../../state/openai-servers';
import { createWelcome } from '../../state/welcome';
import { WelcomeServers } from './WelcomeServers';

export function Welcome(props: { servers: OpenAiServersState | undefined }) {
  const { model, localStore } = useApp();
  const welcome = createWelcome(localStore, model.selected, window);
  const servers = untrack(() => props.servers);
  // Choosing the model that is already selected changes nothing the welcome watches: close it here.
  const choose = (id: string) => {
    welcome.dismiss();
    void model.select(id);
  };
  const webllm = () => model.device?.backend('web-llm');
  const webllmModels = () =>
    model
      .options()
      .filter((o) => backendKindOf(o.id) === 'web-llm' && (model.device?.availabilityOf(o).available ?? false))
      .slice(0, 3);
  return (
    <Show when={welcome.shown()}>
      <section class="card welcome" aria-labelledby="welcome-title" data-testid="welcome">
        <h2 id="welcome-title" tabindex="-1">
          Welcome to ARW Hub
        </h2>
        <p>
          ARW Hub runs agents on your device, and every fact they produce (each message, tool call and decision) goes
          into a journal you own, kept in this browser. Syncing it with your other devices through a server of your own
          is optional.
        </p>
        <h3>Choose what answers in Chat</h3>
        <ul class="welcome-ways">
          <li data-testid="welcome-way" data-way="server">
            <strong>A model server on your network</strong> (real language models, e.g. LM Studio, Ollama or llama.cpp):
            the app talks to it over HTTP; what you write goes to that server only.
            <WelcomeServers servers={servers} />
          </li>
          <li data-testid="welcome-way" data-way="webllm">
            <strong>web-llm</strong> (a real language model downloaded into this browser, hundreds of MB once, then run
            on this device’s GPU):{' '}
            <Show
              when={webllm()?.available}
              fallback={
                <span data-testid="welcome-webllm-missing">
                  not here: {(webllm()?.reason ?? 'this browser has no WebGPU here').replace(/^unavailable: /, '')}.
                </span>
              }
            >
              <For each={webllmModels()} fallback={<>pick one under “web-llm (WebGPU)” in the Model menu above.</>}>
                {(option) => (
                  <>
                    {' '}
                    <button
                      type="button"
                      data-testid="welcome-use-webllm"
                      data-model-id={option.id}
                      onClick={() => choose(option.id)}
                    >
                      Use {option.label}
                    </button>
                  </>
                )}
              </For>
            </Show>
          </li>
          <li data-testid="welcome-way" data-way="tiny">
            <strong>The tiny demo model</strong>: a tiny model shipped with the app, for trying things out; it writes
            nonsense-ish text.{' '}
            <button type="button" data-testid="welcome-use-tiny" onClick={() => choose(DEFAULT_CHAT_MODEL)}>
              Use the tiny model
            </button>
          </li>
          <li data-testid="welcome-way" data-way="probe">
            <strong>The probe</strong>: a rule-based test agent, not a language model: it tells the time, does
            arithmetic and echoes what you write.{' '}
            <button type="button" data-testid="welcome-use-probe" onClick={() => choose(PROBE_ID)}>
              Use the probe
            </button>
          </li>
        </ul>
        <p>
          <button type="button" class="ghost" data-testid="welcome-dismiss" onClick={welcome.dismiss}>
            Close the welcome
          </button>{' '}
          <span class="muted">Settings → About can show it again.</span>
        </p>
      </section>
    </Show>
  );
}
