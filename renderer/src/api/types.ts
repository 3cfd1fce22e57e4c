/** Response shapes of the endpoints the editor uses: the server's own, from shared/. */
import type { ApiKeyRead, FlowRead, MessageResponse } from '../../../shared/api-dto.js';
import type { FlowData } from '../../../shared/flow.js';

export type { ApiKeyRead, FlowRead, VariableRead, VariableType, VersionInfo } from '../../../shared/api-dto.js';

/** The part of a flow the editor's toolbar and API panel edit. */
export type FlowHeader = Pick<FlowRead, 'id' | 'name' | 'description' | 'endpoint_name' | 'mcp_enabled'>;

/** A chat message the playground shows: a stored one (monitor), or one a run announced (add_message, editor events). */
export type StoredMessage = Pick<MessageResponse, 'id' | 'sender' | 'sender_name' | 'session_id' | 'timestamp' | 'text'> & {
  /** Run events say whether the message is an error; the monitor does not. */
  error?: boolean;
};

/** What PATCH/POST /api/v1/flows/ accept. */
export interface FlowWrite {
  name?: string;
  description?: string;
  endpoint_name?: string | null;
  /** Whether the flow is an MCP tool (absent on the server: yes). */
  mcp_enabled?: boolean;
  data?: FlowData;
  /** The flow's project; absent on create: the default project. */
  folder_id?: string;
}

/** `POST /api/v1/api_key/`: the full key, shown once. */
export type ApiKeyCreated = ApiKeyRead;
