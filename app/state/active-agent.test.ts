/** The active agent: plain chat by default, a launched recipe read fresh, ended by an uninstall; the workflow hook. */
import { createSignal } from 'solid-js';
import { describe, expect, it } from 'vitest';
import type { InstalledRecipe } from '../../core/read-models/recipes';
import { createActiveAgent, type RecipeAgent } from './active-agent';

const recipe = (version: string, workflow = false) =>
  ({
    manifest: {
      id: 'demo',
      name: 'Demo',
      version,
      tools: [],
      capabilities: [],
      tags: [],
      step_limit: 8,
      description: 'd',
      intent_preview: 'i',
      ...(workflow ? { workflow: [{ id: 'now', tool: 'clock.now' }] } : {}),
    },
    files: {},
    source: 'folder',
    sha256: '0'.repeat(64),
    installed_at: '2026-01-01T00:00:00.000Z',
    actor: 'device:a',
    event_id: 'e1',
  }) as InstalledRecipe;

function setup(initial: InstalledRecipe | undefined) {
  const [installed, setInstalled] = createSignal<InstalledRecipe | undefined>(initial);
  const active = createActiveAgent({ resolve: () => installed() });
  const launched: RecipeAgent = {
    id: 'recipe:demo',
    recipe: initial!,
    conversationId: 'c1',
    modelReason: 'the recipe names no model; using the device default probe',
  };
  return { active, setInstalled, launched };
}

describe('active agent', () => {
  it('is the plain chat until a recipe is set, and again after clear()', () => {
    const { active, launched } = setup(recipe('1.0.0'));
    expect(active.agent()).toEqual({ id: 'chat' });
    active.set(launched);
    expect(active.agent()).toMatchObject({ id: 'recipe:demo', conversationId: 'c1' });
    active.clear();
    expect(active.agent()).toEqual({ id: 'chat' });
  });

  it('reads the installed recipe fresh: an update applies, an uninstall ends it', () => {
    const { active, launched, setInstalled } = setup(recipe('1.0.0'));
    active.set(launched);
    setInstalled(recipe('1.1.0'));
    const agent = active.agent();
    expect(agent.id !== 'chat' && agent.recipe.manifest.version).toBe('1.1.0');
    setInstalled(undefined);
    expect(active.agent()).toEqual({ id: 'chat' });
  });

  it('runs a workflow only with a runner wired and a recipe that has one, saying why not', async () => {
    const { active, launched } = setup(recipe('1.0.0', true));
    await expect(active.runWorkflow('x')).rejects.toThrow('the active agent has no workflow to run');
    active.set(launched);
    expect(active.canRunWorkflow()).toBe(false);
    await expect(active.runWorkflow('x')).rejects.toThrow('no workflow runner is wired');
    const runs: string[] = [];
    active.setWorkflowRunner(async (agent, input) => void runs.push(`${agent.recipe.manifest.id}:${input}`));
    expect(active.canRunWorkflow()).toBe(true);
    await active.runWorkflow('https://example.com');
    expect(runs).toEqual(['demo:https://example.com']);
  });
});
