/**
 * The current project: which project new chat episodes belong to (their `project_id`).
 * None = personal, never replicated. Kept per browser in local storage; the pickers
 * offer the projects not archived (app/state/projects.ts) plus the current one.
 */
import { createContext, createSignal, useContext, type Accessor } from 'solid-js';

export const CURRENT_PROJECT_KEY = 'arw:current-project';

export interface ProjectState {
  /** The current project id, or undefined for personal (unshared) work. */
  current: Accessor<string | undefined>;
  set(project: string | undefined): void;
}

export function createProjectState(store: Storage | undefined): ProjectState {
  const read = () => {
    try {
      return store?.getItem(CURRENT_PROJECT_KEY) || undefined;
    } catch {
      return undefined;
    }
  };
  const [current, setCurrent] = createSignal<string | undefined>(read());
  return {
    current,
    set(project) {
      const value = project?.trim() || undefined;
      setCurrent(value);
      try {
        if (value) store?.setItem(CURRENT_PROJECT_KEY, value);
        else store?.removeItem(CURRENT_PROJECT_KEY);
      } catch {
        // storage blocked: the choice lasts for this session
      }
    },
  };
}

/** Choices for the project picker: shared projects first, then the current one if not among them. */
export function projectChoices(shared: readonly string[], current: string | undefined): string[] {
  const list = [...new Set(shared)].sort();
  return current && !list.includes(current) ? [...list, current] : list;
}

/** A project as a picker lists it. */
export interface PickerProject {
  id: string;
  name: string;
  shared: readonly string[];
}

/**
 * Choices for a picker: the projects not archived (as given, by name), then the current
 * one when it is not among them (archived or known only by id), so the picker can show it.
 */
export function pickerProjects(
  active: readonly PickerProject[],
  current: string | undefined,
  lookup: (id: string) => PickerProject | undefined = () => undefined,
): PickerProject[] {
  if (current === undefined || active.some((project) => project.id === current)) return [...active];
  return [...active, lookup(current) ?? { id: current, name: current, shared: [] }];
}

export const ProjectContext = createContext<ProjectState>();

export function useProject(): ProjectState {
  const project = useContext(ProjectContext);
  if (!project) throw new Error('useProject() outside <ProjectContext.Provider>');
  return project;
}
