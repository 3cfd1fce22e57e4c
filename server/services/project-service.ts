/**
 * Projects (Langflow's folders) as Langflow 1.8's `/api/v1/projects/` serves them: list, read with
 * flows (paginated on request), create (moving listed flows in), rename and move flows in, delete
 * with their flows, download as a zip of Langflow flow files, upload such a zip or Langflow's
 * project JSON. No HTTP types here.
 */
import type { LangflowFlowRead } from '../../shared/api-dto.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { DEFAULT_PROJECT_NAME, toProjectRead, type Project, type ProjectRead, type ProjectReadWithFlows, type ProjectWithPaginatedFlows } from '../../shared/project.js';
import { uniqueName } from '../../shared/unique-name.js';
import type { ProjectStore } from '../storage/types.js';
import { BodyChecker, type JsonObject } from './body-checks.js';
import type { Clock } from './clock.js';
import { safeFileName, type FlowService } from './flow-service.js';

/** `GET /api/v1/projects/{id}`'s query: pages only when both `page` and `size` are given, as Langflow. */
export interface ProjectFlowsQuery {
  page?: number;
  size?: number;
  /** Only components: Flowdesk has none, so no flows. */
  isComponent?: boolean;
  /** Only flows (not components): every flow here. */
  isFlow?: boolean;
  /** Flows whose name holds this text, case-insensitively (SQL `LIKE %search%`). */
  search?: string;
}

/** A project document as Langflow's upload takes it (the zip form becomes one of these too). */
export interface ProjectDocument {
  folder_name: unknown;
  folder_description?: unknown;
  flows: unknown;
}

export interface ProjectService {
  /** Every project, the default one first. */
  list(): ProjectRead[];
  get(id: string, query?: ProjectFlowsQuery): ProjectReadWithFlows | ProjectWithPaginatedFlows;
  create(body: unknown): Promise<ProjectRead>;
  update(id: string, body: unknown): Promise<ProjectRead>;
  /** Deletes the project and its flows (with their messages), as Langflow does. */
  delete(id: string): Promise<void>;
  /** The project's flows in Langflow's format, one `<name>.json` each, zipped. */
  download(id: string): { filename: string; body: Uint8Array };
  /** A new project (its name made unique) holding the document's flows; returns them. */
  upload(document: unknown): Promise<LangflowFlowRead[]>;
}

const MAX_NAME = 500;

export function createProjectService(deps: { projects: ProjectStore; flows: FlowService; clock: Clock }): ProjectService {
  const { projects, flows, clock } = deps;

  function mustGet(id: string): Project {
    const project = projects.get(id);
    if (!project) throw new NotFoundError('Project not found');
    return project;
  }

  const flowsOf = (id: string): LangflowFlowRead[] => flows.list('langflow').filter((f) => f.folder_id === id);
  const freeName = (name: string): string => uniqueName(name, new Set(projects.list().map((p) => p.name)));

  /** A list of existing flow ids (`flows_list`, `flows`, …), or undefined when absent. */
  function flowIds(check: BodyChecker, field: string): string[] | undefined {
    const list = check.array(field);
    if (!list) return undefined;
    list.forEach((id, i) => {
      if (typeof id !== 'string') check.fail([field, i], 'string_type', 'Input should be a valid string', id);
      else if (flows.find(id)?.id !== id) check.fail([field, i], 'value_error', `No flow with id "${id}"`, id);
    });
    return list.filter((id): id is string => typeof id === 'string');
  }

  /** Fields Flowdesk keeps null: nested projects, and per-project MCP auth (MCP uses the API's keys). */
  function refuseUnsupported(check: BodyChecker, body: JsonObject): void {
    if (body.parent_id !== undefined && body.parent_id !== null) check.fail('parent_id', 'value_error', 'Projects are not nested here: parent_id must be null', body.parent_id);
    if (body.auth_settings !== undefined && body.auth_settings !== null) {
      check.fail('auth_settings', 'value_error', "Per-project auth settings are not supported: MCP requests use the API's own keys", body.auth_settings);
    }
  }

  async function moveIn(projectId: string, ids: readonly string[]): Promise<void> {
    for (const id of new Set(ids)) if (flows.find(id)?.folder_id !== projectId) await flows.update(id, { folder_id: projectId });
  }

  async function store(name: string, description: string | null): Promise<Project> {
    const now = clock.now();
    return projects.create({ id: clock.uuid(), name: freeName(name), description, parent_id: null, created_at: now, updated_at: now });
  }

  return {
    list() {
      const all = projects.list();
      // Langflow sorts by `name != DEFAULT_FOLDER_NAME`: the default first, the rest in creation order.
      return [...all.filter((p) => p.name === DEFAULT_PROJECT_NAME), ...all.filter((p) => p.name !== DEFAULT_PROJECT_NAME)].map(toProjectRead);
    },

    get(id, query = {}) {
      const project = mustGet(id);
      if (query.page === undefined || query.size === undefined) return { ...toProjectRead(project), flows: flowsOf(id) };
      const { page, size } = query;
      const needle = (query.search ?? '').toLowerCase();
      const matching = query.isComponent ? [] : flowsOf(id).filter((f) => f.name.toLowerCase().includes(needle));
      // Newest change first, as Langflow orders a project's page.
      const sorted = [...matching].sort((a, b) => (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0));
      const items = sorted.slice((page - 1) * size, page * size);
      return { folder: toProjectRead(project), flows: { items, total: sorted.length, page, size, pages: Math.ceil(sorted.length / size) } };
    },

    async create(input) {
      const body = BodyChecker.object(input);
      const check = new BodyChecker(body);
      const name = check.string('name', { maxLength: MAX_NAME });
      if (body.name === undefined) check.fail('name', 'missing', 'Field required', body);
      else if (name !== undefined && name.trim() === '') check.fail('name', 'string_too_short', 'Name must not be empty', name);
      const description = check.string('description', { nullable: true, maxLength: 100_000 });
      refuseUnsupported(check, body);
      const moved = [...(flowIds(check, 'components_list') ?? []), ...(flowIds(check, 'flows_list') ?? [])];
      check.done();
      const project = await store((name as string).trim(), description ?? null);
      await moveIn(project.id, moved);
      return toProjectRead(project);
    },

    async update(id, input) {
      const current = mustGet(id);
      const body = BodyChecker.object(input);
      const check = new BodyChecker(body);
      const name = check.string('name', { nullable: true, maxLength: MAX_NAME });
      const description = check.string('description', { nullable: true, maxLength: 100_000 });
      refuseUnsupported(check, body);
      // Langflow 1.8 reads these lists but keeps the project's flows as they are; here the listed flows move in (none move out).
      const moved = [...(flowIds(check, 'components') ?? []), ...(flowIds(check, 'flows') ?? [])];
      check.done();
      let project = current;
      // As Langflow: an empty name and a null description change nothing.
      const rename = name !== undefined && name.trim() !== '' && name.trim() !== current.name;
      if (rename || (description !== undefined && description !== current.description)) {
        const next = { ...current, name: rename ? name.trim() : current.name, description: description ?? current.description, updated_at: clock.now() };
        project = (await projects.put(next)) ?? mustGet(id);
      }
      await moveIn(id, moved);
      return toProjectRead(project);
    },

    async delete(id) {
      mustGet(id);
      for (const flow of flowsOf(id)) await flows.delete(flow.id);
      await projects.delete(id);
    },

    download(id) {
      const project = mustGet(id);
      const ids = flowsOf(id).map((f) => f.id);
      if (ids.length === 0) throw new NotFoundError('No flows found in project');
      // Langflow's name: `<YYYYMMDD_HHMMSS>_<project>_flows.zip`.
      const stamp = clock.now().slice(0, 19).replace(/-|:/g, '').replace('T', '_');
      return { filename: `${stamp}_${safeFileName(project.name)}_flows.zip`, body: flows.zip(ids, 'langflow') };
    },

    async upload(input) {
      const body = BodyChecker.object(input, 'project file');
      const missing = ['folder_name', 'flows'].filter((key) => body[key] === undefined);
      if (missing.length > 0) throw new ValidationError(missing.map((key) => ({ type: 'missing', loc: ['body', key], msg: 'Field required', input: null })));
      const check = new BodyChecker(body);
      const name = check.string('folder_name', { maxLength: MAX_NAME });
      const description = check.string('folder_description', { nullable: true, maxLength: 100_000 });
      const list = check.array('flows');
      if (list?.length === 0) check.fail('flows', 'too_short', 'No flows found in the file', list);
      check.done();
      const project = await store((name as string).trim() || 'Imported Project', description ?? '');
      try {
        return await flows.import({ flows: list }, 'langflow', project.id);
      } catch (err) {
        // Nothing of a refused upload stays: the flows are all or nothing, so the project goes too.
        await projects.delete(project.id);
        throw err;
      }
    },
  };
}
