/**
 * The policy lane: live leases with time left and Revoke, and the permission decisions
 * of the selected episode (filtered from the one stream by its corr_id).
 */
import { createSignal, Show } from 'solid-js';
import { messageOf } from '../../../core/errors';
import { useDeviceNames } from '../../collab/device-names';
import { useApp } from '../../state/app-context';
import { DecisionList } from '../policy/DecisionList';
import { LeaseList } from '../policy/LeaseList';

export function PolicyLane() {
  const { policy, stream } = useApp();
  const devices = useDeviceNames();
  const [problem, setProblem] = createSignal<string>();
  // The granting device by the name it goes by ("another device" when none is known).
  const grantedBy = devices.labelOf;
  return (
    <section class="lane" aria-labelledby="lane-policy" data-testid="policy-lane">
      <header class="lane-head">
        <h2 id="lane-policy">Policy</h2>
        <span class="muted">{policy.leases().length} live lease(s)</span>
      </header>
      <LeaseList
        compact
        leases={policy.leases()}
        grantedBy={grantedBy}
        onRevoke={(lease) => {
          setProblem(undefined);
          policy.revoke(lease.id).catch((error: unknown) => setProblem(messageOf(error)));
        }}
      />
      <Show when={problem()}>
        {(text) => (
          <p class="tone-error" role="status">
            {text()}
          </p>
        )}
      </Show>
      <Show when={stream.selectedCorrId()}>
        {(corrId) => (
          <div class="lane-sub" data-testid="policy-decisions">
            <h3 class="lane-subhead">This episode</h3>
            <DecisionList events={policy.decisionsFor(corrId())} />
          </div>
        )}
      </Show>
    </section>
  );
}
