/** Training: not built yet; says what will arrive here (SPEC §5) instead of showing fake dials. */
import { EmptyState } from '../../components/common/EmptyState';

export function TrainingView() {
  return (
    <div class="view">
      <h1 class="view-title">Training</h1>
      <EmptyState title="Not built yet">
        <p>
          This is where the feedback engine and the governor will be tuned: dials for retrieval diversity, temperature
          and tool retry budget, meters that move as you change them, and a small probe chat to try the result.
        </p>
        <p class="muted">
          Until then, nothing here is simulated. Episodes you run in Chat are already recorded in the journal.
        </p>
      </EmptyState>
    </div>
  );
}
