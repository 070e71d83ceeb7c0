/**
 * toolbox.callParsed: params its own parse returned for that tool run without a second
 * parse; anything else (another tool's params, a look-alike, the caller's own object that a
 * schema passed through) is parsed again, so no check is skipped.
 */
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { createToolbox, toolEntry } from './toolbox';
import type { ToolDefinition } from './types';

function countingToolbox() {
  const checks = { echo: 0, upper: 0, loose: 0 };
  const ran: unknown[] = [];
  const counted = (name: keyof typeof checks) =>
    z.string().refine(() => ((checks[name] += 1), true), { error: 'never fails' });
  const tool = <P>(name: string, params: z.ZodType<P>): ToolDefinition<P> => ({
    name,
    description: name,
    params,
    capability: null,
    needs: () => null,
  });
  const toolbox = createToolbox([
    toolEntry(tool('text.echo', z.strictObject({ text: counted('echo') })), (p) => (ran.push(p), { said: p.text })),
    toolEntry(tool('text.upper', z.strictObject({ word: counted('upper').max(5) })), (p) => (ran.push(p), p.word)),
    // A schema that hands back the caller's own object (no copy): its output is not trusted later.
    toolEntry(
      tool(
        'text.loose',
        z.custom<{ word: string }>((v) => ((checks.loose += 1), typeof (v as { word?: unknown }).word === 'string')),
      ),
      (p) => (ran.push(p), p),
    ),
  ]);
  return { toolbox, checks, ran };
}

describe('toolbox callParsed', () => {
  test('params parse returned for the tool run without being parsed again', async () => {
    const { toolbox, checks } = countingToolbox();
    const parsed = toolbox.parse('text.echo', '{"text":"hi"}');
    expect(parsed.ok && checks.echo).toBe(1);
    const outcome = await toolbox.callParsed('text.echo', parsed.ok ? parsed.value : null, {});
    expect(outcome).toMatchObject({ result: { ok: true, value: { said: 'hi' } }, json: '{"said":"hi"}' });
    expect(checks.echo).toBe(1);
    // call (not callParsed) always parses.
    await toolbox.call('text.echo', parsed.ok ? parsed.value : null, {});
    expect(checks.echo).toBe(2);
  });

  test('a look-alike object or a JSON text is parsed, and bad params never reach the executor', async () => {
    const { toolbox, checks, ran } = countingToolbox();
    expect((await toolbox.callParsed('text.echo', { text: 'hi' }, {})).result.ok).toBe(true);
    expect((await toolbox.callParsed('text.echo', '{"text":"hi"}', {})).result.ok).toBe(true);
    expect(checks.echo).toBe(2);
    expect((await toolbox.callParsed('text.echo', { text: 5 }, {})).result).toEqual({
      ok: false,
      error: 'text: must be a string, not 5',
    });
    expect(ran).toHaveLength(2);
  });

  test("another tool's parsed params are checked against this tool's schema", async () => {
    const { toolbox, checks, ran } = countingToolbox();
    const parsed = toolbox.parse('text.upper', { word: 'abc' });
    expect(parsed.ok).toBe(true);
    const outcome = await toolbox.callParsed('text.echo', parsed.ok ? parsed.value : null, {});
    expect(outcome.result).toEqual({
      ok: false,
      error: 'text: is required (a string); arguments: unknown field word (the fields are text)',
    });
    expect(checks.upper).toBe(1);
    expect(ran).toEqual([]);
  });

  test("the caller's own object, passed through by its schema, is checked again at the call", async () => {
    const { toolbox, checks, ran } = countingToolbox();
    const input: { word: unknown } = { word: 'fine' };
    const parsed = toolbox.parse('text.loose', input);
    expect(parsed.ok && parsed.value).toBe(input);
    input.word = 42;
    expect((await toolbox.callParsed('text.loose', input, {})).result.ok).toBe(false);
    expect(checks.loose).toBe(2);
    expect(ran).toEqual([]);
  });
});
