/**
 * The welcome's first way to a real model: the servers found on this machine (LM Studio,
 * Ollama, llama.cpp), each with what it answered. One that answers is added to the model
 * servers with one click and its model becomes Chat's; one that refused this page (CORS),
 * or may have, gets its fix. Detection is app/state/local-servers.ts.
 */
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { OPENAI_ID_PREFIX } from '../../../core/inference/model-ids';
import { useApp } from '../../state/app-context';
import {
  canTellRefusal,
  corsFixFor,
  detectLocalServers,
  type LocalServerFinding,
  type ProbeFetch,
} from '../../state/local-servers';
import type { OpenAiServersState } from '../../state/openai-servers';

const pageFetch: ProbeFetch = (url, init) => fetch(url, { ...init, cache: 'no-store', credentials: 'omit' });

function CorsFix(props: { finding: LocalServerFinding }) {
  const fix = () => corsFixFor(props.finding.kind, location.origin);
  return (
    <p class="welcome-fix" data-testid="welcome-cors-fix" data-kind={props.finding.kind}>
      {props.finding.name}: {fix().text}
      <Show when={fix().command}>
        {(command) => (
          <>
            {' '}
            <code>{command()}</code>
          </>
        )}
      </Show>
    </p>
  );
}

function Answering(props: { finding: LocalServerFinding; models: string[]; servers: OpenAiServersState | undefined }) {
  const { model } = useApp();
  const [picked, setChosen] = createSignal<string>();
  // The first model until one is picked from the list.
  const chosen = () => picked() ?? props.models[0] ?? '';
  const [problem, setProblem] = createSignal<string>();
  const use = async () => {
    const servers = props.servers;
    const name = chosen();
    if (!servers || !name) return;
    setProblem(undefined);
    const known = servers.servers().some((s) => s.baseUrl === props.finding.baseUrl && s.model === name);
    if (!known) {
      const saved = await servers.save({ baseUrl: props.finding.baseUrl, model: name, apiKey: '' });
      if (!saved.ok) return void setProblem(saved.issues.map((i) => i.message).join(' '));
    }
    await model.select(`${OPENAI_ID_PREFIX}${name}`);
  };
  return (
    <Show
      when={props.models.length > 0}
      fallback={<> answers, but lists no models: load one in {props.finding.name}, then look again.</>}
    >
      {' '}
      answers with {props.models.length === 1 ? '1 model' : `${props.models.length} models`}.{' '}
      <Show when={props.models.length > 1}>
        <label>
          Model on {props.finding.name}{' '}
          <select value={chosen()} onChange={(e) => setChosen(e.currentTarget.value)}>
            <For each={props.models}>{(name) => <option value={name}>{name}</option>}</For>
          </select>
        </label>{' '}
      </Show>
      <button
        type="button"
        class="primary"
        data-testid="welcome-use-server"
        data-kind={props.finding.kind}
        disabled={!props.servers}
        onClick={() => void use()}
      >
        Use {props.finding.name}: {chosen()}
      </button>
      <Show when={problem()}>
        <span class="tone-error" role="alert">
          {' '}
          {problem()}
        </span>
      </Show>
    </Show>
  );
}

export function WelcomeServers(props: { servers: OpenAiServersState | undefined }) {
  const [found, { refetch }] = createResource(() => detectLocalServers({ fetch: pageFetch }));
  const silent = () => (found() ?? []).filter((f) => f.result.state === 'silent');
  const heard = () => (found() ?? []).filter((f) => f.result.state !== 'silent');
  return (
    <div data-testid="welcome-servers" data-state={found.loading ? 'looking' : 'done'}>
      <Show when={!found.loading} fallback={<p role="status">Looking for model servers on this machine…</p>}>
        <ul class="welcome-found">
          <For each={heard()}>
            {(finding) => (
              <li data-testid="welcome-server" data-kind={finding.kind} data-state={finding.result.state}>
                <strong>{finding.name}</strong> at <span class="mono">{finding.baseUrl}</span>
                <Switch>
                  <Match when={finding.result.state === 'answering' && finding.result}>
                    {(r) => <Answering finding={finding} models={r().models} servers={props.servers} />}
                  </Match>
                  <Match when={finding.result.state === 'refused'}>
                    {' '}
                    is running, but refuses this page (CORS). <CorsFix finding={finding} />
                  </Match>
                  <Match when={finding.result.state === 'not-models' && finding.result}>
                    {(r) => <> answers, but not as a model server ({r().detail}).</>}
                  </Match>
                </Switch>
              </li>
            )}
          </For>
        </ul>
        <Show when={silent().length > 0}>
          <p class="muted" data-testid="welcome-not-found">
            Not found:{' '}
            {silent()
              .map((f) => `${f.name} (${f.baseUrl.replace('http://', '')})`)
              .join(', ')}
            .
          </p>
          <details class="welcome-cors">
            <summary>Running one of these and it is not found?</summary>
            <p>
              {canTellRefusal(crossOriginIsolated)
                ? 'It may not allow this page’s address. '
                : 'This page cannot tell a server that is not running from one that refuses this page’s address (CORS), so check both. '}
              To allow {location.origin}:
            </p>
            <For each={silent()}>{(finding) => <CorsFix finding={finding} />}</For>
          </details>
        </Show>
        <p>
          <button type="button" onClick={() => void refetch()}>
            Look again
          </button>{' '}
          A server elsewhere on your network: add its address in{' '}
          <a href="#/settings/model-servers">Settings → Model servers</a>.
        </p>
      </Show>
    </div>
  );
}
