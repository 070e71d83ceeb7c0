/**
 * The services every view and panel reads, provided once by `App` (built in
 * `main.tsx`). Components take what they need from here instead of threading props.
 */
import { createContext, useContext } from 'solid-js';
import type { PwaState } from '../pwa/pwa-state';
import type { RecipesService } from '../recipes/store';
import type { FolderChooser } from '../tools';
import type { ActiveAgentService } from './active-agent';
import type { ChatState } from './chat';
import type { ConversationsService } from './conversations';
import type { JournalHealth } from './journal-health';
import type { ModelStatus } from './model-status';
import type { PolicyService } from './policy';
import type { ProjectsService } from './projects';
import type { Router } from './router';
import type { StorageState } from './storage';
import type { Stream } from './stream';

export interface AppServices {
  stream: Stream;
  health: JournalHealth;
  chat: ChatState;
  model: ModelStatus;
  storage: StorageState;
  pwa: PwaState;
  router: Router;
  /** Permission prompts, leases and the one decision point (app/state/policy.ts). */
  policy: PolicyService;
  /** Installed recipes: install, uninstall, launch, attach (app/recipes/store.ts). */
  recipes: RecipesService;
  /** Chat's conversations: list, the open one, create, rename, delete with Undo, search (app/state/conversations.ts). */
  conversations: ConversationsService;
  /** Local and shared projects: list, create, rename, archive, share (app/state/projects.ts). */
  projects: ProjectsService;
  /** The folder the files.* tools use per project: OPFS, or one the person picked (app/tools/folders.ts). */
  folders?: FolderChooser;
  /** Who Chat talks to: the plain chat or a launched recipe (app/state/active-agent.ts). */
  activeAgent: ActiveAgentService;
  /** Browser local storage (filters, hints), absent when blocked. */
  localStore: Storage | undefined;
  version: string;
  deviceActor: string;
  /** Database name and schema version, for Settings → About. */
  journalInfo: { name: string; schemaVersion: number };
}

export const AppContext = createContext<AppServices>();

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useApp() outside <AppContext.Provider>');
  return services;
}
