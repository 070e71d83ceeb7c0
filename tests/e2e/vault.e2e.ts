/**
 * Vault export and import end to end (issue 13 items 1–2, SPEC §8), in real Chromium
 * profiles through Settings → Data: a journal of VAULT_E2E_EVENTS events and 10 Yjs
 * documents exported (a download), imported into a fresh profile: the same events in
 * the same order and the same document contents; imported again: nothing doubles. An
 * encrypted vault round-trips; a wrong passphrase, a cut-short file and a tampered part
 * are refused naming the part, nothing written; axe is clean at both sizes. Cancel during
 * an import (reached with the keyboard) stops between batches and says how far it got;
 * importing again finishes with the source's ids and no doubles.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { IMPORT_BATCH } from '../../core/vault/merge';
import { launchBrowser, openApp, type TestBrowser } from '../support/browser';
import { startServer, type TestServer } from '../support/server';

/**
 * The issue asks for 100k. Measured here (2 cores) with VAULT_E2E_EVENTS=100000: export
 * 3.6 s, check + import 35.8 s, the whole test 151 s; CI runs 3000 (~10 s) to stay fast.
 */
const VAULT_E2E_EVENTS = Number(process.env.VAULT_E2E_EVENTS ?? 3000);
const DOCS = 10;
const CHEAP_KDF_NOTE = 'the UI uses the real Argon2id cost (64 MiB, t=3)';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
type AxeWindow = Window & { axe?: typeof import('axe-core') };

let server: TestServer;
const browsers: TestBrowser[] = [];

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await server?.close();
});

/** A fresh profile whose page has no save picker, so the export is offered as a download. */
async function freshProfile(): Promise<Page> {
  const browser = await launchBrowser();
  browsers.push(browser);
  await browser.context.addInitScript(() => {
    delete (Window.prototype as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker;
    delete (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  return openApp(browser.context, server.url, '/#/settings/data');
}

function docUpdate(index: number): number[] {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, `document ${index}: `);
  doc.getText('t').insert(doc.getText('t').length, 'x'.repeat(index * 100));
  return [...Y.encodeStateAsUpdate(doc)];
}

/** Writes `DOCS` documents the way y-indexeddb stores them (one database per document, an `updates` store). */
async function seedDocs(page: Page): Promise<void> {
  const docs = Array.from({ length: DOCS }, (_, i) => ({ name: `arw-yjs:p${i}/thread/main`, update: docUpdate(i) }));
  await page.evaluate(async (docs) => {
    for (const { name, update } of docs) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onupgradeneeded = () => {
          open.result.createObjectStore('updates', { autoIncrement: true });
          open.result.createObjectStore('custom');
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('updates', 'readwrite');
        tx.objectStore('updates').add(new Uint8Array(update));
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    }
  }, docs);
}

async function seedEvents(page: Page, count: number): Promise<void> {
  await page.evaluate(async (count) => {
    const arw = window.arw!;
    for (let start = 0; start < count; start += 1000) {
      const batch = [];
      for (let i = start; i < Math.min(count, start + 1000); i++)
        batch.push(arw.make('obs.recorded', { source: 'e2e', text: `vault #${i}` }, { corr_id: `vault-${i % 50}` }));
      await arw.journal.appendBatch(batch);
    }
  }, count);
}

/** Every event without its local seq, in journal order. */
function journalOf(page: Page): Promise<Record<string, unknown>[]> {
  return page.evaluate(async () => {
    const out: Record<string, unknown>[] = [];
    await window.arw!.journal.scan((events) => {
      for (const { seq: _seq, ...event } of events) out.push(event);
    });
    return out;
  });
}

/** Each stored document's text, read from its rows (merged in Node with Yjs). */
async function docTexts(page: Page): Promise<Record<string, string>> {
  const rows = await page.evaluate(async () => {
    const out: Record<string, number[][]> = {};
    for (const info of await indexedDB.databases()) {
      if (!info.name?.startsWith('arw-yjs:p')) continue;
      const db = await new Promise<IDBDatabase>((resolve) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
      });
      const all = await new Promise<Uint8Array[]>((resolve) => {
        const req = db.transaction('updates').objectStore('updates').getAll();
        req.onsuccess = () => resolve(req.result as Uint8Array[]);
      });
      out[info.name] = all.map((u) => [...u]);
      db.close();
    }
    return out;
  });
  const texts: Record<string, string> = {};
  for (const [name, updates] of Object.entries(rows)) {
    const doc = new Y.Doc();
    for (const update of updates) Y.applyUpdate(doc, new Uint8Array(update));
    texts[name] = doc.getText('t').toString();
  }
  return texts;
}

/** Exports through Settings → Data and returns the downloaded file's path. */
async function exportThroughUi(page: Page, passphrase = ''): Promise<string> {
  await page.getByTestId('vault-passphrase').fill(passphrase);
  await page.getByTestId('vault-passphrase-again').fill(passphrase);
  const download = page.waitForEvent('download', { timeout: 110_000 });
  await page.getByTestId('vault-export').click();
  // A failed export shows its error instead of a download: fail with its words.
  const failed = shown(page, 'vault-error').then(async () => {
    throw new Error(`export failed: ${await textOf(page, 'vault-error')}`);
  });
  const path = await (await Promise.race([download, failed])).path();
  expect(path).toBeTruthy();
  return path!;
}

async function chooseVault(page: Page, path: string, passphrase = ''): Promise<void> {
  await page.getByTestId('vault-import-passphrase').fill(passphrase);
  await page.getByTestId('vault-import-file').setInputFiles(path);
}

const shown = (page: Page, testId: string) =>
  page.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '', testId, {
    timeout: 110_000,
  });

const textOf = (page: Page, testId: string) =>
  page.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '', testId);

/** axe's violations inside Settings → Data, and whether the page scrolls sideways. */
async function a11yOfData(page: Page) {
  if (!(await page.evaluate(() => Boolean((window as AxeWindow).axe)))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const section = document.querySelector('[data-testid="data-section"]')!;
    const result = await (window as AxeWindow).axe!.run(section, { resultTypes: ['violations'] });
    return {
      violations: result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      sideways: document.documentElement.scrollWidth > innerWidth,
    };
  });
}

/** Only the events that came from the source, in the target's order. */
const fromSource = (target: Record<string, unknown>[], source: Record<string, unknown>[]) => {
  const ids = new Set(source.map((event) => event.id));
  return target.filter((event) => ids.has(event.id));
};

let plainVault = '';
let source: Record<string, unknown>[] = [];
let sourceDocs: Record<string, string> = {};

test(`export ${VAULT_E2E_EVENTS} events and ${DOCS} documents, import into a fresh profile: same journal and documents; again: nothing doubles`, async () => {
  const page = await freshProfile();
  await seedEvents(page, VAULT_E2E_EVENTS);
  await seedDocs(page);
  source = await journalOf(page);
  sourceDocs = await docTexts(page);
  expect(Object.keys(sourceDocs)).toHaveLength(DOCS);

  const started = Date.now();
  plainVault = await exportThroughUi(page);
  const exportMs = Date.now() - started;
  const bytes = readFileSync(plainVault);
  expect(bytes.subarray(0, 2).toString()).toBe('PK');

  const fresh = await freshProfile();
  const importStart = Date.now();
  await chooseVault(fresh, plainVault);
  await shown(fresh, 'vault-plan');
  expect(await textOf(fresh, 'vault-plan')).toContain(`${source.length.toLocaleString('en')} new events to add`);
  await fresh.getByTestId('vault-import').click();
  await shown(fresh, 'vault-summary');
  const importMs = Date.now() - importStart;
  console.log(
    `vault e2e: ${source.length} events, ${bytes.length} bytes; export ${exportMs} ms, check + import ${importMs} ms`,
  );
  const imported = await journalOf(fresh);
  expect(fromSource(imported, source)).toEqual(source);
  expect(await docTexts(fresh)).toEqual(sourceDocs);

  // The same file again: the input does not change, so Check the file reads it again.
  await fresh.getByTestId('vault-check').click();
  await shown(fresh, 'vault-plan');
  expect(await textOf(fresh, 'vault-plan')).toContain('0 new events to add');
  await fresh.getByTestId('vault-import').click();
  await shown(fresh, 'vault-summary');
  expect(await textOf(fresh, 'vault-summary')).toContain('Imported 0 events');
  const twice = await journalOf(fresh);
  expect(twice.length).toBe(imported.length);
  expect(fromSource(twice, source)).toEqual(source);
  expect(await docTexts(fresh)).toEqual(sourceDocs);
});

test(`encrypted round trip (${CHEAP_KDF_NOTE}); a wrong passphrase is refused naming the part, nothing written`, async () => {
  const page = await freshProfile();
  await seedEvents(page, 500);
  await seedDocs(page);
  const events = await journalOf(page);
  const encrypted = await exportThroughUi(page, 'correct horse battery');
  expect(readFileSync(encrypted).includes('vault #1')).toBe(false);

  const fresh = await freshProfile();
  const before = await journalOf(fresh);
  await chooseVault(fresh, encrypted, 'wrong passphrase');
  await shown(fresh, 'vault-error');
  const error = await textOf(fresh, 'vault-error');
  expect(error).toMatch(/Wrong passphrase/);
  expect(error).toContain('journal.ndjson');
  expect(await fresh.getByTestId('vault-import').count()).toBe(0);
  expect((await journalOf(fresh)).length).toBe(before.length);
  expect(await docTexts(fresh)).toEqual({});
  expect(await a11yOfData(fresh)).toEqual({ violations: [], sideways: false });
  await fresh.setViewportSize({ width: 390, height: 844 });
  expect(await a11yOfData(fresh)).toEqual({ violations: [], sideways: false });
  await fresh.setViewportSize({ width: 1280, height: 800 });

  await fresh.getByTestId('vault-import-passphrase').fill('correct horse battery');
  await fresh.getByTestId('vault-check').click();
  await shown(fresh, 'vault-plan');
  expect(await a11yOfData(fresh)).toEqual({ violations: [], sideways: false });
  await fresh.getByTestId('vault-import').click();
  await shown(fresh, 'vault-summary');
  expect(fromSource(await journalOf(fresh), events)).toEqual(events);
  expect(Object.keys(await docTexts(fresh))).toHaveLength(DOCS);
});

test('a cut-short or tampered vault is refused through the UI naming the part, nothing written', async () => {
  expect(plainVault).not.toBe('');
  const bytes = readFileSync(plainVault);
  const cut = `${plainVault}-cut.arwvault`;
  writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
  const fresh = await freshProfile();
  const before = (await journalOf(fresh)).length;
  await chooseVault(fresh, cut);
  await shown(fresh, 'vault-error');
  expect(await textOf(fresh, 'vault-error')).toMatch(/cut short.*journal\.ndjson/s);

  // One event's text changed inside the journal part: the zip is whole, the part no longer matches its hash.
  const files = unzipSync(new Uint8Array(bytes));
  files['journal.ndjson'] = strToU8(strFromU8(files['journal.ndjson']!).replace('vault #1"', 'vault #X"'));
  const tampered = `${plainVault}-tampered.arwvault`;
  writeFileSync(tampered, zipSync(files));
  await chooseVault(fresh, tampered);
  await fresh.getByTestId('vault-check').click();
  await fresh.waitForFunction(() =>
    /SHA-256/.test(document.querySelector('[data-testid="vault-error"]')?.textContent ?? ''),
  );
  expect(await textOf(fresh, 'vault-error')).toContain('journal.ndjson');
  expect((await journalOf(fresh)).length).toBe(before);
  expect(await docTexts(fresh)).toEqual({});
});

/** Enough events for four import batches, so a Cancel after the first one has batches left to skip. */
const CANCEL_EVENTS = 4 * IMPORT_BATCH;

test(
  `Cancel during an import of ${CANCEL_EVENTS} events stops at a batch boundary and says how far; importing again adds only the rest, no doubles`,
  { timeout: 300_000 },
  async () => {
    const page = await freshProfile();
    await seedEvents(page, CANCEL_EVENTS);
    await seedDocs(page);
    const events = await journalOf(page);
    const docs = await docTexts(page);
    const vault = await exportThroughUi(page);

    const fresh = await freshProfile();
    await chooseVault(fresh, vault);
    await shown(fresh, 'vault-plan');
    await fresh.getByTestId('vault-import').click();
    // The first batch is written: its progress reached the bar.
    await fresh.waitForFunction(
      (batch) => Number(document.querySelector<HTMLProgressElement>('[data-testid="vault-progress"]')?.value) >= batch,
      IMPORT_BATCH,
      { timeout: 110_000 },
    );
    // Cancel stays enabled and is the next stop after the passphrase field (Check and Import are disabled meanwhile).
    await fresh.getByTestId('vault-import-passphrase').focus();
    await fresh.keyboard.press('Tab');
    expect(await fresh.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe(
      'vault-cancel',
    );
    await fresh.keyboard.press('Enter');
    await shown(fresh, 'vault-import-canceled');
    const message = await textOf(fresh, 'vault-import-canceled');
    const words =
      /^Import canceled: ([\d,]+) of ([\d,]+) events and (\d+) of (\d+) documents were added\. Import the same file again to add the rest; nothing will be doubled\.$/.exec(
        message,
      );
    expect(words, message).not.toBeNull();
    const added = Number(words![1]!.replaceAll(',', ''));
    expect(Number(words![2]!.replaceAll(',', ''))).toBe(events.length);
    // The app keeps documents of its own besides the seeded ones.
    expect(Number(words![4])).toBeGreaterThanOrEqual(DOCS);
    // Stopped between batches: whole batches written, in order, and not all of them.
    expect(added % IMPORT_BATCH).toBe(0);
    expect(added).toBeGreaterThanOrEqual(IMPORT_BATCH);
    expect(added).toBeLessThan(events.length);
    expect(fromSource(await journalOf(fresh), events)).toEqual(events.slice(0, added));
    expect(await a11yOfData(fresh)).toEqual({ violations: [], sideways: false });

    await fresh.getByTestId('vault-check').click();
    await shown(fresh, 'vault-plan');
    expect(await textOf(fresh, 'vault-plan')).toContain(
      `${(events.length - added).toLocaleString('en')} new events to add, ${added.toLocaleString('en')} events already here`,
    );
    await fresh.getByTestId('vault-import').click();
    await shown(fresh, 'vault-summary');
    const journal = await journalOf(fresh);
    expect(fromSource(journal, events).map((event) => event.id)).toEqual(events.map((event) => event.id));
    expect(new Set(journal.map((event) => event.id)).size).toBe(journal.length);
    expect(await docTexts(fresh)).toEqual(docs);
  },
);
