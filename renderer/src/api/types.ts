/** Response shapes of the endpoints the editor uses (see ../../../shared/docs/api-contract.md). */
import type { FlowData } from '../../../shared/flow.js';

export interface FlowRead {
  id: string;
  name: string;
  description: string;
  endpoint_name: string | null;
  /** null when listed with `header_flows=true`. */
  data: FlowData | null;
  created_at: string;
  updated_at: string;
  tags?: string[];
  icon?: string | null;
}

/** What PATCH/POST /api/v1/flows/ accept. */
export interface FlowWrite {
  name?: string;
  description?: string;
  endpoint_name?: string | null;
  data?: FlowData;
}

export type VariableType = 'Credential' | 'Generic';

export interface VariableRead {
  id: string;
  name: string;
  /** Never returned for credentials. */
  value?: string | null;
  type: VariableType;
  created_at?: string;
  updated_at?: string;
}

export interface ApiKeyRead {
  id: string;
  name: string | null;
  /** Masked, e.g. `sk-abc…xyz`. */
  api_key: string;
  created_at?: string;
  last_used_at?: string | null;
  total_uses?: number;
}

/** `POST /api/v1/api_key/`: the full key, shown once. */
export interface ApiKeyCreated extends ApiKeyRead {
  api_key: string;
}

export interface StoredMessage {
  id: string;
  flow_id: string | null;
  session_id: string;
  timestamp: string;
  sender: string;
  sender_name: string;
  text: string;
  error?: boolean;
  properties?: { source?: { id?: string | null; display_name?: string | null } };
}

export interface VersionInfo {
  version: string;
  main_version: string;
  package: string;
}
