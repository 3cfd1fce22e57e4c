/** Knowledge bases (`/api/v1/knowledge_bases`): list, create, delete. */
import type { KnowledgeBaseInfo } from '../../../shared/api-dto.js';
import { request } from './http.js';

export type { KnowledgeBaseInfo };

export interface KnowledgeBaseCreate {
  name: string;
  embedding_provider: 'OpenAI' | 'Ollama';
  embedding_model: string;
  api_key_variable?: string;
  api_base?: string;
}

export function listKnowledgeBases(): Promise<KnowledgeBaseInfo[]> {
  return request('GET', '/api/v1/knowledge_bases');
}

export function createKnowledgeBase(body: KnowledgeBaseCreate): Promise<KnowledgeBaseInfo> {
  return request('POST', '/api/v1/knowledge_bases', { json: body });
}

export function deleteKnowledgeBase(name: string): Promise<void> {
  return request('DELETE', `/api/v1/knowledge_bases/${encodeURIComponent(name)}`);
}
