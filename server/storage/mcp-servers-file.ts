/**
 * MCP server settings in `mcp-servers.json` (0600), in Langflow's shape (`{"mcpServers": {...}}`):
 * each server's command or URL. Written atomically (temp file, rename), with `mcp-servers.json.bak`
 * a mirror of the newest state; a damaged file is set aside and the mirror used, else the
 * settings start empty, with a warning.
 */
import { Low } from 'lowdb';
import { StorageError } from '../../shared/errors.js';
import { mcpConfigProblem, type McpServerConfig } from '../../shared/mcp.js';
import { CorruptDataError, DurableJsonFile, type DurableFileOptions } from './durable-json-file.js';
import { FILE_FORMAT_VERSION, isObject } from './record-file.js';
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

export class McpServersFile implements McpServerStore {
  readonly #low: Low<Servers>;
  readonly #file: DurableJsonFile<Servers>;
  #closed = false;

  private constructor(file: string, options: DurableFileOptions) {
    this.#file = new DurableJsonFile<Servers>(
      file,
      { parse: decode, serialize: (mcpServers) => JSON.stringify({ version: FILE_FORMAT_VERSION, backup: 'mirror', mcpServers }, null, 2) + '\n' },
      { ...options, backup: 'mirror' },
    );
    this.#low = new Low<Servers>(this.#file, {});
  }

  static async open(file: string, options: DurableFileOptions): Promise<McpServersFile> {
    const servers = new McpServersFile(file, options);
    await servers.#low.read();
    return servers;
  }

  /** A copy the caller owns. */
  all(): Servers {
    return structuredClone(this.#low.data);
  }

  get(name: string): McpServerConfig | undefined {
    return Object.hasOwn(this.#low.data, name) ? structuredClone(this.#low.data[name]) : undefined;
  }

  /** Replaces every server; resolves once they are on disk. */
  async set(next: Servers): Promise<void> {
    if (this.#closed) throw new StorageError('The store is closed');
    const previous = this.#low.data;
    const copy = structuredClone(next);
    this.#low.data = copy;
    try {
      await this.#low.write();
    } catch (err) {
      if (this.#low.data === copy) this.#low.data = previous;
      throw new StorageError(`Could not write ${this.#file.file}: ${(err as Error).message}`, err);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#file.flush();
  }
}
