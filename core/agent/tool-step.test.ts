/**
 * One tool step's work is done once: the model's arguments are parsed once (the toolbox
 * does not parse them again), and the tool message is the toolbox's bounded JSON text, the
 * same JSON the tool.ran event records.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createToolbox, toolEntry } from '../tools/toolbox';
import type { ToolDefinition } from '../tools/types';
import { runEpisode } from './run-episode';
import { loopInput, loopRig, of, toolMessages } from './testing/loop-rig';

function countingToolbox(body: string) {
  const parses = { count: 0 };
  const PAGE: ToolDefinition<{ url: string }> = {
    name: 'web.get',
    description: 'Gets a page.',
    params: z.strictObject({ url: z.string().refine(() => ((parses.count += 1), true)) }),
    capability: null,
    needs: () => null,
  };
  const toolbox = createToolbox([toolEntry(PAGE, ({ url }) => ({ url, body }))], { maxResultBytes: 1000 });
  return { toolbox, parses };
}

describe('tool step', () => {
  it("parses each call's arguments once, from the model's text to the executor", async () => {
    const { toolbox, parses } = countingToolbox('hello');
    const { deps } = loopRig(
      [
        {
          calls: [
            { name: 'web.get', arguments: { url: 'a' } },
            { name: 'web.get', arguments: { url: 'b' } },
          ],
        },
        { text: 'done' },
      ],
      { toolbox },
    );
    const outcome = await runEpisode(deps, loopInput('read', { agentTools: [{ name: 'web.get' }] }));
    expect(outcome.status).toBe('completed');
    expect(parses.count).toBe(2);
  });

  it('the model reads the bounded output as tool.ran records it, cut output included', async () => {
    for (const body of ['short', 'é'.repeat(5000)]) {
      const { toolbox } = countingToolbox(body);
      const { deps, model, events } = loopRig([{ calls: [{ name: 'web.get', arguments: { url: 'a' } }] }], {
        toolbox,
      });
      await runEpisode(deps, loopInput('read', { agentTools: [{ name: 'web.get' }] }));
      const [ran] = of(events, 'tool.ran');
      const [message] = toolMessages(model.seen[1]!.messages);
      expect(message!.content).toBe(JSON.stringify(ran!.payload['output']));
      expect(ran!.payload['truncated']).toBe(body === 'short' ? undefined : true);
    }
  });
});
