/** The tool registry and the built-in tools; failures are values, never throws. */
import { describe, expect, it } from 'vitest';
import { createBuiltinTools, createToolRegistry } from './tools';

const clock = { now: () => Date.parse('2026-03-01T10:00:00.000Z') };

describe('tool registry', () => {
  it('clock.now returns the injected clock time as ISO', async () => {
    expect(await createBuiltinTools(clock).run('clock.now', {})).toEqual({
      ok: true,
      value: { iso: '2026-03-01T10:00:00.000Z' },
    });
  });

  it('math.eval evaluates { expression } and a plain string', async () => {
    const tools = createBuiltinTools(clock);
    expect(await tools.run('math.eval', { expression: '2+3*4' })).toEqual({
      ok: true,
      value: { expression: '2+3*4', value: 14 },
    });
    expect(await tools.run('math.eval', '(1+2)/3')).toEqual({ ok: true, value: { expression: '(1+2)/3', value: 1 } });
  });

  it('a bad expression, a bad input shape and an unknown tool come back as errors, not throws', async () => {
    const tools = createBuiltinTools(clock);
    expect(await tools.run('math.eval', { expression: '1/0' })).toEqual({
      ok: false,
      error: "cannot evaluate '1/0': division by zero at position 4",
    });
    expect((await tools.run('math.eval', 42)).ok).toBe(false);
    expect(await tools.run('fs.delete', {})).toEqual({ ok: false, error: "unknown tool 'fs.delete'" });
  });

  it('an async tool that rejects is an error value', async () => {
    const tools = createToolRegistry([
      { id: 'net.get', description: 'fails', run: async () => Promise.reject(new Error('offline')) },
    ]);
    expect(await tools.run('net.get', {})).toEqual({ ok: false, error: 'offline' });
    expect(tools.list().map((tool) => tool.id)).toEqual(['net.get']);
  });
});
