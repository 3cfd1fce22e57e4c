/**
 * MCP servers, configured once (Langflow's `/api/v2/mcp/servers`, same paths and shapes): a name and
 * either a command Flowdesk starts (`{command, args, env}`) or a URL (`{url, headers}`). Runs read
 * them by name (MCP Tools); a stdio command comes only from here, never from a flow or a tweak.
 */
import { BadRequestError, ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { MAX_MCP_SERVER_NAME_LENGTH, mcpConfigProblem, type McpServerConfig, type McpServerListItem } from '../../shared/mcp.js';
import type { McpAccess } from '../engine/mcp.js';
import type { McpServerStore } from '../storage/types.js';

/** Connects to a server and counts its tools (for `?action_count=true`); given by the composition root. */
export type McpServerProbe = (name: string, config: McpServerConfig) => Promise<{ mode: string; toolsCount: number }>;

export interface McpServerService {
  list(options: { actionCount: boolean }): Promise<McpServerListItem[]>;
  /** The server's configuration, or null when there is none (as Langflow answers). */
  get(name: string): McpServerConfig | null;
  /** Adds a server; a name already taken is refused. */
  add(name: string, body: unknown): Promise<McpServerConfig>;
  /** Sets a server's configuration (added when new), as Langflow's PATCH does. */
  update(name: string, body: unknown): Promise<McpServerConfig>;
  /** Removes a server; answers null (the server is gone), 404 when there was none. */
  remove(name: string): Promise<null>;
  /** What runs see. */
  access(): McpAccess;
}

export interface McpServerServiceDeps {
  store: McpServerStore;
  probe?: McpServerProbe;
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new BadRequestError('An MCP server needs a name');
  if (trimmed.length > MAX_MCP_SERVER_NAME_LENGTH) throw new BadRequestError(`An MCP server name has at most ${MAX_MCP_SERVER_NAME_LENGTH} characters`);
  return trimmed;
}

function checkConfig(body: unknown): McpServerConfig {
  const problem = mcpConfigProblem(body);
  if (problem) throw new ValidationError([{ type: 'value_error', loc: ['body'], msg: `Value error, ${problem}`, input: body }]);
  const config = structuredClone(body) as McpServerConfig;
  if (typeof config.command === 'string') config.command = config.command.trim();
  if (typeof config.url === 'string') config.url = config.url.trim();
  return config;
}

export function createMcpServerService(deps: McpServerServiceDeps): McpServerService {
  const { store, probe } = deps;

  const save = async (name: string, config: McpServerConfig): Promise<void> => {
    const next = store.all();
    Object.defineProperty(next, name, { value: config, enumerable: true, writable: true, configurable: true });
    await store.set(next);
  };

  const check = async (name: string, config: McpServerConfig): Promise<McpServerListItem> => {
    const item: McpServerListItem = { name, mode: null, toolsCount: null };
    if (!probe) return item;
    try {
      const { mode, toolsCount } = await probe(name, config);
      item.mode = mode;
      item.toolsCount = toolsCount;
      if (toolsCount === 0) item.error = 'No tools found';
    } catch (error) {
      item.error = `Error loading server: ${error instanceof Error ? error.message : String(error)}`;
    }
    return item;
  };

  return {
    async list({ actionCount }) {
      const servers = Object.entries(store.all());
      if (!actionCount) return servers.map(([name]) => ({ name, mode: null, toolsCount: null }));
      return Promise.all(servers.map(([name, config]) => check(name, config)));
    },

    get: (name) => store.get(name) ?? null,

    async add(rawName, body) {
      const name = checkName(rawName);
      const config = checkConfig(body);
      if (store.get(name)) throw new ConflictError(`An MCP server named "${name}" already exists; change it with PATCH /api/v2/mcp/servers/${encodeURIComponent(name)}`);
      await save(name, config);
      return config;
    },

    async update(rawName, body) {
      const name = checkName(rawName);
      const config = checkConfig(body);
      await save(name, config);
      return config;
    },

    async remove(name) {
      const next = store.all();
      if (!Object.hasOwn(next, name)) throw new NotFoundError(`No MCP server named "${name}"`);
      delete next[name];
      await store.set(next);
      return null;
    },

    access: () => ({
      server: (name) => store.get(name),
      names: () => Object.keys(store.all()),
    }),
  };
}
