/**
 * MCP server settings in `mcp-servers.json` (0600), in Langflow's shape (`{"mcpServers": {...}}`):
 * each server's command or URL. Written atomically (temp file, rename), with `mcp-servers.json.bak`
 * a mirror of the newest state; a damaged file is set aside and the mirror used, else the
 * settings start empty, with a warning.
 */
import { mcpConfigProblem, type McpServerConfig } from '../../shared/mcp.js';
import { CorruptDataError, type DurableFileOptions } from './durable-json-file.js';
import { isObject } from './record-file.js';
import { SettingsFile, type SettingsFormat } from './settings-file.js';
import type { McpServerStore } from './types.js';

type Servers = Record<string, McpServerConfig>;

function decode(json: unknown): Servers {
  if (!isObject(json) || !isObject(json.mcpServers)) throw new CorruptDataError('"mcpServers" is not an object');
  const servers: Servers = {};
  for (const [name, config] of Object.entries(json.mcpServers)) {
    const problem = mcpConfigProblem(config);
    if (problem) throw new CorruptDataError(`server "${name}": ${problem}`);
    Object.defineProperty(servers, name, { value: config as McpServerConfig, enumerable: true, writable: true, configurable: true });
  }
  return servers;
}

const FORMAT: SettingsFormat<Servers> = { key: 'mcpServers', decode, empty: () => ({}) };

export class McpServersFile implements McpServerStore {
  readonly #settings: SettingsFile<Servers>;

  private constructor(settings: SettingsFile<Servers>) {
    this.#settings = settings;
  }

  static async open(file: string, options: DurableFileOptions): Promise<McpServersFile> {
    return new McpServersFile(await SettingsFile.open(file, FORMAT, options));
  }

  /** A copy the caller owns. */
  all(): Servers {
    return this.#settings.get();
  }

  get(name: string): McpServerConfig | undefined {
    const servers = this.#settings.peek();
    return Object.hasOwn(servers, name) ? structuredClone(servers[name]) : undefined;
  }

  /** Replaces every server; resolves once they are on disk. */
  set(next: Servers): Promise<void> {
    return this.#settings.set(next);
  }

  close(): Promise<void> {
    return this.#settings.close();
  }
}
