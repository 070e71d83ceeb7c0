/**
 * Hub → Projects: every project this device knows (local ones and the ones paired
 * servers share), a form to create one, and the archived ones in a disclosure. After
 * an archive or unarchive, focus goes where the project went, so the keyboard follows it.
 */
import { For, Show } from 'solid-js';
import { useApp } from '../../state/app-context';
import { useProject } from '../../state/project';
import { useSync } from '../../state/sync';
import { PHASE_WORDS } from '../../sync/describe';
import { refusedProject, serverLabel } from '../../sync/project-access';
import { ProjectCreateForm } from './ProjectCreateForm';
import { ProjectRow, type ProjectActions, type ServerChoice } from './ProjectRow';

const focusSoon = (selector: string) =>
  requestAnimationFrame(() => document.querySelector<HTMLElement>(selector)?.focus());

export function ProjectsCard() {
  const { projects } = useApp();
  const project = useProject();
  const sync = useSync();
  const servers = (): ServerChoice[] =>
    sync.links().map((link) => ({
      pairingId: link.pairingId,
      label: serverLabel(link.url),
      state: PHASE_WORDS[link.phase],
      projects: link.projects,
      refused: refusedProject(link),
    }));
  // Rows keyed by id (a rename makes new objects): a row keeps its focus, form and message.
  const activeIds = () => projects.active().map((p) => p.id);
  const archivedIds = () => projects.all().flatMap((p) => (p.archived ? [p.id] : []));
  const actions: ProjectActions = {
    open(id) {
      project.set(id);
      // The Open button goes away on the current project: keep focus in its row.
      focusSoon(`[data-project-id="${CSS.escape(id)}"][data-archived="false"] button`);
    },
    async rename(id, name) {
      const result = await projects.rename(id, name);
      return result.ok ? undefined : result.error;
    },
    async setArchived(id, value) {
      const result = await projects.setArchived(id, value);
      if (!result.ok) return result.error;
      if (value && project.current() === id) project.set(undefined);
      focusSoon(
        value ? '#hub-archived-summary' : `[data-project-id="${CSS.escape(id)}"][data-archived="false"] button`,
      );
      return undefined;
    },
    async share(id, pairingId) {
      const result = await projects.share(id, pairingId);
      return result.ok ? undefined : result.error;
    },
    async unshare(id, pairingId) {
      const result = await projects.unshare(id, pairingId);
      return result.ok ? undefined : result.error;
    },
  };
  const create = async (name: string) => {
    const result = await projects.create(name);
    return result.ok ? undefined : result.error;
  };
  return (
    <section class="card hub-projects" aria-labelledby="hub-projects" data-testid="hub-projects">
      <h2 id="hub-projects">Projects</h2>
      <ProjectCreateForm onCreate={create} />
      <Show
        when={activeIds().length > 0}
        fallback={<p class="empty">No projects yet. Personal work stays on this device.</p>}
      >
        <ul class="project-list" aria-label="Projects">
          <For each={activeIds()}>
            {(id) => (
              <Show when={projects.get(id)}>
                {(item) => (
                  <ProjectRow
                    project={item()}
                    current={project.current() === id}
                    servers={servers()}
                    actions={actions}
                  />
                )}
              </Show>
            )}
          </For>
        </ul>
      </Show>
      <details class="project-archived" data-testid="project-archived">
        <summary id="hub-archived-summary">Archived projects ({archivedIds().length})</summary>
        <Show when={archivedIds().length > 0} fallback={<p class="empty">None archived.</p>}>
          <ul class="project-list" aria-label="Archived projects">
            <For each={archivedIds()}>
              {(id) => (
                <Show when={projects.get(id)}>
                  {(item) => <ProjectRow project={item()} current={false} servers={servers()} actions={actions} />}
                </Show>
              )}
            </For>
          </ul>
        </Show>
      </details>
    </section>
  );
}
