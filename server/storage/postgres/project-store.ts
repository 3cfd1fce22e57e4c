/** Projects in the `projects` table, mirrored in memory, names unique (as the embedded store's). */
import { ConflictError } from '../../../shared/errors.js';
import type { Project } from '../../../shared/project.js';
import type { ProjectStore } from '../types.js';
import { asJson, type PgContext, type Sql } from './connect.js';
import { UniqueIndex } from './mirror.js';
import { MirroredTableBase, type RawRow } from './mirrored-table.js';

export class PgProjectStore extends MirroredTableBase<Project> implements ProjectStore {
  readonly #byName: UniqueIndex<Project>;

  constructor(ctx: PgContext) {
    const byName = new UniqueIndex<Project>((project) => project.name);
    super(ctx, 'projects', [byName]);
    this.#byName = byName;
  }

  protected select(sql: Sql, id?: string): Promise<RawRow[]> {
    return sql<RawRow[]>`SELECT id, seq, rev, doc FROM projects ${id === undefined ? sql`` : sql`WHERE id = ${id}`}`;
  }

  protected decode(row: RawRow): Project {
    return row.doc as Project;
  }

  async create(project: Project): Promise<Project> {
    this.ctx.assertOpen();
    const copy = this.#copy(project);
    if (this.mirror.get(copy.id)) throw new ConflictError(`A project with id ${copy.id} already exists`);
    const row = await this.#caughtUp(() =>
      this.ctx.write(
        'projects',
        copy.id,
        (tx) => tx<RawRow[]>`INSERT INTO projects (id, name, doc) VALUES (${copy.id}, ${copy.name}, ${asJson(tx, copy)}) RETURNING id, seq, rev`,
        this.#conflicts(copy),
      ),
    );
    return this.applyWritten(row as RawRow, copy);
  }

  async put(project: Project): Promise<Project | undefined> {
    this.ctx.assertOpen();
    const copy = this.#copy(project);
    const row = await this.#caughtUp(() =>
      this.ctx.write(
        'projects',
        copy.id,
        (tx) => tx<RawRow[]>`UPDATE projects SET name = ${copy.name}, doc = ${asJson(tx, copy)}, rev = nextval('flowdesk_rev') WHERE id = ${copy.id} RETURNING id, seq, rev`,
        this.#conflicts(copy),
      ),
    );
    return row ? this.applyWritten(row, copy) : undefined;
  }

  delete(id: string): Promise<boolean> {
    return this.deleteRow(id, (tx) => tx<RawRow[]>`DELETE FROM projects WHERE id = ${id} RETURNING id, seq, nextval('flowdesk_rev') AS rev`);
  }

  /**
   * A conflict the database found (another server took the id or name, and its notice has not
   * arrived yet) is answered after reading the table again, so the caller that retries or looks the
   * winner up (ensureDefaultProject) sees it at once.
   */
  async #caughtUp<R>(write: () => Promise<R>): Promise<R> {
    try {
      return await write();
    } catch (err) {
      if (err instanceof ConflictError) await this.loadAll().catch(() => undefined);
      throw err;
    }
  }

  /** The store's own JSON copy; a name held by another project (as far as this server knows) is refused before the database is asked. */
  #copy(project: Project): Project {
    const copy = JSON.parse(JSON.stringify(project)) as Project;
    if (this.#byName.holderOtherThan(copy, copy.id) !== undefined) throw new ConflictError(this.#conflicts(copy).projects_name_key as string);
    return copy;
  }

  #conflicts(project: Project): Record<string, string> {
    return { projects_pkey: `A project with id ${project.id} already exists`, projects_name_key: `A project named "${project.name}" already exists` };
  }
}
