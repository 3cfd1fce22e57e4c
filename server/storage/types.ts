/**
 * Store interfaces. The engine, services and HTTP layer see only these; lowdb (and the append log
 * for messages) sit behind them, so another database can replace them.
 *
 * Records returned by the stores are frozen snapshots (deeply): copy one (`{...flow, name}`) to
 * change it, then `put` the copy. Records passed in are copied; the caller keeps its object.
 */
import type { Flow } from '../../shared/flow.js';
import type { Message } from '../../shared/message.js';
import type { McpServerConfig } from '../../shared/mcp.js';
import type { ModelSettings } from '../../shared/model-providers.js';
import type { Project } from '../../shared/project.js';

export interface FlowStore {
  /** All flows, in creation order. */
  list(): Flow[];
  get(id: string): Flow | undefined;
  getByEndpointName(endpointName: string): Flow | undefined;
  /** Stores a new flow. Resolves once the write is durable. */
  create(flow: Flow): Promise<Flow>;
  /** Replaces a stored flow (same id). Resolves once durable; undefined when the id is unknown. */
  put(flow: Flow): Promise<Flow | undefined>;
  delete(id: string): Promise<boolean>;
}

/**
 * Projects (Langflow's folders). Names are unique. The store does not check that flows name an
 * existing project (the services do); at open, flows without one are given one (project-upgrade.ts).
 */
export interface ProjectStore {
  /** All projects, in creation order. */
  list(): Project[];
  get(id: string): Project | undefined;
  /** Stores a new project. Resolves once durable; ConflictError for a taken id or name. */
  create(project: Project): Promise<Project>;
  /** Replaces a stored project (same id). Resolves once durable; undefined when the id is unknown; ConflictError for a taken name. */
  put(project: Project): Promise<Project | undefined>;
  delete(id: string): Promise<boolean>;
}

export interface MessageFilter {
  flowId?: string;
  sessionId?: string;
  sender?: string;
  senderName?: string;
  /** `timestamp` (oldest first, default) or `-timestamp` (newest first). */
  orderBy?: string;
  /** At most this many, taken from the newest end when set. */
  limit?: number;
}

/**
 * The message history. Unlike the other stores it keeps no records in memory: `list` reads them
 * from disk and returns fresh copies the caller owns (not frozen).
 */
export interface MessageStore {
  /**
   * Appends one message. Cost does not depend on history size. Resolves once the message is
   * written to the file (it survives a crash of the process); the flush to the disk follows
   * within ~200 ms, so a power cut or OS crash may lose the last moments of messages.
   */
  add(message: Message): Promise<void>;
  /** Matching messages, oldest first unless `orderBy` is `-timestamp`. */
  list(filter: MessageFilter): Promise<Message[]>;
  /** Forgets a conversation; returns how many messages went. */
  deleteSession(sessionId: string): Promise<number>;
  /** Forgets every message of a flow (when the flow is deleted). */
  deleteFlow(flowId: string): Promise<number>;
  count(): number;
}

export type VariableType = 'Credential' | 'Generic';

export interface StoredVariable {
  id: string;
  name: string;
  type: VariableType;
  /** The plain value. The store encrypts Credential values at rest and never logs them. */
  value: string;
  default_fields: string[];
  created_at: string;
  updated_at: string;
}

export interface VariableStore {
  list(): StoredVariable[];
  get(id: string): StoredVariable | undefined;
  getByName(name: string): StoredVariable | undefined;
  create(variable: StoredVariable): Promise<StoredVariable>;
  put(variable: StoredVariable): Promise<StoredVariable | undefined>;
  delete(id: string): Promise<boolean>;
}

export interface StoredApiKey {
  id: string;
  name: string;
  /** SHA-256 hex of the full key. The key itself is never stored. */
  hash: string;
  /** First characters of the key, for the masked listing (`sk-abcd…`). */
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  total_uses: number;
}

export interface ApiKeyStore {
  list(): StoredApiKey[];
  getByHash(hash: string): StoredApiKey | undefined;
  create(key: StoredApiKey): Promise<StoredApiKey>;
  /** Records one use (count and time); may be written lazily. */
  touch(id: string, at: string): void;
  delete(id: string): Promise<boolean>;
}

export interface StoreMeta {
  /** Whether starter flows were ever seeded (a deleted starter stays deleted). */
  seeded: boolean;
  /** The editor's "require an API key" setting (absent: off). */
  require_api_key?: boolean;
}

/** The model-provider settings (base URLs, enabled models, default model); keys are Credential variables. */
export interface ModelSettingsStore {
  /** A copy the caller owns. */
  get(): ModelSettings;
  /** Replaces the settings; resolves once they are durable. */
  set(settings: ModelSettings): Promise<void>;
}

/** The MCP servers the user configured, by name (Langflow's `mcpServers`). */
export interface McpServerStore {
  /** Every server, a copy the caller owns. */
  all(): Record<string, McpServerConfig>;
  get(name: string): McpServerConfig | undefined;
  /** Replaces every server; resolves once they are durable. */
  set(servers: Record<string, McpServerConfig>): Promise<void>;
}

export interface Store {
  readonly dataDir: string;
  readonly flows: FlowStore;
  readonly projects: ProjectStore;
  readonly messages: MessageStore;
  readonly variables: VariableStore;
  readonly apiKeys: ApiKeyStore;
  readonly modelSettings: ModelSettingsStore;
  readonly mcpServers: McpServerStore;
  getMeta(): StoreMeta;
  setMeta(meta: Partial<StoreMeta>): Promise<void>;
  /** Whether the data directory is still writable and readable. */
  healthCheck(): Promise<boolean>;
  /** Problems found at open (a corrupt file set aside, a torn log tail dropped), for the log. */
  readonly warnings: string[];
  /**
   * Adds the server's URL to the data-directory lock file once it listens, so the desktop app can
   * find (and attach to) the server that owns a data directory (see `readLockInfo`).
   */
  setLockInfo(info: { url: string }): Promise<void>;
  /** Flushes pending writes and releases the data-directory lock. */
  close(): Promise<void>;
}
