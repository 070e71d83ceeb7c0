/**
 * Adding an agent to a project's attached agents: the project's Yjs document is the one
 * the collab layer has open for the current project, so another project becomes current
 * first and the attach waits (up to `timeoutMs`) for its document to be read.
 */
import { createEffect, createRoot, type Accessor } from 'solid-js';

export interface DocAttachDeps {
  current: Accessor<string | undefined>;
  setProject(projectId: string | undefined): void;
  doc: {
    session: Accessor<unknown>;
    loaded: Accessor<boolean>;
    attach(agent: { id: string; label: string }): void;
  };
  timeoutMs?: number;
}

export function docAttacher(deps: DocAttachDeps) {
  const opened = (timeoutMs: number) =>
    new Promise<void>((resolve, reject) =>
      createRoot((dispose) => {
        const timer = setTimeout(() => {
          dispose();
          reject(new Error(`the project's document did not open within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        createEffect(() => {
          if (deps.doc.session() && deps.doc.loaded()) {
            clearTimeout(timer);
            dispose();
            resolve();
          }
        });
      }),
    );
  return async (projectId: string | undefined, agent: { id: string; label: string }): Promise<void> => {
    if (deps.current() !== projectId) deps.setProject(projectId);
    await opened(deps.timeoutMs ?? 5000);
    deps.doc.attach(agent);
  };
}
