/** Projects in `projects.json`, indexed by id and by name (names are unique, as Langflow's are per user). */
import { ConflictError } from '../../shared/errors.js';
import type { Project } from '../../shared/project.js';
import type { DurableFileOptions } from './durable-json-file.js';
import { NamedRecords } from './named-records.js';
import { RecordFile, requireFields } from './record-file.js';
import type { ProjectStore } from './types.js';

function decodeProject(raw: unknown, index: number): Project {
  const p = requireFields(raw, index, { id: 'string', name: 'string', description: 'string|null', created_at: 'string', updated_at: 'string' });
  return { id: p.id as string, name: p.name as string, description: p.description as string | null, parent_id: null, created_at: p.created_at as string, updated_at: p.updated_at as string };
}

export class LowdbProjectStore implements ProjectStore {
  readonly #records: NamedRecords<Project>;

  private constructor(records: RecordFile<Project>) {
    this.#records = new NamedRecords(records);
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

  delete(id: string): Promise<boolean> {
    return this.#records.remove(id);
  }

  #store(input: Project): Promise<Project> {
    const holder = this.#records.holder(input.name);
    if (holder !== undefined && holder !== input.id) throw new ConflictError(`A project named "${input.name}" already exists`);
    const { id, name, description, created_at, updated_at } = input;
    return this.#records.set({ id, name, description: description ?? null, parent_id: null, created_at, updated_at });
  }
}
