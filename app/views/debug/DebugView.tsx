/** Debug: episodes with filters and details (waterfall per episode), and the truth window. */
import { EpisodesCard } from './EpisodesCard';
import { TruthWindow } from './TruthWindow';

export function DebugView() {
  return (
    <div class="view debug-view">
      <h1 class="view-title">Debug</h1>
      <EpisodesCard />
      <TruthWindow />
    </div>
  );
}
