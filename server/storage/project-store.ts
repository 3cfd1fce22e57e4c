/** Projects in `projects.json`, indexed by id and by name (names are unique, as Langflow's are per user). */
import { ConflictError } from '../../shared/errors.js';
import type { Project } from '../../shared/project.js';
import type { DurableFileOptions } from './durable-json-file.js';
import { RecordFile, requireFields } from './record-file.js';
import type { ProjectStore } from './types.js';

function decodeProject(raw: unknown, index: number): Project {
  const p = requireFields(raw, index, { id: 'string', name: 'string', description: 'string|null', created_at: 'string', updated_at: 'string' });
  return { id: p.id as string, name: p.name as string, description: p.description as string | null, parent_id: null, created_at: p.created_at as string, updated_at: p.updated_at as string };
}

export class LowdbProjectStore implements ProjectStore {
  readonly #records: RecordFile<Project>;
  readonly #byName = new Map<string, string>();

  private constructor(records: RecordFile<Project>) {
    this.#records = records;
    for (const project of records.values()) if (!this.#byName.has(project.name)) this.#byName.set(project.name, project.id);
  }

  static async open(file: string, options: DurableFileOptions): Promise<LowdbProjectStore> {
    return new LowdbProjectStore(await RecordFile.open<Project>(file, { field: 'projects', decode: decodeProject }, options));
  }

  /** Waits for writes in flight; later writes are refused. */
  close(): Promise<void> {
    return this.#records.close();
  }

  list(): Project[] {
    return this.#records.values();
  }

  get(id: string): Project | undefined {
    return this.#records.get(id);
  }

  async create(project: Project): Promise<Project> {
    if (this.#records.get(project.id)) throw new ConflictError(`A project with id ${project.id} already exists`);
    return this.#store(project);
  }

  async put(project: Project): Promise<Project | undefined> {
    if (!this.#records.get(project.id)) return undefined;
    return this.#store(project);
  }

  async delete(id: string): Promise<boolean> {
    const project = this.#records.get(id);
    if (!project) return false;
    if (this.#byName.get(project.name) === id) this.#byName.delete(project.name);
    try {
      await this.#records.remove(id);
    } catch (err) {
      this.#byName.set(project.name, id);
      throw err;
    }
    return true;
  }

  async #store(input: Project): Promise<Project> {
    const holder = this.#byName.get(input.name);
    if (holder !== undefined && holder !== input.id) throw new ConflictError(`A project named "${input.name}" already exists`);
    const copy: Project = {
      id: input.id,
      name: input.name,
      description: input.description ?? null,
      parent_id: null,
      created_at: input.created_at,
      updated_at: input.updated_at,
    };
    const previous = this.#records.get(input.id);
    if (previous && this.#byName.get(previous.name) === previous.id) this.#byName.delete(previous.name);
    this.#byName.set(copy.name, copy.id);
    try {
      return await this.#records.set(copy);
    } catch (err) {
      if (this.#byName.get(copy.name) === copy.id) this.#byName.delete(copy.name);
      const now = this.#records.get(input.id);
      if (now) this.#byName.set(now.name, now.id);
      throw err;
    }
  }
}
