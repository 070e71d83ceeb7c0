/** The Episodes card's filters (reference A.19): status, kind prefix, project, text, Details, Reset. */
import { For } from 'solid-js';
import { STATUS_OPTIONS, type EpisodeFiltersState, type StatusFilter } from '../../state/episode-filters';

export function EpisodeFilterBar(props: { state: EpisodeFiltersState }) {
  const f = () => props.state.filters();
  return (
    <div class="filters" role="group" aria-label="Episode filters">
      <label>
        Status
        <select
          value={f().status}
          onChange={(e) => props.state.set({ status: e.currentTarget.value as StatusFilter })}
          data-testid="filter-status"
        >
          <For each={STATUS_OPTIONS}>{(option) => <option value={option}>{option}</option>}</For>
        </select>
      </label>
      <label>
        Kind prefix
        <input
          type="text"
          placeholder="tool."
          value={f().kindPrefix}
          onInput={(e) => props.state.set({ kindPrefix: e.currentTarget.value })}
          data-testid="filter-kind"
          size="10"
        />
      </label>
      <label>
        Project
        <input
          type="text"
          placeholder="project id"
          value={f().project}
          onInput={(e) => props.state.set({ project: e.currentTarget.value })}
          data-testid="filter-project"
          size="10"
        />
      </label>
      <label class="grow">
        Search
        <input
          type="search"
          placeholder="id, kind, actor, error"
          value={f().text}
          onInput={(e) => props.state.set({ text: e.currentTarget.value })}
          data-testid="filter-text"
        />
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={f().details}
          onChange={(e) => props.state.set({ details: e.currentTarget.checked })}
          data-testid="filter-details"
        />
        Details
      </label>
      <button type="button" class="ghost" onClick={() => props.state.reset()}>
        Reset
      </button>
    </div>
  );
}
