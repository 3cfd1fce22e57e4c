/**
 * Projects (Langflow's folders): every flow belongs to exactly one, named by the flow's `folder_id`
 * (Langflow's field name). The stored record and the shapes the projects endpoints answer.
 */
import type { FlowPage, LangflowFlowRead } from './api-dto.js';

/** The project new and upgraded flows go to when none is named (Langflow 1.8's `DEFAULT_FOLDER_NAME`). */
export const DEFAULT_PROJECT_NAME = 'Starter Project';
/** Langflow 1.8's `DEFAULT_FOLDER_DESCRIPTION`. */
export const DEFAULT_PROJECT_DESCRIPTION = 'Manage your own flows. Download and upload projects.';

/** A stored project. */
export interface Project {
  id: string;
  name: string;
  description: string | null;
  /** Langflow's nesting; Flowdesk's projects are not nested, so always null. */
  parent_id: null;
  created_at: string;
  updated_at: string;
}

/** Langflow's `FolderRead` (keys in its order). */
export interface ProjectRead {
  name: string;
  description: string | null;
  /** Langflow's per-project MCP auth; Flowdesk's MCP server uses the API's own keys: always null. */
  auth_settings: null;
  id: string;
  parent_id: null;
}

/** Langflow's `FolderReadWithFlows`: `GET /api/v1/projects/{id}` without `page` and `size`. */
export interface ProjectReadWithFlows extends ProjectRead {
  flows: LangflowFlowRead[];
}

/** Langflow's `FolderWithPaginatedFlows`: `GET /api/v1/projects/{id}?page=&size=`. */
export interface ProjectWithPaginatedFlows {
  folder: ProjectRead;
  flows: FlowPage<LangflowFlowRead>;
}

export function toProjectRead(project: Project): ProjectRead {
  return { name: project.name, description: project.description, auth_settings: null, id: project.id, parent_id: null };
}
