/** The probe planner: which texts ask for `clock.now`, which for `math.eval`, which for neither. */
import { describe, expect, it } from 'vitest';
import { planProbe } from './probe-plan';

describe('planProbe', () => {
  it.each(['What time is it?', 'time', 'what is the time', 'Tell me the current time'])('%j asks clock.now', (text) => {
    expect(planProbe(text)).toEqual({ tool: 'clock.now', input: {} });
  });

  it.each([
    ['2+3*4', '2+3*4'],
    ['calc (1+2)/3', '(1+2)/3'],
    ['what is 7 * 6?', '7 * 6'],
    ['  -4 + 10 = ', '-4 + 10'],
    ['calc 42', '42'],
  ])('%j asks math.eval of %j', (text, expression) => {
    expect(planProbe(text)).toEqual({ tool: 'math.eval', input: { expression } });
  });

  it.each(['hello', 'help', '42', 'I have 3 cats', 'timeline of events', ''])('%j needs no tool', (text) => {
    expect(planProbe(text)).toBeNull();
  });
});
