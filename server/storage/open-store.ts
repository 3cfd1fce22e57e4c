/**
 * Opens a data directory: creates it (0700; an existing one open to other users is made 0700), locks it, loads every file, and returns the `Store`.
 *
 * Layout of `<dataDir>`:
 *   flowdesk.lock     the lock (data-dir-lock.ts)
 *   flows.json        flows            ┐ lowdb, one `Low` per file, each with `<name>.bak`, the
 *   projects.json     projects         │ state before its latest write (durable-json-file.ts);
 *   variables.json    global variables │
 *   api-keys.json     API keys, hashed │ for these two `.bak` is instead a copy of the newest
 *   meta.json         store settings   ┘ state, so a lost file never loosens security (meta-file.ts)
 *   model-providers.json  model-provider settings, `.bak` a mirror too (model-settings-file.ts)
 *   mcp-servers.json  MCP server settings, `.bak` a mirror too (mcp-servers-file.ts)
 *   messages.jsonl    message history, append-only with group commit and background fdatasync (message-log.ts)
 *   secret.key        AES-256-GCM key for credential values, 0600 (secret-box.ts)
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger.js';
import { StartupError } from '../startup-error.js';
import { LowdbApiKeyStore } from './api-key-store.js';
import { DataDirLock } from './data-dir-lock.js';
import { LowdbFlowStore } from './flow-store.js';
import { removeIfPresent, writeNewFile } from './fs-utils.js';
import { LogMessageStore } from './message-store.js';
import { McpServersFile } from './mcp-servers-file.js';
import { LowdbProjectStore } from './project-store.js';
import { upgradeToProjects } from './project-upgrade.js';
import { MetaFile } from './meta-file.js';
import { ModelSettingsFile } from './model-settings-file.js';
import { SecretBox } from './secret-box.js';
import type { Store, StoreMeta } from './types.js';
import { LowdbVariableStore } from './variable-store.js';

export { readLockInfo, lockHolderState, LOCK_FILE_NAME, type LockInfo } from './data-dir-lock.js';

export interface OpenStoreOptions {
  logger: Logger;
  /**
   * Flush writes to the disk (fsync), so they also survive a power cut or an OS crash. Default
   * true. Flows, variables, keys and settings are flushed before a write is acknowledged; chat
   * messages are acknowledged once written to the file and flushed in the background within
   * ~200 ms (message-log.ts). Either way, acknowledged writes survive a crash of the process
   * (kill -9), since the OS keeps them.
   */
  fsync?: boolean;
  /** How long API-key usage counters may wait before they are written. Default 1000 ms. */
  touchFlushMs?: number;
}

export const DATA_FILES = {
  flows: 'flows.json',
  projects: 'projects.json',
  variables: 'variables.json',
  apiKeys: 'api-keys.json',
  meta: 'meta.json',
  modelSettings: 'model-providers.json',
  mcpServers: 'mcp-servers.json',
  messages: 'messages.jsonl',
} as const;

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Creates the data directory (0700) or checks an existing one, making it 0700 when it is open to others. */
export async function ensureDataDir(dataDir: string, logger: Logger, warn: (message: string) => void): Promise<void> {
  let mode: number;
  try {
    await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
    const stat = await fs.stat(dataDir);
    if (!stat.isDirectory()) throw new Error('not a directory');
    await fs.access(dataDir, constants.R_OK | constants.W_OK | constants.X_OK);
    mode = stat.mode & 0o777;
  } catch (err) {
    throw new StartupError('data_dir_unusable', `Data directory ${dataDir} is unusable: ${reasonOf(err)}`, { cause: err });
  }
  // Only its owner may look inside (a folder made by hand is often 0755). Windows has no such modes.
  if (process.platform === 'win32' || (mode & 0o077) === 0) return;
  const was = mode.toString(8).padStart(4, '0');
  try {
    await fs.chmod(dataDir, 0o700);
    logger.info(`Data directory ${dataDir} was open to other users (mode ${was}); made it 0700`);
  } catch (err) {
    warn(`Data directory ${dataDir} is open to other users (mode ${was}) and could not be made 0700: ${reasonOf(err)}`);
  }
}

export async function openStore(dataDir: string, options: OpenStoreOptions): Promise<Store> {
  const dir = path.resolve(dataDir);
  const { logger } = options;
  const fsync = options.fsync ?? true;
  const warnings: string[] = [];
  const warn = (message: string): void => {
    warnings.push(message);
    logger.warn(message);
  };
  const file = (name: string): string => path.join(dir, name);

  await ensureDataDir(dir, logger, warn);
  const lock = await DataDirLock.acquire(dir, warn);
  const secrets = new SecretBox(dir, warn);
  const fileOptions = { fsync, warn };
  const results = await Promise.allSettled([
    LowdbFlowStore.open(file(DATA_FILES.flows), fileOptions),
    LowdbVariableStore.open(file(DATA_FILES.variables), secrets, fileOptions),
    LowdbApiKeyStore.open(file(DATA_FILES.apiKeys), { ...fileOptions, touchFlushMs: options.touchFlushMs ?? 1000 }),
    MetaFile.open(file(DATA_FILES.meta), fileOptions),
    LogMessageStore.open(file(DATA_FILES.messages), fileOptions),
    ModelSettingsFile.open(file(DATA_FILES.modelSettings), fileOptions),
    McpServersFile.open(file(DATA_FILES.mcpServers), fileOptions),
    LowdbProjectStore.open(file(DATA_FILES.projects), fileOptions),
  ] as const);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.allSettled(results.map((r) => (r.status === 'fulfilled' ? r.value.close() : undefined)));
    await lock.release().catch(() => undefined);
    const err: unknown = failed.reason;
    if (err instanceof StartupError) throw err;
    throw new StartupError('data_dir_unusable', `Data directory ${dir} is unusable: ${reasonOf(err)}`, { cause: err });
  }
  const [flows, variables, apiKeys, meta, messages, modelSettings, mcpServers, projects] = results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
    LowdbFlowStore,
    LowdbVariableStore,
    LowdbApiKeyStore,
    MetaFile,
    LogMessageStore,
    ModelSettingsFile,
    McpServersFile,
    LowdbProjectStore,
  ];
  const parts = { flows, projects, variables, apiKeys, meta, messages, modelSettings, mcpServers };
  try {
    const upgrade = await upgradeToProjects(parts);
    if (upgrade.placed > 0) logger.info(`Put ${upgrade.placed} flows from before projects in the default project`);
    for (const p of upgrade.recovered) warn(`Flows named project ${p.id}, which ${DATA_FILES.projects} no longer holds: gave it back to them as "${p.name}"`);
  } catch (err) {
    await closeParts(parts).catch(() => undefined);
    await lock.release().catch(() => undefined);
    throw new StartupError('data_dir_unusable', `Data directory ${dir} is unusable: could not give every flow a project: ${reasonOf(err)}`, { cause: err });
  }
  logger.debug(`Opened data directory ${dir}: ${flows.list().length} flows, ${messages.count()} messages`);
  return new FileStore(dir, lock, parts, warnings);
}

interface Parts {
  flows: LowdbFlowStore;
  projects: LowdbProjectStore;
  variables: LowdbVariableStore;
  apiKeys: LowdbApiKeyStore;
  meta: MetaFile;
  messages: LogMessageStore;
  modelSettings: ModelSettingsFile;
  mcpServers: McpServersFile;
}

class FileStore implements Store {
  readonly dataDir: string;
  readonly flows: LowdbFlowStore;
  readonly projects: LowdbProjectStore;
  readonly messages: LogMessageStore;
  readonly variables: LowdbVariableStore;
  readonly apiKeys: LowdbApiKeyStore;
  readonly modelSettings: ModelSettingsFile;
  readonly mcpServers: McpServersFile;
  readonly warnings: string[];
  readonly #meta: MetaFile;
  readonly #parts: Parts;
  readonly #lock: DataDirLock;
  #closing: Promise<void> | undefined;

  constructor(dataDir: string, lock: DataDirLock, parts: Parts, warnings: string[]) {
    this.dataDir = dataDir;
    this.#lock = lock;
    this.flows = parts.flows;
    this.projects = parts.projects;
    this.messages = parts.messages;
    this.variables = parts.variables;
    this.apiKeys = parts.apiKeys;
    this.modelSettings = parts.modelSettings;
    this.mcpServers = parts.mcpServers;
    this.#meta = parts.meta;
    this.#parts = parts;
    this.warnings = warnings;
  }

  getMeta(): StoreMeta {
    return this.#meta.get();
  }

  setMeta(meta: Partial<StoreMeta>): Promise<void> {
    return this.#meta.set(meta);
  }

  async setLockInfo(info: { url: string }): Promise<void> {
    await this.#lock.update({ url: info.url });
  }

  async healthCheck(): Promise<boolean> {
    if (this.#closing) return false;
    const probe = path.join(this.dataDir, `.health-${this.#lock.info.instance}`);
    try {
      const expected = randomBytes(16).toString('hex');
      await writeNewFile(probe, expected, false);
      const read = await fs.readFile(probe, 'utf8');
      await removeIfPresent(probe);
      return read === expected;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    try {
      await closeParts(this.#parts);
    } finally {
      await this.#lock.release();
    }
  }
}

/** Closes every part; throws the first failure after trying them all. */
async function closeParts(parts: Parts): Promise<void> {
  const results = await Promise.allSettled([
    parts.apiKeys.close(),
    parts.flows.close(),
    parts.projects.close(),
    parts.variables.close(),
    parts.meta.close(),
    parts.messages.close(),
    parts.modelSettings.close(),
    parts.mcpServers.close(),
  ]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
