/** Catalog, version, chat messages, global variables and API keys. */
import type { ComponentCatalog } from '../../../shared/component-spec.js';
import { request } from './http.js';
import type { ApiKeyCreated, ApiKeyRead, StoredMessage, VariableRead, VariableType, VersionInfo } from './types.js';

export function getCatalog(): Promise<ComponentCatalog> {
  return request('GET', '/api/v1/all');
}

export function getVersion(): Promise<VersionInfo> {
  return request('GET', '/api/v1/version');
}

export function listMessages(query: { flowId: string; sessionId?: string }): Promise<StoredMessage[]> {
  const params = new URLSearchParams({ flow_id: query.flowId, order_by: 'timestamp' });
  if (query.sessionId) params.set('session_id', query.sessionId);
  return request('GET', `/api/v1/monitor/messages?${params.toString()}`);
}

export function deleteSession(sessionId: string): Promise<void> {
  return request('DELETE', `/api/v1/monitor/messages/session/${encodeURIComponent(sessionId)}`);
}

export function listVariables(): Promise<VariableRead[]> {
  return request('GET', '/api/v1/variables/');
}

export function createVariable(body: { name: string; value: string; type: VariableType }): Promise<VariableRead> {
  return request('POST', '/api/v1/variables/', { json: body });
}

export function updateVariable(id: string, body: { name?: string; value?: string }): Promise<VariableRead> {
  return request('PATCH', `/api/v1/variables/${encodeURIComponent(id)}`, { json: body });
}

export function deleteVariable(id: string): Promise<void> {
  return request('DELETE', `/api/v1/variables/${encodeURIComponent(id)}`);
}

export async function listApiKeys(): Promise<ApiKeyRead[]> {
  const body = await request<{ api_keys: ApiKeyRead[] } | ApiKeyRead[]>('GET', '/api/v1/api_key/');
  return Array.isArray(body) ? body : body.api_keys;
}

export function createApiKey(name: string): Promise<ApiKeyCreated> {
  return request('POST', '/api/v1/api_key/', { json: { name } });
}

export function deleteApiKey(id: string): Promise<void> {
  return request('DELETE', `/api/v1/api_key/${encodeURIComponent(id)}`);
}
