/**
 * The state behind Settings → Data's vault controls: one operation at a time (export,
 * check, import), its progress, the checked file's plan, the result and the error in
 * words. The component only renders this; the work is in the vault service.
 */
import { createSignal } from 'solid-js';
import { describeError, isAppError, messageOf } from '../../core/errors';
import type { ImportPlan, ImportSummary, VaultProgress, VaultService } from './vault-service';

export type VaultPhase = 'idle' | 'exporting' | 'checking' | 'checked' | 'importing';

const PHASE_WORDS: Record<VaultProgress['phase'], string> = {
  key: 'Checking the passphrase',
  verify: 'Checking every part’s hash',
  journal: 'Events',
  documents: 'Documents',
  settings: 'Settings',
  done: 'Done',
};

/** A sentence for a failure: the catalog's words, then what the error names (part, line, format). */
export function vaultErrorText(error: unknown): string {
  if (isAppError(error)) return describeError(error.code, error.message);
  return `Something went wrong: ${messageOf(error)}`;
}

export function createDataPanel(service: VaultService) {
  const [phase, setPhase] = createSignal<VaultPhase>('idle');
  const [progress, setProgress] = createSignal<VaultProgress | undefined>();
  const [error, setError] = createSignal<string | undefined>();
  const [notice, setNotice] = createSignal<string | undefined>();
  const [plan, setPlan] = createSignal<ImportPlan | undefined>();
  const [summary, setSummary] = createSignal<ImportSummary | undefined>();
  const onProgress = (next: VaultProgress) => setProgress(next);

  async function step<T>(name: VaultPhase, run: () => Promise<T>, after: VaultPhase = 'idle'): Promise<T | undefined> {
    setPhase(name);
    setError(undefined);
    setNotice(undefined);
    setProgress(undefined);
    try {
      const result = await run();
      setPhase(after);
      return result;
    } catch (caught) {
      setPhase('idle');
      setError(vaultErrorText(caught));
      return undefined;
    } finally {
      setProgress(undefined);
    }
  }

  return {
    phase,
    progress,
    error,
    notice,
    plan,
    summary,
    progressLabel: () => {
      const now = progress();
      return now ? `${PHASE_WORDS[now.phase]}: ${now.done} of ${now.total}` : '';
    },
    async exportVault(passphrase: string, again: string) {
      if (passphrase !== again) {
        setError('The two passphrases differ: type the same passphrase twice, or leave both empty.');
        return;
      }
      setSummary(undefined);
      const name = await step('exporting', () => service.save({ ...(passphrase ? { passphrase } : {}), onProgress }));
      if (name) setNotice(`Exported to ${name}${passphrase ? ', encrypted with your passphrase' : ''}.`);
    },
    async check(file: Blob | undefined, passphrase: string) {
      setPlan(undefined);
      setSummary(undefined);
      if (!file) return;
      const checked = await step('checking', () => service.inspect(file, passphrase, onProgress), 'checked');
      if (checked) setPlan(checked);
    },
    async importChecked() {
      const done = await step('importing', () => service.importChecked(onProgress));
      setPlan(undefined);
      if (done) setSummary(done);
    },
    cancel: () => void service.cancel(),
  };
}

export type DataPanel = ReturnType<typeof createDataPanel>;
