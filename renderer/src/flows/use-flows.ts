/** The flow list and its projects: loading, and the operations on them (each reloads the lists when done). */
import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../api/http.js';
import { createFlow, deleteFlow, downloadFlows, getFlow, listFlows, updateFlow, uploadFlowFile } from '../api/flows-api.js';
import { createProject, deleteProject, downloadProject, listProjects, renameProject, type ProjectRead } from '../api/projects-api.js';
import type { FlowRead } from '../api/types.js';
import { EMPTY_FLOW_DATA, type FlowData } from '../../../shared/flow.js';
import { saveBlob } from '../ui/files.js';

export interface FlowsState {
  flows: FlowRead[] | null;
  /** Every project, the default first. */
  projects: ProjectRead[] | null;
  error: string | null;
  reload(): Promise<void>;
  /** A new flow in project `folderId` (else the default project). */
  createBlank(name?: string, folderId?: string): Promise<FlowRead>;
  createFrom(template: { name: string; description: string; data: FlowData }, folderId?: string): Promise<FlowRead>;
  move(flow: FlowRead, folderId: string): Promise<void>;
  createProject(name: string): Promise<ProjectRead>;
  renameProject(project: ProjectRead, name: string, description: string): Promise<void>;
  /** Deletes the project with its flows (as Langflow does). */
  removeProject(project: ProjectRead): Promise<void>;
  /** Downloads the project as a zip of its flows in Langflow's format. */
  exportProject(project: ProjectRead): Promise<void>;
  rename(flow: FlowRead, name: string, description: string): Promise<void>;
  duplicate(flow: FlowRead): Promise<FlowRead>;
  remove(flow: FlowRead): Promise<void>;
  /** Imports each file on its own: one failing file does not stop the others. */
  importFiles(files: File[], folderId?: string): Promise<ImportResult[]>;
  /** Downloads the flow's file: Flowdesk's format, or Langflow's. */
  exportFlow(flow: FlowRead, format?: 'flowdesk' | 'langflow'): Promise<void>;
}

/** What came of one imported file: its flows, or why it was refused. */
export interface ImportResult {
  file: string;
  flows: FlowRead[];
  error?: string;
}

export function useFlows(): FlowsState {
  const [flows, setFlows] = useState<FlowRead[] | null>(null);
  const [projects, setProjects] = useState<ProjectRead[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      const [list, projectList] = await Promise.all([listFlows(), listProjects()]);
      list.sort((a, b) => b.updated_at.localeCompare(a.updated_at));
      setFlows(list);
      setProjects(projectList);
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const createFrom = useCallback(
    async (template: { name: string; description: string; data: FlowData }, folderId?: string) => {
      const created = await createFlow({ name: template.name, description: template.description, data: template.data, ...(folderId ? { folder_id: folderId } : {}) });
      await reload();
      return created;
    },
    [reload],
  );

  return {
    flows,
    projects,
    error,
    reload,
    createBlank: (name = 'Untitled flow', folderId) => createFrom({ name, description: '', data: EMPTY_FLOW_DATA }, folderId),
    createFrom,
    async move(flow, folderId) {
      await updateFlow(flow.id, { folder_id: folderId });
      await reload();
    },
    async createProject(name) {
      const created = await createProject(name);
      await reload();
      return created;
    },
    async renameProject(project, name, description) {
      await renameProject(project.id, name, description);
      await reload();
    },
    async removeProject(project) {
      await deleteProject(project.id);
      await reload();
    },
    async exportProject(project) {
      const { blob, filename } = await downloadProject(project.id);
      saveBlob(blob, filename);
    },
    async rename(flow, name, description) {
      await updateFlow(flow.id, { name, description });
      await reload();
    },
    async duplicate(flow) {
      const full = flow.data ? flow : await getFlow(flow.id);
      return createFrom({ name: full.name, description: full.description, data: full.data ?? EMPTY_FLOW_DATA }, full.folder_id);
    },
    async remove(flow) {
      await deleteFlow(flow.id);
      await reload();
    },
    async importFiles(files, folderId) {
      const results: ImportResult[] = [];
      for (const file of files) {
        try {
          results.push({ file: file.name, flows: await uploadFlowFile(file, folderId) });
        } catch (err) {
          results.push({ file: file.name, flows: [], error: errorText(err) });
        }
      }
      await reload();
      return results;
    },
    async exportFlow(flow, format = 'flowdesk') {
      const { blob, filename } = await downloadFlows([flow.id], format);
      saveBlob(blob, filename);
    },
  };
}
