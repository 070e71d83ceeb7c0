import { createRoot } from 'solid-js';
import { expect, test } from 'vitest';
import type { ImportSummary, VaultProgress, VaultService } from './vault-service';
import { canceledImportText, createDataPanel } from './data-panel';

const summary = (over: Partial<ImportSummary>): ImportSummary => ({
  added: 0,
  skipped: 0,
  documents: 0,
  settings: 0,
  canceled: true,
  events: 100_000,
  documentsInFile: 10,
  ...over,
});

test('a canceled import says in words how far it got and that importing again adds only the rest', () => {
  expect(canceledImportText(summary({ added: 12_000, documents: 3 }))).toBe(
    'Import canceled: 12,000 of 100,000 events and 3 of 10 documents were added. ' +
      'Import the same file again to add the rest; nothing will be doubled.',
  );
  expect(canceledImportText(summary({ added: 5, skipped: 7, events: 12, documentsInFile: 1 }))).toContain(
    '5 of 12 events (7 were already here) and 0 of 1 document were added.',
  );
});

test('Cancel during an import is passed on, the label says it stops after the current write, and the summary is kept', async () => {
  let finish: (value: ImportSummary) => void = () => undefined;
  let progress: ((p: VaultProgress) => void) | undefined;
  let cancels = 0;
  // The panel's only collaborator; the real service needs the vault worker (covered by tests/e2e/vault.e2e.ts).
  const service = {
    importChecked: (onProgress?: (p: VaultProgress) => void) => {
      progress = onProgress;
      return new Promise<ImportSummary>((resolve) => (finish = resolve));
    },
    cancel: async () => void cancels++,
  } as unknown as VaultService;
  await createRoot(async (dispose) => {
    const panel = createDataPanel(service);
    const importing = panel.importChecked();
    expect(panel.phase()).toBe('importing');
    progress?.({ phase: 'journal', done: 5000, total: 20_000 });
    panel.cancel();
    expect(cancels).toBe(1);
    expect(panel.stopping()).toBe(true);
    expect(panel.progressLabel()).toBe('Stopping after what is being written now… Events: 5000 of 20000');
    finish(summary({ added: 10_000, events: 20_000 }));
    await importing;
    expect(panel.phase()).toBe('idle');
    expect(panel.stopping()).toBe(false);
    expect(panel.summary()).toMatchObject({ canceled: true, added: 10_000 });
    dispose();
  });
});
