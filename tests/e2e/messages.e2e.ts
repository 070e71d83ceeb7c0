/**
 * Messages people can read (issue 12 item 3), in real Chromium with the scripted
 * OpenAI-compatible server: a Markdown reply renders as HTML and its code block's Copy
 * puts exactly the code on the clipboard (and each message has its own Copy); a reply
 * with <script>, on* attributes or javascript: links runs nothing; Regenerate twice keeps
 * one user message with three answers to switch between; edit-and-resend adds the edited
 * text as the next answer; while a long reply streams, the earlier messages keep their
 * DOM nodes untouched. axe finds nothing in the conversation.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';
import { startOpenAiServer, type OpenAiTestServer } from '../support/openai-server';
import { episodeEnd, episodeEvents, sendMessage } from './agent-helpers';

const fx = useAppFixture();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let llm: OpenAiTestServer;
let page: Page;

type TestWindow = Window & { __pwned?: number; axe?: typeof import('axe-core') };
/** What the streaming test keeps in the page: marked nodes, mutations of earlier turns, renders and frames. */
interface StreamWindow {
  marked: Element[];
  mutations: number;
  renders: number;
  frames: number;
  stopFrames?: boolean;
}

beforeAll(async () => {
  llm = await startOpenAiServer({ models: ['tiny'], tokenDelayMs: 2 });
});
afterAll(async () => llm?.close());

const CODE = 'const answer: number = 42;\nconsole.log(`the answer is ${answer}`);';
const MARKDOWN_REPLY = `Here is **the code**:\n\n\`\`\`ts\n${CODE}\n\`\`\`\n\nSee [the docs](https://example.com/docs) and \`inline\`.`;

/** The article of the turn whose (shown) user message is `text`. */
const turnOf = (text: string) =>
  page.locator('article.turn').filter({ has: page.getByTestId('user-message').filter({ hasText: text }) });

/** Sends `text` and waits until its episode has ended in the journal and the turn shows it ended. */
async function sendAndWait(text: string) {
  await sendMessage(page, text);
  await waitEnded(text, 1);
}

/** Waits until `count` episodes were started with `input` and all of them ended. */
async function waitEnded(input: string, count: number) {
  await expect
    .poll(
      () =>
        page.evaluate(
          async ({ input }) => {
            const arw = window.arw!;
            const started = (await arw.journal.query({ kindPrefixes: ['episode.started'], limit: 200 })).events.filter(
              (e) => (e.payload as { input?: string }).input === input,
            );
            const ends = await Promise.all(
              started.map(async (s) =>
                (await arw.journal.query({ corrId: s.corr_id!, limit: 1000 })).events.some((e) =>
                  ['episode.completed', 'episode.error', 'episode.canceled'].includes(e.kind),
                ),
              ),
            );
            return `${started.length}:${ends.filter(Boolean).length}`;
          },
          { input },
        ),
      { timeout: 30_000, interval: 100 },
    )
    .toBe(`${count}:${count}`);
  await expect.poll(() => page.locator('[data-testid="assistant-message"][data-status="running"]').count()).toBe(0);
}

/** A reply's rendered text (marked ends each block with a newline). */
const replyOf = (turn: ReturnType<Page['locator']>) =>
  turn
    .getByTestId('reply-text')
    .textContent()
    .then((t) => t?.trim());

const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

test('a Markdown reply renders as HTML; Copy on its code block puts exactly the code on the clipboard; each message has Copy', async () => {
  await fx.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: fx.server.url });
  page = await openApp(fx.browser.context, fx.server.url, '/#/chat');
  await page.evaluate((baseUrl) => window.arw!.servers.save({ baseUrl, model: 'tiny', apiKey: '' }), llm.url);
  const picker = page.getByRole('combobox', { name: 'Model', exact: true });
  await expect.poll(() => picker.locator('option[value="openai:tiny"]').count(), { timeout: 30_000 }).toBe(1);
  await expect.poll(() => picker.isEnabled(), { timeout: 60_000 }).toBe(true);
  await picker.selectOption('openai:tiny');
  await page.locator('[data-testid="model-label"][data-model-id="openai:tiny"]').waitFor({ timeout: 30_000 });

  llm.script({ text: MARKDOWN_REPLY });
  const prompt = 'Show me some TypeScript.';
  await sendAndWait(prompt);
  const turn = turnOf(prompt);
  const reply = turn.getByTestId('reply-text');
  expect(await reply.locator('strong').textContent()).toBe('the code');
  expect(await reply.locator('pre > code').count()).toBe(1);
  expect(await reply.locator('pre > code').getAttribute('class')).toBe('language-ts');
  expect(await reply.getByTestId('code-lang').textContent()).toBe('ts');
  expect(await reply.locator(':not(pre) > code').textContent()).toBe('inline');
  const link = reply.locator('a');
  expect(await link.getAttribute('href')).toBe('https://example.com/docs');
  expect(await link.getAttribute('target')).toBe('_blank');
  expect(await link.getAttribute('rel')).toBe('noopener noreferrer');

  const copyCode = reply.getByTestId('copy-code');
  await copyCode.click();
  await expect.poll(() => copyCode.textContent()).toBe('Copied');
  expect(await clipboard()).toBe(CODE);

  await turn.getByTestId('copy-answer').click();
  await expect.poll(() => turn.getByTestId('copy-answer').textContent()).toBe('Copied');
  expect(await clipboard()).toBe(MARKDOWN_REPLY);
  await turn.getByTestId('copy-user').click();
  await expect.poll(clipboard).toBe(prompt);
  // The user's own message stays plain text: Markdown in it is not rendered.
  llm.script({ text: 'Plain it is.' });
  await sendAndWait('**not bold** <b>nor this</b>');
  const mine = turnOf('**not bold**').getByTestId('user-message');
  expect(await mine.locator('strong, b').count()).toBe(0);
  expect(await mine.textContent()).toContain('**not bold** <b>nor this</b>');
});

test('a refused clipboard says so in words', async () => {
  await fx.browser.context.clearPermissions();
  await page.evaluate(() => {
    // As a browser that refuses: the clipboard API rejects with NotAllowedError.
    navigator.clipboard.writeText = () =>
      Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  });
  const turn = turnOf('Show me some TypeScript.');
  await turn.getByTestId('copy-answer').click();
  await expect
    .poll(() => turn.getByTestId('copy-error').first().textContent())
    .toMatch(/^Copy failed: the browser refused clipboard access/);
  await turn.getByTestId('copy-code').click();
  await expect
    .poll(() => turn.locator('[role="alert"][data-testid="copy-error"]').textContent())
    .toMatch(/^Copy failed: the browser refused clipboard access/);
  expect(await turn.getByTestId('copy-code').textContent()).toBe('Copy');
  await page.reload();
  await page.waitForFunction(() => Boolean(window.arw));
  await fx.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: fx.server.url });
  await page.locator('[data-testid="model-label"][data-model-id="openai:tiny"]').waitFor({ timeout: 30_000 });
});

test('a reply with <script>, on* attributes and javascript: links runs nothing', async () => {
  const hostile = [
    'Look: <script>window.__pwned=1</script>',
    '<img src=x onerror="window.__pwned=1">',
    '<svg onload="window.__pwned=1"><circle r="4"/></svg>',
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    '<a href="javascript:window.__pwned=1">a link</a> and [another](javascript:window.__pwned=1)',
    '<div onclick="window.__pwned=1" style="position:fixed;inset:0">cover</div>',
    '<form action="https://example.com"><input name="q"><button>Go</button></form>',
  ].join('\n\n');
  llm.script({ text: hostile });
  const prompt = 'Say something dangerous.';
  await sendAndWait(prompt);
  const reply = turnOf(prompt).getByTestId('reply-text');
  // The <img> stayed (without its handler): wait until its load failed, when onerror would have run.
  await page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLImageElement>('[data-testid="reply-text"] img')].some((img) => img.complete),
  );
  await reply.locator('a').first().click();
  await reply.getByText('cover').click();
  const found = await reply.evaluate((root) => ({
    dangerous: root.querySelectorAll('script, iframe, svg, form, input, button:not(.code-copy), style').length,
    handlers: [...root.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes].filter((a) => /^on/i.test(a.name) || a.name === 'style').map((a) => a.name),
    ),
    hrefs: [...root.querySelectorAll('a')].map((a) => a.getAttribute('href')),
    text: root.textContent,
  }));
  expect(found.dangerous).toBe(0);
  expect(found.handlers).toEqual([]);
  expect(found.hrefs.filter((href) => href && /^\s*javascript:/i.test(href))).toEqual([]);
  expect(found.text).toContain('a link');
  expect(await page.evaluate(() => (window as TestWindow).__pwned)).toBeUndefined();
  expect(page.url()).toContain('/#/chat');
});

test('Regenerate twice: one user message, three answers, switchable with ‹ ›; history has the question once', async () => {
  llm.script({ text: 'First answer.' }, { text: 'Second answer.' }, { text: 'Third answer.' });
  const prompt = 'Tell me one fact.';
  await sendAndWait(prompt);
  for (const count of [2, 3]) {
    await page.getByRole('button', { name: 'Regenerate' }).click();
    await waitEnded(prompt, count);
  }
  expect(await page.getByTestId('user-message').filter({ hasText: prompt }).count()).toBe(1);
  const turn = turnOf(prompt);
  const nav = turn.getByTestId('variant-nav');
  expect([await nav.getAttribute('data-shown'), await nav.getAttribute('data-count')]).toEqual(['3', '3']);
  expect(await replyOf(turn)).toBe('Third answer.');
  // Each regeneration is a new episode naming the turn's first one.
  const events = await page.evaluate(async () => window.arw!.journal.query({ kindPrefixes: ['episode.started'] }));
  const started = events.events
    .filter((e) => (e.payload as { input?: string }).input === prompt)
    .map((e) => ({ corr: e.corr_id, turnOf: (e.payload as { turn_of?: string }).turn_of }))
    .reverse();
  expect(started.map((s) => s.turnOf)).toEqual([undefined, started[0]!.corr, started[0]!.corr]);
  expect(await turn.getAttribute('data-turn-id')).toBe(started[0]!.corr);
  // The model got the question once (the turn's earlier answers are not history).
  const messages = llm.bodies.at(-1)!.messages as { role: string; content: string }[];
  expect(messages.filter((m) => m.content === prompt)).toHaveLength(1);
  expect(messages.some((m) => m.content === 'First answer.' || m.content === 'Second answer.')).toBe(false);

  const position = turn.getByTestId('variant-position');
  await turn.getByRole('button', { name: 'Previous answer' }).click();
  await expect.poll(() => replyOf(turn)).toBe('Second answer.');
  expect(await position.locator('.sr-only').textContent()).toBe('Answer 2 of 3');
  expect(await position.getAttribute('aria-live')).toBe('polite');
  await turn.getByRole('button', { name: 'Previous answer' }).click();
  await expect.poll(() => replyOf(turn)).toBe('First answer.');
  expect(await turn.getByRole('button', { name: 'Previous answer' }).isDisabled()).toBe(true);
  await turn.getByRole('button', { name: 'Next answer' }).click();
  await turn.getByRole('button', { name: 'Next answer' }).click();
  await expect.poll(() => replyOf(turn)).toBe('Third answer.');
  expect(await position.locator('.sr-only').textContent()).toBe('Answer 3 of 3');
});

test('edit-and-resend: Escape cancels; Enter sends the edited text as the next answer of the same turn', async () => {
  const prompt = 'Tell me one fact.';
  const turn = turnOf(prompt);
  const id = await turn.getAttribute('data-turn-id');
  await turn.getByTestId('edit-message').click();
  const box = page.getByRole('textbox', { name: 'Edited text' });
  await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.press('Escape');
  await expect.poll(() => box.count()).toBe(0);
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
    .toBe('edit-message');

  llm.script({ text: 'An edited answer.' });
  const edited = 'Tell me one fact about tides.';
  await page.locator(`article[data-turn-id="${id}"]`).getByTestId('edit-message').click();
  await box.fill(edited);
  await box.press('Enter');
  // Focus is back on Edit (which waits while the new answer runs), not lost to the page.
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
    .toBe('edit-message');
  await waitEnded(edited, 1);
  const same = page.locator(`article[data-turn-id="${id}"]`);
  expect(await same.getByTestId('user-message').textContent()).toContain(edited);
  expect(await replyOf(same)).toBe('An edited answer.');
  expect(await same.getByTestId('variant-nav').getAttribute('data-count')).toBe('4');
  expect(await page.getByTestId('user-message').filter({ hasText: 'Tell me one fact' }).count()).toBe(1);
  const started = await episodeEvents(page, edited);
  expect(started[0]!.payload.turn_of).toBe(id);
  expect(episodeEnd(started)).toBe('episode.completed');
  await same.getByRole('button', { name: 'Previous answer' }).click();
  await expect.poll(() => same.getByTestId('user-message').textContent()).toContain(prompt);
  expect(await replyOf(same)).toBe('Third answer.');
});

test('while a long reply streams, earlier messages keep their DOM nodes and nothing in them changes; the reply renders at most once a frame', async () => {
  await page.evaluate(() => {
    const w = window as unknown as StreamWindow;
    w.marked = [...document.querySelectorAll('article.turn, article.turn .md, article.turn pre')];
    w.marked.forEach((el, i) => ((el as unknown as { __mark: number }).__mark = i));
    w.mutations = 0;
    const observer = new MutationObserver((records) => (w.mutations += records.length));
    for (const el of document.querySelectorAll('article.turn'))
      observer.observe(el, { subtree: true, childList: true, characterData: true });
    // Renders of the new (running) reply, and the frames painted meanwhile.
    w.renders = 0;
    w.frames = 0;
    const count = () => {
      w.frames += 1;
      if (!w.stopFrames) requestAnimationFrame(count);
    };
    requestAnimationFrame(count);
    new MutationObserver((records) => {
      for (const record of records)
        if ((record.target as Element).classList?.contains('md') && !w.marked.includes(record.target as Element))
          w.renders += 1;
    }).observe(document.querySelector('.messages')!, { subtree: true, childList: true });
  });
  const long = Array.from({ length: 300 }, (_, i) => `word${i}${i % 40 === 39 ? '\n\n' : ' '}`).join('');
  llm.script({ text: `Streaming **now**: ${long}` });
  const prompt = 'Write at length.';
  await sendMessage(page, prompt);
  // Part-way through, and again at the end, the same nodes are in the document.
  await expect
    .poll(() => turnOf(prompt).getByTestId('reply-text').textContent(), { timeout: 30_000 })
    .toMatch(/word1\d/);
  expect(await turnOf(prompt).getByTestId('assistant-message').getAttribute('data-status')).toBe('running');
  const check = () =>
    page.evaluate(() => {
      const w = window as unknown as StreamWindow;
      const now = [...document.querySelectorAll('article.turn, article.turn .md, article.turn pre')];
      return {
        kept: w.marked.every((el, i) => el.isConnected && now[i] === el),
        marks: now.slice(0, w.marked.length).map((el) => (el as unknown as { __mark?: number }).__mark),
        mutations: w.mutations,
      };
    });
  const during = await check();
  expect(during.kept).toBe(true);
  expect(during.mutations).toBe(0);
  await waitEnded(prompt, 1);
  const after = await check();
  expect(after).toMatchObject({ kept: true, mutations: 0 });
  expect(after.marks).toEqual(after.marks.map((_, i) => i));
  expect(await replyOf(turnOf(prompt))).toContain('word299');
  const { renders, frames } = await page.evaluate(() => {
    const w = window as unknown as StreamWindow;
    w.stopFrames = true;
    return { renders: w.renders, frames: w.frames };
  });
  // ~300 tokens arrived one by one; the reply was rendered per frame, plus once when it settled.
  expect(renders).toBeGreaterThan(1);
  expect(renders).toBeLessThanOrEqual(frames + 2);
  expect(renders).toBeLessThan(150);
});

test('axe finds no violations in the conversation (code blocks, answers to switch, an open editor), at desktop and phone size; a long code line scrolls inside its block', async () => {
  llm.script({ text: `A long line:\n\n\`\`\`sh\necho ${'x'.repeat(400)}\n\`\`\`` });
  await sendAndWait('Give me a long line.');
  await page.evaluate(AXE);
  const axe = () =>
    page.evaluate(async () => {
      const run = await (window as TestWindow).axe!.run({ include: [['.messages']] }, { resultTypes: ['violations'] });
      return run.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
    });
  await turnOf('Tell me one fact').getByTestId('edit-message').click();
  expect(await axe()).toEqual([]);
  // Both palettes (app/styles/base.css): code blocks, notes and the answer switcher keep their contrast.
  const theme = await page.evaluate(() => document.documentElement.dataset.theme);
  for (const other of ['light', 'dark']) {
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), other);
    expect(await axe()).toEqual([]);
  }
  await page.evaluate((t) => (document.documentElement.dataset.theme = t ?? 'dark'), theme);
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await turnOf('Give me a long line.').scrollIntoViewIfNeeded();
    expect(await axe()).toEqual([]);
    const widths = await page.evaluate(() => {
      const messages = document.querySelector('.messages')!.getBoundingClientRect();
      const pre = document.querySelector<HTMLElement>('article.turn:last-of-type pre')!;
      return { right: messages.right, innerWidth, scrolls: pre.scrollWidth > pre.clientWidth };
    });
    expect(widths.right).toBeLessThanOrEqual(widths.innerWidth);
    expect(widths.scrolls).toBe(true);
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
  await page.getByRole('textbox', { name: 'Edited text' }).press('Escape');
});
