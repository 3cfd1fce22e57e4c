/**
 * Copies one store into another (`flowdesk migrate`: a data directory into PostgreSQL): projects
 * (one whose name the target has is that project: its flows join it), flows,
 * variables (credentials re-encrypted by the target with its own key), API keys, chat messages and
 * the settings. Idempotent: a record whose id the target has is left as it is, so a second run
 * copies nothing. A record that would break the target's uniqueness (an endpoint or variable name
 * held by another record) is skipped and named in the report. Settings never get looser: "require
 * an API key" is copied only when on, provider and MCP settings only into empty ones.
 */
import { ConflictError } from '../../shared/errors.js';
import { EMPTY_MODEL_SETTINGS } from '../../shared/model-providers.js';
import type { Store } from '../storage/types.js';

export interface CopyCounts {
  copied: number;
  /** Already in the target (same id). */
  present: number;
  /** Left out, with why. */
  skipped: string[];
}

export interface CopyReport {
  projects: CopyCounts;
  flows: CopyCounts;
  variables: CopyCounts;
  apiKeys: CopyCounts;
  messages: CopyCounts;
  /** The settings copied, by name. */
  settings: string[];
}

const counts = (): CopyCounts => ({ copied: 0, present: 0, skipped: [] });

/** Adds with `create` what `has` does not know; a conflict is a skip, named by `label`. */
async function copyAll<T>(records: T[], into: CopyCounts, has: (r: T) => boolean, create: (r: T) => Promise<unknown>, label: (r: T) => string): Promise<void> {
  for (const record of records) {
    if (has(record)) {
      into.present++;
      continue;
    }
    try {
      await create(record);
      into.copied++;
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      into.skipped.push(`${label(record)}: ${err.message}`);
    }
  }
}

export async function copyStore(from: Store, to: Store): Promise<CopyReport> {
  const report: CopyReport = { projects: counts(), flows: counts(), variables: counts(), apiKeys: counts(), messages: counts(), settings: [] };
  // A source project is the target's project of the same id, else of the same name (both have a "Starter Project"), else a copy.
  const projectIn = new Map<string, string>();
  const sameIn = (id: string, name: string) => to.projects.get(id)?.id ?? to.projects.list().find((t) => t.name === name)?.id;
  await copyAll(
    from.projects.list(),
    report.projects,
    (p) => {
      const there = sameIn(p.id, p.name);
      if (there !== undefined) projectIn.set(p.id, there);
      return there !== undefined;
    },
    async (p) => projectIn.set(p.id, (await to.projects.create(p)).id),
    (p) => `project "${p.name}"`,
  );
  await copyAll(
    from.flows.list(),
    report.flows,
    (f) => to.flows.get(f.id) !== undefined,
    (f) => to.flows.create({ ...f, folder_id: projectIn.get(f.folder_id) ?? f.folder_id }),
    (f) => `flow "${f.name}" (${f.id})`,
  );
  await copyAll(from.variables.list(), report.variables, (v) => to.variables.get(v.id) !== undefined, (v) => to.variables.create(v), (v) => `variable "${v.name}"`);
  const keyIds = new Set(to.apiKeys.list().map((k) => k.id));
  await copyAll(from.apiKeys.list(), report.apiKeys, (k) => keyIds.has(k.id) || to.apiKeys.getByHash(k.hash) !== undefined, (k) => to.apiKeys.create(k), (k) => `API key "${k.name}"`);
  const messageIds = new Set((await to.messages.list({})).map((m) => m.id));
  await copyAll(await from.messages.list({}), report.messages, (m) => messageIds.has(m.id), (m) => to.messages.add(m), (m) => `message ${m.id}`);
  await copySettings(from, to, report.settings);
  return report;
}

async function copySettings(from: Store, to: Store, copied: string[]): Promise<void> {
  const source = from.getMeta();
  const target = to.getMeta();
  if (source.seeded && !target.seeded) {
    await to.setMeta({ seeded: true });
    copied.push('starters seeded');
  }
  if (source.require_api_key === true && target.require_api_key !== true) {
    await to.setMeta({ require_api_key: true });
    copied.push('require an API key');
  }
  const empty = JSON.stringify(EMPTY_MODEL_SETTINGS);
  const models = from.modelSettings.get();
  if (JSON.stringify(models) !== empty && JSON.stringify(to.modelSettings.get()) === empty) {
    await to.modelSettings.set(models);
    copied.push('model providers');
  }
  const servers = from.mcpServers.all();
  if (Object.keys(servers).length > 0 && Object.keys(to.mcpServers.all()).length === 0) {
    await to.mcpServers.set(servers);
    copied.push('MCP servers');
  }
}

/** The report as lines, e.g. `flows: 3 copied, 1 already there`. */
export function formatCopyReport(report: CopyReport): string[] {
  const lines: string[] = [];
  const line = (what: string, c: CopyCounts): void => {
    lines.push(`${what}: ${c.copied} copied, ${c.present} already there${c.skipped.length ? `, ${c.skipped.length} skipped` : ''}`);
    for (const why of c.skipped) lines.push(`  skipped ${why}`);
  };
  line('projects', report.projects);
  line('flows', report.flows);
  line('variables', report.variables);
  line('API keys', report.apiKeys);
  line('messages', report.messages);
  lines.push(`settings: ${report.settings.length ? report.settings.join(', ') : 'nothing to copy'}`);
  return lines;
}
