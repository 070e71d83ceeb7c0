/** An update's changes before it is applied: permissions in plain words first, then every manifest field. */
import { For, Show } from 'solid-js';
import { describeCapability } from '../../components/policy/capability-words';
import { toolCapability } from '../../../core/tools/builtin';
import { manifestDiff, permissionDiff } from '../../recipes/diff';
import type { RecipeManifest } from '../../../spec/recipe';

const show = (value: unknown) => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

export function UpdateDiff(props: { before: RecipeManifest; after: RecipeManifest }) {
  const permissions = () => permissionDiff(props.before, props.after, toolCapability, (c) => describeCapability(c));
  const fields = () => manifestDiff(props.before, props.after);
  return (
    <div class="update-diff" data-testid="update-diff">
      <h3>Permissions</h3>
      <Show when={permissions().length > 0} fallback={<p class="muted">No change to what it may do.</p>}>
        <ul class="permission-changes">
          <For each={permissions()}>
            {(change) => (
              <li data-testid="permission-change" data-change={change.change} class={`change-${change.change}`}>
                {change.words}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <h3>Manifest</h3>
      <Show when={fields().length > 0} fallback={<p class="muted">No field changes.</p>}>
        <table class="field-changes">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Change</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            <For each={fields()}>
              {(change) => (
                <tr data-testid="field-change" data-path={change.path} class={`change-${change.change}`}>
                  <td>
                    <code>{change.path}</code>
                  </td>
                  <td>{change.change}</td>
                  <td class="mono">{show(change.before)}</td>
                  <td class="mono">{show(change.after)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </div>
  );
}
