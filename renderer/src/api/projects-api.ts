/** Projects (Langflow's folders): list, create, rename, delete, download as a zip. */
import type { ProjectRead } from '../../../shared/project.js';
import { downloadedFile, request, send } from './http.js';

export type { ProjectRead };

const BASE = '/api/v1/projects/';

export function listProjects(): Promise<ProjectRead[]> {
  return request('GET', BASE);
}

export function createProject(name: string): Promise<ProjectRead> {
  return request('POST', BASE, { json: { name } });
}

export function renameProject(id: string, name: string, description: string): Promise<ProjectRead> {
  return request('PATCH', BASE + encodeURIComponent(id), { json: { name, description } });
}

export function deleteProject(id: string): Promise<void> {
  return request('DELETE', BASE + encodeURIComponent(id));
}

/** The project's flows as a zip in Langflow's export format, which Langflow and Flowdesk import. */
export async function downloadProject(id: string): Promise<{ blob: Blob; filename: string }> {
  return downloadedFile(await send('GET', `${BASE}download/${encodeURIComponent(id)}`), 'project.zip');
}
