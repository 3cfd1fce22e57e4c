/** Flows: CRUD, import (upload) and export (download). */
import { downloadedFile, request, send } from './http.js';
import type { FlowRead, FlowWrite } from './types.js';

const BASE = '/api/v1/flows/';
/** The editor reads and writes Flowdesk's compact nodes; the public default is Langflow's format. */
const EDITOR_FORMAT = '?format=flowdesk';

export function listFlows(): Promise<FlowRead[]> {
  return request('GET', BASE + EDITOR_FORMAT);
}

export function getFlow(id: string): Promise<FlowRead> {
  return request('GET', BASE + encodeURIComponent(id) + EDITOR_FORMAT);
}

export function createFlow(body: FlowWrite): Promise<FlowRead> {
  return request('POST', BASE + EDITOR_FORMAT, { json: body });
}

export function updateFlow(id: string, body: FlowWrite, options: { keepalive?: boolean; signal?: AbortSignal } = {}): Promise<FlowRead> {
  return request('PATCH', BASE + encodeURIComponent(id) + EDITOR_FORMAT, { json: body, ...options });
}

export function deleteFlow(id: string): Promise<void> {
  return request('DELETE', BASE + encodeURIComponent(id));
}

/** Imports a Flowdesk or Langflow flow JSON (or a `{flows: […]}` bundle or a zip), into project `folderId` (else the default); returns the created flows. */
export async function uploadFlowFile(file: File, folderId?: string): Promise<FlowRead[]> {
  const form = new FormData();
  form.append('file', file, file.name);
  const into = folderId ? `&folder_id=${encodeURIComponent(folderId)}` : '';
  const created = await request<FlowRead[] | FlowRead>('POST', BASE + 'upload/' + EDITOR_FORMAT + into, { body: form });
  return Array.isArray(created) ? created : [created];
}

/** Exports flows: one flow's JSON, or a zip of several; in Flowdesk's format, or Langflow's (which Langflow imports). */
export async function downloadFlows(ids: string[], format: 'flowdesk' | 'langflow' = 'flowdesk'): Promise<{ blob: Blob; filename: string }> {
  const response = await send('POST', BASE + 'download/' + (format === 'langflow' ? '?format=langflow' : ''), { json: ids });
  return downloadedFile(response, ids.length > 1 ? 'flows.zip' : 'flow.json');
}
