/**
 * The current project's document (`<project>/project`: notes and attached agents) as
 * Solid accessors. `follow` opens it for a project: IndexedDB first, then the paired
 * server's relay when one shares the project; personal and unshared projects stay on
 * this device. Create inside a reactive root (the collab root owns it).
 */
import { createSignal, type Accessor } from 'solid-js';
import { projectDocName } from './doc-names';
import { attachAgent, detachAgent, notesOf, readAgents, type AttachedAgent } from './project-doc';
import { openThreadSession, type ConnectionState, type ThreadSession } from './thread-session';
import type * as Y from 'yjs';

export interface ProjectDocDeps {
  actor: string;
  name: Accessor<string>;
  events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  isOnline?: () => boolean;
  now?: () => string;
  /** Tests: the session factory (e.g. one without IndexedDB or with `ws`). */
  openSession?: typeof openThreadSession;
}

export interface ProjectDocRemote {
  wsBase: string;
  token: string;
}

export interface ProjectDoc {
  session: Accessor<ThreadSession | undefined>;
  /** The document read from this device's copy (false until IndexedDB answered). */
  loaded: Accessor<boolean>;
  agents: Accessor<AttachedAgent[]>;
  connection: Accessor<ConnectionState | undefined>;
  /** The open document's notes. */
  notes(): Y.Text | undefined;
  /** Opens `project`'s document (relayed through `remote` when given); same arguments, no-op. */
  follow(project: string | undefined, remote: ProjectDocRemote | undefined): void;
  attach(agent: { id: string; label: string }): void;
  detach(agentId: string): void;
  close(): void;
}

export function createProjectDoc(deps: ProjectDocDeps): ProjectDoc {
  const open = deps.openSession ?? openThreadSession;
  const now = deps.now ?? (() => new Date().toISOString());
  const [session, setSession] = createSignal<ThreadSession>();
  const [loaded, setLoaded] = createSignal(false);
  const [agents, setAgents] = createSignal<AttachedAgent[]>([]);
  const [connection, setConnection] = createSignal<ConnectionState>();
  let closeCurrent = () => {};
  let currentKey: string | undefined;

  const close = () => {
    closeCurrent();
    closeCurrent = () => {};
    currentKey = undefined;
    setSession(undefined);
    setAgents([]);
    setConnection(undefined);
    setLoaded(false);
  };

  const attachTo = (opened: ThreadSession) => {
    const agentsMap = opened.doc.getMap('agents');
    const refresh = () => setAgents(readAgents(opened.doc));
    agentsMap.observe(refresh);
    const offConnection = opened.onConnection(setConnection);
    refresh();
    setConnection(opened.connection());
    setSession(opened);
    void opened.loaded.then(() => session() === opened && (refresh(), setLoaded(true)));
    closeCurrent = () => {
      offConnection();
      agentsMap.unobserve(refresh);
      void opened.destroy();
    };
  };

  return {
    session,
    loaded,
    agents,
    connection,
    notes: () => {
      const current = session();
      return current ? notesOf(current.doc) : undefined;
    },
    follow(project, remote) {
      const docName = projectDocName(project);
      const key = `${docName}\n${remote?.wsBase ?? ''}\n${remote?.token ?? ''}`;
      if (key === currentKey) return;
      close();
      currentKey = key;
      attachTo(
        open({
          docName,
          user: { actor: deps.actor, name: deps.name() },
          ...(remote ? { remote } : {}),
          ...(deps.events ? { events: deps.events } : {}),
          ...(deps.isOnline ? { isOnline: deps.isOnline } : {}),
        }),
      );
    },
    attach(agent) {
      const current = session();
      if (current)
        attachAgent(current.doc, {
          agent_id: agent.id,
          label: agent.label,
          attached_by: deps.actor,
          attached_by_name: deps.name(),
          time: now(),
        });
    },
    detach(agentId) {
      const current = session();
      if (current) detachAgent(current.doc, agentId);
    },
    close,
  };
}
