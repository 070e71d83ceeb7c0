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

const count = (n: number) => n.toLocaleString('en');

/** What a canceled import wrote, and that importing the same file again finishes it (merging is by id). */
export function canceledImportText(summary: ImportSummary): string {
  const docs = summary.documentsInFile === 1 ? 'document' : 'documents';
  const already = summary.skipped > 0 ? ` (${count(summary.skipped)} were already here)` : '';
  return (
    `Import canceled: ${count(summary.added)} of ${count(summary.events)} events${already} and ` +
    `${count(summary.documents)} of ${count(summary.documentsInFile)} ${docs} were added. ` +
    'Import the same file again to add the rest; nothing will be doubled.'
  );
}

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
  // Cancel pressed during an import: the batch being written finishes first.
  const [stopping, setStopping] = createSignal(false);
  const onProgress = (next: VaultProgress) => setProgress(next);

  async function step<T>(name: VaultPhase, run: () => Promise<T>, after: VaultPhase = 'idle'): Promise<T | undefined> {
    setPhase(name);
    setStopping(false);
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
      setStopping(false);
    }
  }

  return {
    phase,
    progress,
    error,
    notice,
    plan,
    summary,
    stopping,
    progressLabel: () => {
      const now = progress();
      const label = now ? `${PHASE_WORDS[now.phase]}: ${now.done} of ${now.total}` : '';
      return stopping() ? `Stopping after what is being written now… ${label}`.trim() : label;
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
    cancel() {
      if (phase() === 'importing') setStopping(true);
      void service.cancel();
    },
  };
}

export type DataPanel = ReturnType<typeof createDataPanel>;
