/** Flow use cases: list, create, read, update, delete, import and export. No HTTP types here. */
import { zipSync, strToU8 } from 'fflate';
import type { FlowHeader, FlowPage, FlowRead, LangflowFlowRead } from '../../shared/api-dto.js';
import { ENDPOINT_NAME_PATTERN, mcpFields, type Flow } from '../../shared/flow.js';
import { BadRequestError, NotFoundError, ValidationError } from '../../shared/errors.js';
import type { Registry } from '../engine/define-component.js';
import { ensureDefaultProject } from '../storage/project-upgrade.js';
import type { FlowStore, MessageStore, ProjectStore } from '../storage/types.js';
import { uniqueName as firstFreeName } from '../../shared/unique-name.js';
import { DEFAULT_PROJECT_NAME } from '../../shared/project.js';
import { BodyChecker, type JsonObject } from './body-checks.js';
import type { Clock } from './clock.js';
import { UUID_PATTERN } from './clock.js';
import { exportFlow, exportLangflow, parseFlowDocuments, type FlowFormat, type ImportedFlow } from './flow-format.js';
import { mcpValues, readMcpPatch, withMcpFields, type McpField, type McpPatch } from './flow-mcp-fields.js';

export type { FlowHeader, FlowPage, FlowRead, LangflowFlowRead };
export type { FlowFormat };

/** A flow as an endpoint answers it: Langflow's FlowRead (the public default) or Flowdesk's (the editor's). */
export type FlowView<F extends FlowFormat> = F extends 'langflow' ? LangflowFlowRead : FlowRead;

export type ExportedFiles = { kind: 'json'; filename: string; body: object } | { kind: 'zip'; filename: string; body: Uint8Array };

/**
 * Flow use cases. Reads answer in the format asked for: Flowdesk's compact nodes (the editor's, and
 * the default here) or Langflow's node templates (the public endpoints' default, so that Langflow's
 * clients can read a flow, change it and write it back; create and update accept both).
 */
export interface FlowService {
  list<F extends FlowFormat = 'flowdesk'>(format?: F): FlowView<F>[];
  /** Every flow as Langflow's `FlowHeader` (no data). */
  headers(): FlowHeader[];
  /**
   * Page `page` (from 1) of `size` flows of project `folderId`, in list order. As Langflow's
   * `get_all=false`: without `folderId` the default project's (an unknown project has none).
   */
  page<F extends FlowFormat = 'flowdesk'>(page: number, size: number, format?: F, folderId?: string): FlowPage<FlowView<F>>;
  get<F extends FlowFormat = 'flowdesk'>(id: string, format?: F): FlowView<F>;
  /** The flow a caller names by id or endpoint name (as the run endpoints take it), undefined when none. */
  find(ref: string): FlowRead | undefined;
  /** A new flow, in the body's `folder_id` project (the default project when none). */
  create<F extends FlowFormat = 'flowdesk'>(body: unknown, format?: F): Promise<FlowView<F>>;
  update<F extends FlowFormat = 'flowdesk'>(id: string, body: unknown, format?: F): Promise<FlowView<F>>;
  delete(id: string): Promise<void>;
  /**
   * Imports one flow document, a Langflow export or `{flows: […]}` into project `folderId` (the
   * default project when undefined; a project id a document holds is another server's); returns the created flows.
   */
  import<F extends FlowFormat = 'flowdesk'>(document: unknown, format?: F, folderId?: string): Promise<FlowView<F>[]>;
  /** The flows as files: Flowdesk's format (the default) or Langflow's; one flow as JSON, several zipped. */
  export(ids: unknown, format?: FlowFormat): ExportedFiles;
  /** The flows as one zip of JSON files (`<name>.json`), in Flowdesk's format or Langflow's. */
  zip(ids: readonly string[], format: FlowFormat): Uint8Array;
}

export function toFlowRead(flow: Flow): FlowRead {
  return {
    id: flow.id,
    name: flow.name,
    description: flow.description,
    endpoint_name: flow.endpoint_name,
    data: flow.data,
    created_at: flow.created_at,
    updated_at: flow.updated_at,
    tags: flow.tags ?? [],
    icon: flow.icon ?? null,
    is_component: false,
    webhook: hasWebhook(flow),
    locked: false,
    ...mcpFields(flow),
    folder_id: flow.folder_id,
    user_id: null,
  };
}

/** `2026-12-04T14:49:15.123Z` → `2026-12-04T14:49:15+00:00`, as Langflow writes a flow's `updated_at`. */
function langflowTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return match ? `${match[1]}+00:00` : iso;
}

/** The flow as Langflow's FlowRead; its data as `exportLangflow` writes it (the same as the Langflow download). */
export function toLangflowFlowRead(flow: Flow, registry: Registry): LangflowFlowRead {
  const exported = exportLangflow(flow, registry, { keepUnknown: true });
  return {
    name: flow.name,
    description: flow.description,
    icon: flow.icon ?? null,
    icon_bg_color: null,
    gradient: null,
    data: exported.data,
    is_component: false,
    updated_at: langflowTime(flow.updated_at),
    webhook: hasWebhook(flow),
    endpoint_name: flow.endpoint_name,
    // Langflow leaves a flow made without tags at null.
    tags: flow.tags && flow.tags.length > 0 ? flow.tags : null,
    locked: false,
    ...mcpFields(flow),
    access_type: 'PRIVATE',
    id: flow.id,
    user_id: null,
    folder_id: flow.folder_id,
  };
}

function hasWebhook(flow: Flow): boolean {
  return flow.data.nodes.some((n) => n.type === 'component' && n.data.type === 'Webhook');
}

export function toFlowHeader(flow: Flow): FlowHeader {
  return {
    id: flow.id,
    name: flow.name,
    folder_id: flow.folder_id,
    is_component: false,
    endpoint_name: flow.endpoint_name,
    description: flow.description,
    data: null,
    access_type: 'PRIVATE',
    tags: flow.tags ?? [],
    ...mcpFields(flow),
  };
}

export function createFlowService(deps: { flows: FlowStore; projects: ProjectStore; messages: MessageStore; registry: Registry; clock: Clock }): FlowService {
  const { flows, projects, messages, registry, clock } = deps;
  /** Langflow views of stored flows: a stored flow is replaced, never changed, on update. */
  const langflowViews = new WeakMap<Flow, LangflowFlowRead>();

  function view<F extends FlowFormat>(flow: Flow, format: F | undefined): FlowView<F> {
    if (format !== 'langflow') return toFlowRead(flow) as FlowView<F>;
    let found = langflowViews.get(flow);
    if (!found) langflowViews.set(flow, (found = toLangflowFlowRead(flow, registry)));
    return found as FlowView<F>;
  }

  function writerFor(format: FlowFormat): (flow: Flow) => object {
    return (flow) => (format === 'langflow' ? exportLangflow(flow, registry) : exportFlow(flow, registry));
  }

  function mustGet(id: string): Flow {
    const flow = flows.get(id);
    if (!flow) throw new NotFoundError('Flow not found');
    return flow;
  }

  /** `X`, else `X (1)`, `X (2)`, … : the first name no other flow has. */
  function uniqueName(name: string, exceptId?: string): string {
    return firstFreeName(name, new Set(flows.list().filter((f) => f.id !== exceptId).map((f) => f.name)));
  }

  /** The project a flow goes to: `folderId` when given (it must exist), else the default project. */
  async function projectFor(folderId: string | undefined, loc: (string | number)[]): Promise<string> {
    if (folderId === undefined) return (await ensureDefaultProject(projects, clock.now(), () => clock.uuid())).id;
    if (!projects.get(folderId)) throw new ValidationError([{ type: 'value_error', loc, msg: `No project with id "${folderId}"`, input: folderId }]);
    return folderId;
  }

  function checkEndpointName(endpointName: string | null, exceptId?: string): void {
    if (endpointName === null) return;
    const holder = flows.getByEndpointName(endpointName);
    if (holder && holder.id !== exceptId) throw new BadRequestError(`Endpoint name "${endpointName}" is already used by flow "${holder.name}"`);
    if (UUID_PATTERN.test(endpointName)) throw new BadRequestError('Endpoint name must not look like a flow id (UUID)');
  }

  /** Reads `name`, `description`, `endpoint_name`, `folder_id`, `data` and the MCP fields from a create/update body. */
  function readFlowFields(body: JsonObject, creating: boolean): FlowFields {
    const check = new BodyChecker(body);
    const name = check.string('name', { maxLength: 500 });
    const description = check.string('description', { nullable: true, maxLength: 100_000 });
    const endpointName = check.string('endpoint_name', { nullable: true, maxLength: 100, pattern: ENDPOINT_NAME_PATTERN, patternHint: 'Endpoint name may contain only letters, digits, "-" and "_"' });
    const folderId = check.string('folder_id', { nullable: true, maxLength: 100 });
    const data = check.object('data');
    const mcp = readMcpPatch(body, check);
    if (creating && name !== undefined && name.trim() === '') check.fail('name', 'string_too_short', 'Name must not be empty', name);
    check.done();
    const fields: FlowFields = { mcp };
    if (folderId !== undefined) fields.folder_id = folderId;
    if (name !== undefined) fields.name = name.trim();
    if (description !== undefined || body.description === null) fields.description = description ?? '';
    if (endpointName !== undefined || body.endpoint_name === null) fields.endpoint_name = endpointName || null;
    if (data) {
      // The body's data may be Flowdesk's or Langflow's: both go through the one importer.
      const [parsed] = parseFlowDocuments({ name: fields.name ?? 'flow', data }, registry);
      if (!parsed) throw new ValidationError([{ type: 'value_error', loc: ['body', 'data'], msg: 'Not a flow', input: null }]);
      fields.data = parsed.data;
    }
    return fields;
  }

  async function store(imported: ImportedFlow, folderId: string): Promise<Flow> {
    const now = clock.now();
    const id = imported.id && UUID_PATTERN.test(imported.id) && !flows.get(imported.id) ? imported.id : clock.uuid();
    let endpointName = imported.endpoint_name ?? null;
    // An imported endpoint name that is taken is dropped rather than failing the whole import.
    if (endpointName !== null && flows.getByEndpointName(endpointName)) endpointName = null;
    const flow: Flow = {
      id,
      name: uniqueName(imported.name || 'Untitled flow'),
      description: imported.description ?? '',
      endpoint_name: endpointName,
      folder_id: folderId,
      data: imported.data,
      created_at: now,
      updated_at: now,
      tags: imported.tags ?? [],
      icon: imported.icon ?? null,
    };
    return flows.create(withMcpFields(flow, imported));
  }

  return {
    list: (format) => flows.list().map((f) => view(f, format)),
    headers: () => flows.list().map(toFlowHeader),
    page(page, size, format, folderId) {
      const folder = folderId ?? projects.list().find((p) => p.name === DEFAULT_PROJECT_NAME)?.id;
      const all = flows.list().filter((f) => f.folder_id === folder);
      const items = all.slice((page - 1) * size, page * size).map((f) => view(f, format));
      return { items, total: all.length, page, size, pages: Math.ceil(all.length / size) };
    },
    get: (id, format) => view(mustGet(id), format),
    find(ref) {
      const flow = flows.get(ref) ?? flows.getByEndpointName(ref);
      return flow ? toFlowRead(flow) : undefined;
    },

    async create(body, format) {
      const fields = readFlowFields(BodyChecker.object(body), true);
      checkEndpointName(fields.endpoint_name ?? null);
      const folderId = await projectFor(fields.folder_id, ['body', 'folder_id']);
      const created = await store({
        name: fields.name ?? 'Untitled flow',
        description: fields.description ?? '',
        endpoint_name: fields.endpoint_name ?? null,
        data: fields.data ?? { nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } },
        tags: [],
        icon: null,
        ...mcpValues(fields.mcp),
      }, folderId);
      return view(created, format);
    },

    async update(id, body, format) {
      const current = mustGet(id);
      const fields = readFlowFields(BodyChecker.object(body), false);
      if (fields.endpoint_name !== undefined) checkEndpointName(fields.endpoint_name, id);
      // Langflow moves a flow to another project by its folder_id; null leaves it where it is.
      if (fields.folder_id !== undefined) await projectFor(fields.folder_id, ['body', 'folder_id']);
      const next: Flow = withMcpFields({
        ...current,
        ...(fields.folder_id !== undefined ? { folder_id: fields.folder_id } : {}),
        ...(fields.name !== undefined ? { name: uniqueName(fields.name || current.name, id) } : {}),
        ...(fields.description !== undefined ? { description: fields.description } : {}),
        ...(fields.endpoint_name !== undefined ? { endpoint_name: fields.endpoint_name } : {}),
        ...(fields.data !== undefined ? { data: fields.data } : {}),
        updated_at: clock.now(),
      }, fields.mcp);
      const saved = await flows.put(next);
      if (!saved) throw new NotFoundError('Flow not found');
      return view(saved, format);
    },

    async delete(id) {
      mustGet(id);
      await flows.delete(id);
      await messages.deleteFlow(id);
    },

    async import(document, format, folderId) {
      const parsed = parseFlowDocuments(document, registry);
      if (parsed.length === 0) throw new BadRequestError('The file holds no flows');
      const project = await projectFor(folderId, ['query', 'folder_id']);
      const created: FlowView<NonNullable<typeof format>>[] = [];
      for (const imported of parsed) created.push(view(await store(imported, project), format));
      return created;
    },

    export(ids, format = 'flowdesk') {
      const write = writerFor(format);
      if (!Array.isArray(ids) || ids.length === 0 || !ids.every((i) => typeof i === 'string')) {
        throw new ValidationError([{ type: 'list_type', loc: ['body'], msg: 'Expected a non-empty JSON list of flow ids', input: ids }]);
      }
      const chosen = (ids as string[]).map(mustGet);
      if (chosen.length === 1) {
        const flow = chosen[0] as Flow;
        return { kind: 'json', filename: `${safeFileName(flow.name)}.json`, body: write(flow) };
      }
      return { kind: 'zip', filename: `flows-${clock.now().slice(0, 10)}.zip`, body: zipFlows(chosen, write) };
    },

    zip(ids, format) {
      return zipFlows(ids.map(mustGet), writerFor(format));
    },
  };
}

/** One JSON file per flow (`<name>.json`, `<name> (1).json` for a repeated name), zipped. */
function zipFlows(chosen: readonly Flow[], write: (flow: Flow) => object): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const flow of chosen) {
    let name = `${safeFileName(flow.name)}.json`;
    for (let i = 1; files[name]; i++) name = `${safeFileName(flow.name)} (${i}).json`;
    files[name] = strToU8(JSON.stringify(write(flow), null, 2));
  }
  return zipSync(files);
}

/** The fields of a create/update body; `mcp` holds the MCP fields it sets (null: back to the default). */
type FlowFields = Partial<Omit<ImportedFlow, McpField>> & { mcp: McpPatch; folder_id?: string };

/** A file name without path separators or control characters. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  const cleaned = name.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '').trim();
  return cleaned.slice(0, 120) || 'flow';
}

