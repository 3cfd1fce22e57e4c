/** What the HTTP layer is given: use cases and settings, never stores or the engine's internals. */
import type { ComponentCatalog } from '../../shared/component-spec.js';
import type { TweaksPolicy } from '../../shared/tweak-policy.js';
import type { Logger } from '../logger.js';
import type { ApiKeyService } from '../services/api-key-service.js';
import type { SessionService } from '../services/session-service.js';
import type { SettingsService } from '../services/settings-service.js';
import type { FileService } from '../services/file-service.js';
import type { FlowService } from '../services/flow-service.js';
import type { KnowledgeService } from '../services/knowledge-service.js';
import type { McpServerService } from '../services/mcp-server-service.js';
import type { McpToolService } from '../services/mcp-flow-tools.js';
import type { Flow } from '../../shared/flow.js';
import type { MessageService } from '../services/message-service.js';
import type { ModelProviderService } from '../services/model-provider-service.js';
import type { ProjectService } from '../services/project-service.js';
import type { RunLifecycle } from '../services/run-lifecycle.js';
import type { VariableService } from '../services/variable-service.js';
import type { WebhookService } from '../services/webhook-service.js';
import type { HostPolicy } from './host-policy.js';

/** What the HTTP layer needs to tell callers apart and to refuse browser attacks. */
export interface SecurityDeps {
  hosts: HostPolicy;
  /** Origins allowed to call the API from a browser (CORS); empty: CORS off. */
  corsOrigins: readonly string[];
  sessions: SessionService;
  settings: SettingsService;
  /** The local admin token check; null when the server has none. */
  adminToken: { matches(candidate: string): boolean } | null;
  /** Masks known secrets and key-shaped text in error answers (the logger masks its own lines). */
  redact: (text: string) => string;
}

export interface AppDeps {
  flows: FlowService;
  /** Projects (Langflow's folders) that hold the flows. */
  projects: ProjectService;
  /** Every run, from any route: prepared, admitted, timed and cancelled in one place. */
  runs: RunLifecycle;
  webhooks: WebhookService;
  messages: MessageService;
  variables: VariableService;
  /** Model providers, enabled models and the default model (`/api/v1/models/…`). */
  models: ModelProviderService;
  apiKeys: ApiKeyService;
  catalog(): ComponentCatalog;
  healthCheck(): Promise<boolean>;
  /** With a database store: its state as last seen (`/health` reports it, and answers 503 while it is unreachable). */
  databaseState?: () => 'ok' | 'unreachable';
  /** With a run queue (`--queue-url`): its state as last seen (`/health` reports it, and answers 503 while it is unreachable). */
  queueState?: () => 'ok' | 'unreachable';
  version: string;
  backendOnly: boolean;
  maxBodyBytes: number;
  /** Largest accepted flow upload, in bytes. */
  maxUploadBytes: number;
  /** Uploaded files for File components (`/api/v2/files`); the file routes are left out without it. */
  files?: FileService;
  /** Knowledge bases (`/api/v1/knowledge_bases`); the routes are left out without it. */
  knowledge?: KnowledgeService;
  /** MCP servers (`/api/v2/mcp/servers`); the routes are left out without it. */
  mcpServers?: McpServerService;
  /**
   * The flows an MCP server serves (`/api/v1/mcp/…`): every flow without `projectId`, else that
   * project's; undefined for an unknown project (404). See services/mcp-flow-tools.ts `flowsOfProject`.
   */
  mcpFlows(projectId?: string): Flow[] | undefined;
  /** Flows as MCP tools: names, descriptions, input schemas. */
  mcpTools: McpToolService;
  /** Folder of the built editor (`index.html` and assets), or null when it is not built. */
  editorDir: string | null;
  logger: Logger;
  security: SecurityDeps;
  /** Which fields run requests may tweak (`--tweaks-policy`), told to the editor; `permissive` when absent. */
  tweaksPolicy?: TweaksPolicy;
}
