/**
 * Store-wide documents in the `settings` table, mirrored in memory: `meta` (StoreMeta), the
 * model-provider settings and the MCP servers. Reads hand out copies; a write resolves after its
 * COMMIT. A change to `meta` is merged in the database, so two servers changing different fields
 * at once both keep theirs.
 */
import { EMPTY_MODEL_SETTINGS, type ModelSettings } from '../../../shared/model-providers.js';
import type { McpServerConfig } from '../../../shared/mcp.js';
import type { McpServerStore, ModelSettingsStore, StoreMeta } from '../types.js';
import { asJson, type PgContext, type Sql } from './connect.js';
import { MirroredTableBase, type RawRow } from './mirrored-table.js';

const KEYS = { meta: 'meta', modelSettings: 'model_settings', mcpServers: 'mcp_servers' } as const;

export class PgSettings extends MirroredTableBase<unknown> {
  constructor(ctx: PgContext) {
    super(ctx, 'settings');
  }

  protected select(sql: Sql, id?: string): Promise<RawRow[]> {
    return sql<RawRow[]>`SELECT key AS id, seq, rev, value FROM settings ${id === undefined ? sql`` : sql`WHERE key = ${id}`}`;
  }

  protected decode(row: RawRow): unknown {
    return row.value;
  }

  /** A copy of the document under `key`, or `empty()` when there is none. */
  read<T>(key: string, empty: () => T): T {
    const value = this.mirror.get(key);
    return value === undefined ? empty() : structuredClone(value as T);
  }

  /** Replaces (or, with `merge`, merges into) the document under `key`. */
  async write(key: string, value: unknown, merge = false): Promise<void> {
    this.ctx.assertOpen();
    const row = await this.ctx.write('settings', key, (tx) =>
      merge
        ? tx<RawRow[]>`INSERT INTO settings (key, value) VALUES (${key}, ${asJson(tx, value)})
            ON CONFLICT (key) DO UPDATE SET value = (settings.value::jsonb || EXCLUDED.value::jsonb)::json, rev = nextval('flowdesk_rev')
            RETURNING key AS id, seq, rev, value`
        : tx<RawRow[]>`INSERT INTO settings (key, value) VALUES (${key}, ${asJson(tx, value)})
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, rev = nextval('flowdesk_rev')
            RETURNING key AS id, seq, rev, value`,
    );
    if (row) this.applyWritten(row, row.value);
  }

  getMeta(): StoreMeta {
    // Read on every request (is a key required?): a shallow copy, as its values are flat.
    return { seeded: false, ...(this.mirror.get(KEYS.meta) as Partial<StoreMeta> | undefined) };
  }

  setMeta(patch: Partial<StoreMeta>): Promise<void> {
    return this.write(KEYS.meta, patch, true);
  }

  readonly modelSettings: ModelSettingsStore = {
    get: () => this.read<ModelSettings>(KEYS.modelSettings, () => structuredClone(EMPTY_MODEL_SETTINGS)),
    set: (settings) => this.write(KEYS.modelSettings, settings),
  };

  readonly mcpServers: McpServerStore = {
    all: () => this.read<Record<string, McpServerConfig>>(KEYS.mcpServers, () => ({})),
    get: (name) => {
      const servers = (this.mirror.get(KEYS.mcpServers) ?? {}) as Record<string, McpServerConfig>;
      return Object.hasOwn(servers, name) ? structuredClone(servers[name]) : undefined;
    },
    set: (servers) => this.write(KEYS.mcpServers, servers),
  };
}
