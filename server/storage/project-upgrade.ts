/**
 * Every flow belongs to exactly one project. At open (any store implementation runs this):
 * - the default project ("Starter Project", as Langflow names it) exists, created when missing;
 * - a flow without a project (a data directory from before projects) is put in the default project;
 * - a flow naming a project that is gone (a `projects.json` lost with its backup) gets that project
 *   back, named "Recovered project", so its flows stay together.
 *
 * Crash-safe and idempotent: the default project is durable before any flow is changed, and each
 * flow write is atomic, so a kill at any moment leaves whole files and the next open finishes the job.
 */
import { randomUUID } from 'node:crypto';
import type { Flow } from '../../shared/flow.js';
import { DEFAULT_PROJECT_DESCRIPTION, DEFAULT_PROJECT_NAME, type Project } from '../../shared/project.js';
import { uniqueName } from '../../shared/unique-name.js';
import type { FlowStore, ProjectStore } from './types.js';

export const RECOVERED_PROJECT_NAME = 'Recovered project';

function newProject(id: string, name: string, description: string | null, now: string): Project {
  return { id, name, description, parent_id: null, created_at: now, updated_at: now };
}

/** The default project (the first named "Starter Project"), created when there is none (Langflow's `get_or_create_default_folder`). */
export async function ensureDefaultProject(projects: ProjectStore, now = new Date().toISOString(), uuid: () => string = randomUUID): Promise<Project> {
  const find = (): Project | undefined => projects.list().find((p) => p.name === DEFAULT_PROJECT_NAME);
  const found = find();
  if (found) return found;
  try {
    return await projects.create(newProject(uuid(), DEFAULT_PROJECT_NAME, DEFAULT_PROJECT_DESCRIPTION, now));
  } catch (err) {
    // Another caller made it meanwhile: theirs is the one.
    const made = find();
    if (made && (err as { code?: unknown }).code === 'conflict') return made;
    throw err;
  }
}

/** What the upgrade did, for the log. */
export interface ProjectUpgrade {
  /** Flows put in the default project. */
  placed: number;
  /** Projects given back to flows that named them. */
  recovered: Project[];
}

export async function upgradeToProjects(store: { flows: FlowStore; projects: ProjectStore }): Promise<ProjectUpgrade> {
  const { flows, projects } = store;
  const now = new Date().toISOString();
  const home = await ensureDefaultProject(projects, now);
  const recovered: Project[] = [];
  const lost = new Set(flows.list().map((f) => f.folder_id).filter((id) => id !== '' && !projects.get(id)));
  for (const id of lost) {
    const name = uniqueName(RECOVERED_PROJECT_NAME, new Set(projects.list().map((p) => p.name)));
    recovered.push(await projects.create(newProject(id, name, null, now)));
  }
  const homeless = flows.list().filter((f) => f.folder_id === '');
  // Written together: the flow file coalesces them into a write or two.
  await Promise.all(homeless.map((f): Promise<Flow | undefined> => flows.put({ ...f, folder_id: home.id })));
  return { placed: homeless.length, recovered };
}
