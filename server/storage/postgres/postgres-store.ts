/**
 * The `Store` on PostgreSQL. Flows, projects, variables, API keys and settings are mirrored in memory (the
 * interfaces read synchronously); messages are queried directly. Every write commits, then
 * NOTIFYs `<table> <id>` on one channel; every server (this one too) reloads that row, so a
 * change made through one server is served by all within moments. When the channel was down
 * (a reconnect), the mirrors are read again whole.
 */
import type { Logger } from '../../logger.js';
import type { Store, StoreMeta } from '../types.js';
import { PgApiKeyStore } from './api-key-store.js';
import { CHANGES_CHANNEL, decodeChange, isConnectionError, reasonOf, type PgContext } from './connect.js';
import { PgFlowStore } from './flow-store.js';
import { PgMessageStore } from './message-store.js';
import { PgProjectStore } from './project-store.js';
import type { MirroredTable } from './mirrored-table.js';
import { PgSettings } from './settings-store.js';
import { PgVariableStore } from './variable-store.js';
import type { SecretBox } from '../secret-box.js';

export type DatabaseState = 'ok' | 'unreachable';

export interface PostgresStoreOptions {
  dataDir: string;
  logger: Logger;
  secrets: SecretBox;
  touchFlushMs: number;
  /** How often the database is probed for /health. */
  probeMs?: number;
}

export class PostgresStore implements Store {
  readonly dataDir: string;
  readonly flows: PgFlowStore;
  readonly projects: PgProjectStore;
  readonly messages: PgMessageStore;
  readonly variables: PgVariableStore;
  readonly apiKeys: PgApiKeyStore;
  readonly warnings: string[] = [];
  readonly #settings: PgSettings;
  readonly #ctx: PgContext;
  readonly #logger: Logger;
  readonly #tables: Map<string, MirroredTable>;
  /** Reloads, one at a time and in the order announced, so a later state is never overwritten by an earlier one. */
  #reloads: Promise<void> = Promise.resolve();
  #listens = 0;
  #unlisten: (() => Promise<void>) | undefined;
  #state: DatabaseState = 'ok';
  #probe: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;

  constructor(ctx: PgContext, options: PostgresStoreOptions) {
    this.#ctx = ctx;
    this.#logger = options.logger;
    this.dataDir = options.dataDir;
    this.flows = new PgFlowStore(ctx);
    this.projects = new PgProjectStore(ctx);
    this.variables = new PgVariableStore(ctx, options.secrets);
    this.apiKeys = new PgApiKeyStore(ctx, options.touchFlushMs);
    this.#settings = new PgSettings(ctx);
    this.messages = new PgMessageStore(ctx);
    this.#tables = new Map<string, MirroredTable>([this.flows, this.projects, this.variables, this.apiKeys, this.#settings].map((t) => [t.table, t]));
    this.#probe = setInterval(() => void this.healthCheck(), options.probeMs ?? 5_000);
    this.#probe.unref();
  }

  get modelSettings(): PgSettings['modelSettings'] {
    return this.#settings.modelSettings;
  }

  get mcpServers(): PgSettings['mcpServers'] {
    return this.#settings.mcpServers;
  }

  /** Listens for changes, then loads every table (in that order, so no change falls between). */
  async load(): Promise<void> {
    const { unlisten } = await this.#ctx.sql.listen(CHANGES_CHANNEL, (payload) => this.#onChange(payload), () => this.#onListen());
    this.#unlisten = unlisten;
    await Promise.all([...[...this.#tables.values()].map((t) => t.loadAll()), this.messages.load()]);
  }

  /** The database as last seen: by the probe, a health check or the change channel. */
  get databaseState(): DatabaseState {
    return this.#state;
  }

  getMeta(): StoreMeta {
    return this.#settings.getMeta();
  }

  setMeta(meta: Partial<StoreMeta>): Promise<void> {
    return this.#settings.setMeta(meta);
  }

  /** Several servers share a database: there is no data-directory lock to describe. */
  async setLockInfo(): Promise<void> {}

  async healthCheck(): Promise<boolean> {
    if (this.#ctx.closed) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer within 3 s')), 3_000)));
      await Promise.race([this.#ctx.sql`SELECT 1`, timeout]);
      this.#setState('ok');
      return true;
    } catch (err) {
      if (!this.#ctx.closed) this.#setState('unreachable', reasonOf(err));
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  #setState(state: DatabaseState, why?: string): void {
    if (state === this.#state) return;
    this.#state = state;
    if (state === 'ok') this.#logger.info('The database answers again');
    else this.#logger.warn(`The database does not answer: ${why ?? 'unknown reason'}`);
  }

  #onListen(): void {
    // The first time is the start; a later one follows a reconnect, after which changes may have been missed.
    if (this.#listens++ === 0) return;
    this.#setState('ok');
    this.#enqueue('reload after reconnect', () => Promise.all([...this.#tables.values()].map((t) => t.loadAll())).then(() => undefined));
  }

  #onChange(payload: string): void {
    const change = decodeChange(payload);
    const table = change && this.#tables.get(change.table);
    if (!change || !table) return;
    if (change.deleted) table.forget(change.id, change.rev);
    else this.#enqueue(`reload ${change.table} ${change.id}`, () => table.reload(change.id));
  }

  #enqueue(what: string, work: () => Promise<void>): void {
    this.#reloads = this.#reloads.then(work).catch((err: unknown) => {
      if (this.#ctx.closed) return;
      if (isConnectionError(err)) this.#setState('unreachable', reasonOf(err));
      this.#logger.warn(`${what}: ${reasonOf(err)}`);
    });
  }

  /** Resolves once every change announced so far has been applied (for tests). */
  settled(): Promise<void> {
    return this.#reloads;
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    clearInterval(this.#probe);
    try {
      await this.apiKeys.flush();
    } finally {
      this.#ctx.markClosed();
      await this.#unlisten?.().catch(() => undefined);
      await this.#reloads;
      await this.#ctx.sql.end({ timeout: 5 });
    }
  }
}
