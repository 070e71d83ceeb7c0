/**
 * Hub's project card: the current project (the same one Chat uses), its notes and its
 * attached agents, kept in the project's Yjs document and shared when a paired server
 * shares the project.
 */
import { Show } from 'solid-js';
import { attachedByLabel } from '../../collab/attached-by';
import { useCollab } from '../../collab/collab';
import { useDeviceNames } from '../../collab/device-names';
import { useApp } from '../../state/app-context';
import { useProject } from '../../state/project';
import { ProjectPicker } from '../chat/ProjectPicker';
import { AttachedAgents } from './AttachedAgents';
import { ProjectFolder } from './ProjectFolder';
import { ProjectNotes } from './ProjectNotes';

export function ProjectSection() {
  const { model, recipes, health, projects, deviceActor } = useApp();
  const project = useProject();
  const collab = useCollab();
  const doc = collab.projectDoc;
  const devices = useDeviceNames();
  const current = () => {
    const id = project.current();
    return id === undefined ? 'Personal' : (projects.get(id)?.name ?? id);
  };
  const where = () =>
    doc.session()?.provider ? `shared · ${doc.connection() ?? 'connecting'}` : 'on this device only';
  return (
    <section class="card hub-project" aria-labelledby="hub-project" data-testid="hub-project">
      <h2 id="hub-project">Project</h2>
      <ProjectPicker disabled={false} />
      <p class="muted" data-testid="project-doc-state">
        {current()} — {where()}
      </p>
      <Show when={doc.loaded()} fallback={<p class="muted">Reading the project from this device…</p>}>
        <ProjectNotes text={doc.notes()} />
        <ProjectFolder projectId={project.current()} />
        <h3>Attached agents</h3>
        <AttachedAgents
          agents={doc.agents()}
          attachedBy={(agent) =>
            attachedByLabel(agent, { self: deviceActor, selfName: collab.name(), names: devices.names() })
          }
          choices={[
            ...recipes.list().map((r) => ({ id: `recipe:${r.manifest.id}`, label: r.manifest.name })),
            ...model.options(),
          ]}
          disabled={!doc.session()}
          onAttach={(agent) =>
            agent.id.startsWith('recipe:')
              ? void recipes.attach(agent.id.slice('recipe:'.length), project.current()).catch(health.report)
              : doc.attach(agent)
          }
          onDetach={(agentId) => {
            doc.detach(agentId);
            if (agentId.startsWith('recipe:')) void recipes.detached(agentId, project.current()).catch(health.report);
          }}
        />
      </Show>
    </section>
  );
}
