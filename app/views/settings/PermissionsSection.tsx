/**
 * Settings → Permissions: the live leases (time left, who granted, Revoke), the
 * never-list (Remove), and a small form that grants a scoped lease for any agent.
 */
import { createSignal, For, Show } from 'solid-js';
import { messageOf } from '../../../core/errors';
import { CAPABILITIES } from '../../../core/policy/capabilities';
import type { NeverRule } from '../../../core/policy/types';
import { useDeviceNames } from '../../collab/device-names';
import {
  capabilityWords,
  describeCapability,
  describeSubject,
  formatDuration,
} from '../../components/policy/capability-words';
import { LeaseList } from '../../components/policy/LeaseList';
import { useApp } from '../../state/app-context';
import { checkGrantInput, GRANT_DURATIONS, type GrantInputError } from '../../state/policy-input';

const SCOPE_HINTS: Readonly<Record<string, string>> = {
  'net:http': 'example.com, *.example.com or example.com:8080',
  'fs:read': 'notes/* or reports/**',
  'fs:write': 'notes/* or reports/**',
  'project:read': 'read',
  'project:write': 'write',
};

export function PermissionsSection() {
  const { policy } = useApp();
  const devices = useDeviceNames();
  const [capability, setCapability] = createSignal<string>('net:http');
  const [scope, setScope] = createSignal('');
  const [ttl, setTtl] = createSignal<number>(GRANT_DURATIONS[0].ttl_secs);
  const [errors, setErrors] = createSignal<GrantInputError[]>([]);
  const [status, setStatus] = createSignal<{ text: string; error?: boolean }>();
  const errorOf = (field: GrantInputError['field']) => errors().find((e) => e.field === field)?.message;

  // "this device", the granting device's name, or "another device": never a raw id.
  const grantedBy = devices.labelOf;
  const run = (work: Promise<unknown>, done: string) => {
    setStatus(undefined);
    work.then(
      () => setStatus({ text: done }),
      (error: unknown) => setStatus({ text: messageOf(error), error: true }),
    );
  };
  const grant = (event: SubmitEvent) => {
    event.preventDefault();
    const checked = checkGrantInput({ capability: capability(), scope: scope(), ttl_secs: ttl() });
    if (!checked.ok) return setErrors(checked.error);
    setErrors([]);
    const { value } = checked;
    run(
      policy.grant(value).then(() => setScope('')),
      `Granted: any agent may ${describeCapability(value.capability, value.scope)} for ${formatDuration(value.ttl_secs * 1000)}.`,
    );
  };
  const ruleText = (rule: NeverRule) =>
    `${describeCapability(rule.capability, rule.scope)}${rule.scope ? ` (${rule.scope})` : ''}${
      rule.subject ? ` — ${describeSubject(rule.subject)}` : ''
    }`;

  return (
    <section class="card permissions" aria-labelledby="settings-permissions" data-testid="permissions">
      <h2 id="settings-permissions">Permissions</h2>
      <p class="muted">
        Agents ask before they use a permission. A lease lets them go on without asking until it ends; the never-list
        denies without asking.
      </p>
      <h3>Live leases</h3>
      <LeaseList
        leases={policy.leases()}
        grantedBy={grantedBy}
        onRevoke={(lease) => run(policy.revoke(lease.id, 'revoked in Settings'), 'Revoked.')}
      />
      <h3>Never</h3>
      <Show when={policy.nevers().length > 0} fallback={<p class="empty">Nothing is on the never-list.</p>}>
        <ul class="plain never-list">
          <For each={policy.nevers()}>
            {(rule) => (
              <li class="never" data-testid="never-rule" data-capability={rule.capability}>
                <span>Never {ruleText(rule)}</span>
                <button
                  type="button"
                  class="ghost"
                  aria-label={`Remove never ${rule.capability} ${rule.scope ?? ''}`.trim()}
                  onClick={() => run(policy.removeNever(rule), 'Removed from the never-list.')}
                >
                  Remove
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <h3>Grant</h3>
      <form class="grant-form" novalidate onSubmit={grant} data-testid="grant-form">
        <label>
          <span>Capability</span>
          <select value={capability()} onChange={(event) => setCapability(event.currentTarget.value)}>
            <For each={CAPABILITIES}>
              {(cap) => <option value={cap}>{`${cap} — ${capabilityWords(cap).label}`}</option>}
            </For>
          </select>
        </label>
        <label>
          <span>Scope</span>
          <input
            value={scope()}
            onInput={(event) => setScope(event.currentTarget.value)}
            placeholder={SCOPE_HINTS[capability()] ?? 'empty for every scope'}
            aria-invalid={errorOf('scope') ? 'true' : undefined}
            aria-describedby="grant-scope-help"
            autocomplete="off"
          />
        </label>
        <label>
          <span>Duration</span>
          <select value={ttl()} onChange={(event) => setTtl(Number(event.currentTarget.value))}>
            <For each={GRANT_DURATIONS}>{(choice) => <option value={choice.ttl_secs}>{choice.label}</option>}</For>
          </select>
        </label>
        <button type="submit" class="primary">
          Grant
        </button>
        <p id="grant-scope-help" class="grant-help" classList={{ 'tone-error': Boolean(errorOf('scope')) }}>
          {errorOf('scope') ?? errorOf('capability') ?? 'Leave the scope empty to cover every scope of the capability.'}
        </p>
      </form>
      <p role="status" classList={{ 'tone-error': status()?.error === true, muted: status()?.error !== true }}>
        {status()?.text}
      </p>
    </section>
  );
}
