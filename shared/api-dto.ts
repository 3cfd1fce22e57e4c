/** Answers of the flows, messages, variables, keys and version endpoints: what the server sends and the editor reads. */
import type { FlowData } from './flow.js';

/** Langflow's `FlowRead`, as far as Flowdesk has the fields. */
export interface FlowRead {
  id: string;
  name: string;
  description: string;
  endpoint_name: string | null;
  /** The flow's data (a `header_flows=true` list gives FlowHeader, below, instead). */
  data: FlowData | null;
  created_at: string;
  updated_at: string;
  tags: string[];
  icon: string | null;
  is_component: false;
  webhook: boolean;
  locked: false;
  mcp_enabled: boolean;
  action_name: string | null;
  action_description: string | null;
  /** The flow's project. */
  folder_id: string;
  user_id: null;
}

/**
 * A flow as Langflow 1.8's `GET /api/v1/flows/{id}` answers it (its `FlowRead`, keys in its order):
 * `data` in Langflow's node-template format. What the public flow endpoints answer unless asked
 * for `?format=flowdesk`.
 */
export interface LangflowFlowRead {
  name: string;
  description: string;
  icon: string | null;
  icon_bg_color: null;
  gradient: null;
  data: { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[]; viewport: { x: number; y: number; zoom: number } };
  is_component: false;
  updated_at: string;
  webhook: boolean;
  endpoint_name: string | null;
  tags: string[] | null;
  locked: false;
  mcp_enabled: boolean;
  action_name: string | null;
  action_description: string | null;
  access_type: 'PRIVATE';
  id: string;
  user_id: null;
  folder_id: string;
}

/** Langflow's `FlowHeader`: a flow as `GET /api/v1/flows/?header_flows=true` lists it. */
export interface FlowHeader {
  id: string;
  name: string;
  /** The flow's project. */
  folder_id: string;
  is_component: false;
  endpoint_name: string | null;
  description: string;
  data: null;
  access_type: 'PRIVATE';
  tags: string[];
  mcp_enabled: boolean;
  action_name: string | null;
  action_description: string | null;
}

/** One page of flows (`GET /api/v1/flows/?get_all=false`): fastapi-pagination's `Page`. */
export interface FlowPage<Item = FlowRead> {
  items: Item[];
  total: number;
  page: number;
  size: number;
  pages: number;
}

/** A stored message as `GET /api/v1/monitor/messages` answers it (Langflow 1.8's `MessageResponse`). */
export interface MessageResponse {
  id: string;
  flow_id: string | null;
  timestamp: string;
  sender: string;
  sender_name: string;
  session_id: string;
  context_id: string;
  text: string;
  /** The files' JSON text, e.g. `"[]"` (Langflow's JSON column). */
  files: string;
  edit: false;
  duration: null;
  properties: Record<string, unknown>;
  category: 'message';
  content_blocks: unknown[];
}

export type VariableType = 'Credential' | 'Generic';

export interface VariableRead {
  id: string;
  name: string;
  type: VariableType;
  /** Generic values are shown; Credential values never leave the server. */
  value: string | null;
  default_fields: string[];
  created_at: string;
  updated_at: string;
}

export interface ApiKeyRead {
  id: string;
  name: string;
  /** Masked (`sk-AbCd********`), except in the answer to the create call. */
  api_key: string;
  created_at: string;
  last_used_at: string | null;
  total_uses: number;
}

export interface VersionInfo {
  version: string;
  main_version: string;
  package: 'Flowdesk';
}

/** A knowledge base as `GET /api/v1/knowledge_bases` lists it: Langflow's `KnowledgeBaseInfo`. */
export interface KnowledgeBaseInfo {
  id: string;
  name: string;
  embedding_provider: string;
  embedding_model: string;
  size: number;
  words: number;
  characters: number;
  chunks: number;
  avg_chunk_size: number;
}

