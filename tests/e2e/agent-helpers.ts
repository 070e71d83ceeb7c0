/** Helpers for the e2e files where agents call tools: a recipe to install, an episode's events, the model's tool messages. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** A recipe that reads web pages with `http.fetch` in `mode` (and `text.extract` when asked), preferring `openai:tools`. */
export function pageReaderRecipe(options: { id: string; name: string; mode: string; extract?: boolean }): string {
  const extract = options.extract ? '\n  - id: text.extract\n    mode: allow' : '';
  return `id: ${options.id}
name: ${options.name}
version: 1.0.0
description: Reads a web page you name and answers from it.
model: { preferred: "openai:tools" }
prompts:
  system: Fetch the page the person names and answer from its text.
capabilities: [net:http]
tools:
  - id: http.fetch
    mode: ${options.mode}${extract}
step_limit: 4
intent_preview: Fetches the pages you name from the web and answers from them.
tags: [web]
`;
}

export interface Logged {
  id: string;
  kind: string;
  corr_id?: string;
  payload: Record<string, unknown>;
}

/** Every event on `page` of the episode whose `episode.started` input is `input`, oldest first. */
export function episodeEvents(page: Page, input: string): Promise<Logged[]> {
  return page.evaluate(async (text) => {
    const arw = window.arw!;
    const started = (await arw.journal.query({ kindPrefixes: ['episode.started'], limit: 200 })).events.find(
      (e) => (e.payload as { input?: string }).input === text,
    );
    if (!started?.corr_id) return [];
    const { events } = await arw.journal.query({ corrId: started.corr_id, limit: 1000 });
    return (events as unknown as Logged[]).slice().reverse();
  }, input);
}

/** How the episode ended, if it has. */
export const episodeEnd = (events: Logged[]) =>
  events.find((e) => ['episode.completed', 'episode.error', 'episode.canceled'].includes(e.kind))?.kind;

/** The policy, lease and tool kinds of an episode, in order. */
export const policyKinds = (events: Logged[]) =>
  events.map((e) => e.kind).filter((k) => /^(policy|leases|tool)\./.test(k));

/** The `tool` messages of a chat request body the scripted server recorded. */
export function toolMessages(body: Record<string, unknown> | undefined): string[] {
  const messages = (body?.messages ?? []) as { role: string; content: string }[];
  return messages.filter((m) => m.role === 'tool').map((m) => m.content);
}

export async function sendMessage(page: Page, text: string): Promise<void> {
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

/**
 * Checks an episode in which the page reader's http.fetch on `host` was asked, granted for
 * `ttlMs` and run: the events in order and the lease's fields. Returns the lease.
 */
export function expectGrantedFetch(events: Logged[], host: string, ttlMs: number): Record<string, string> {
  expect(policyKinds(events)).toEqual([
    'policy.prompt',
    'policy.allow',
    'leases.created',
    'policy.decision',
    'tool.invoked',
    'tool.ran',
  ]);
  const lease = events.find((e) => e.kind === 'leases.created')!.payload.lease as Record<string, string>;
  expect(lease).toMatchObject({ capability: 'net:http', scope: `net://${host}`, subject: 'recipe:page-reader' });
  expect(Date.parse(lease.ttl_until!) - Date.parse(lease.created!)).toBe(ttlMs);
  return lease;
}
