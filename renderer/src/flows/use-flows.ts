/** The flow list: loading, and the operations on it (each reloads the list when done). */
import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../api/http.js';
import { createFlow, deleteFlow, downloadFlows, getFlow, listFlows, updateFlow, uploadFlowFile } from '../api/flows-api.js';
import type { FlowRead } from '../api/types.js';
import { EMPTY_FLOW_DATA, type FlowData } from '../../../shared/flow.js';
import { saveBlob } from '../ui/files.js';

export interface FlowsState {
  flows: FlowRead[] | null;
  error: string | null;
  reload(): Promise<void>;
  createBlank(name?: string): Promise<FlowRead>;
  createFrom(template: { name: string; description: string; data: FlowData }): Promise<FlowRead>;
  rename(flow: FlowRead, name: string, description: string): Promise<void>;
  duplicate(flow: FlowRead): Promise<FlowRead>;
  remove(flow: FlowRead): Promise<void>;
  /** Imports each file on its own: one failing file does not stop the others. */
  importFiles(files: File[]): Promise<ImportResult[]>;
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
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      const list = await listFlows();
      list.sort((a, b) => b.updated_at.localeCompare(a.updated_at));
      setFlows(list);
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const createFrom = useCallback(
    async (template: { name: string; description: string; data: FlowData }) => {
      const created = await createFlow({ name: template.name, description: template.description, data: template.data });
      await reload();
      return created;
    },
    [reload],
  );

  return {
    flows,
    error,
    reload,
    createBlank: (name = 'Untitled flow') => createFrom({ name, description: '', data: EMPTY_FLOW_DATA }),
    createFrom,
    async rename(flow, name, description) {
      await updateFlow(flow.id, { name, description });
      await reload();
    },
    async duplicate(flow) {
      const full = flow.data ? flow : await getFlow(flow.id);
      return createFrom({ name: full.name, description: full.description, data: full.data ?? EMPTY_FLOW_DATA });
    },
    async remove(flow) {
      await deleteFlow(flow.id);
      await reload();
    },
    async importFiles(files) {
      const results: ImportResult[] = [];
      for (const file of files) {
        try {
          results.push({ file: file.name, flows: await uploadFlowFile(file) });
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
