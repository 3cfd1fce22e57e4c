/** Flows in the `flows` table, mirrored in memory, indexed by id and by endpoint name. */
import { ConflictError } from '../../../shared/errors.js';
import type { Flow } from '../../../shared/flow.js';
import type { FlowStore } from '../types.js';
import { asJson, type PgContext, type Sql } from './connect.js';
import { UniqueIndex } from './mirror.js';
import { MirroredTableBase, type RawRow } from './mirrored-table.js';

export class PgFlowStore extends MirroredTableBase<Flow> implements FlowStore {
  readonly #byEndpoint: UniqueIndex<Flow>;

  constructor(ctx: PgContext) {
    const byEndpoint = new UniqueIndex<Flow>((flow) => flow.endpoint_name);
    super(ctx, 'flows', [byEndpoint]);
    this.#byEndpoint = byEndpoint;
  }

  protected select(sql: Sql, id?: string): Promise<RawRow[]> {
    return sql<RawRow[]>`SELECT id, seq, rev, doc FROM flows ${id === undefined ? sql`` : sql`WHERE id = ${id}`}`;
  }

  protected decode(row: RawRow): Flow {
    const flow = row.doc as Flow;
    return { ...flow, endpoint_name: flow.endpoint_name ?? null };
  }

  getByEndpointName(endpointName: string): Flow | undefined {
    return this.getBy(this.#byEndpoint, endpointName);
  }

  async create(flow: Flow): Promise<Flow> {
    this.ctx.assertOpen();
    const copy = this.#copy(flow);
    if (this.mirror.get(copy.id)) throw new ConflictError(`A flow with id ${copy.id} already exists`);
    const row = await this.ctx.write(
      'flows',
      copy.id,
      (tx) => tx<RawRow[]>`INSERT INTO flows (id, endpoint_name, doc) VALUES (${copy.id}, ${copy.endpoint_name}, ${asJson(tx, copy)}) RETURNING id, seq, rev`,
      this.#conflicts(copy),
    );
    return this.applyWritten(row as RawRow, copy);
  }

  async put(flow: Flow): Promise<Flow | undefined> {
    this.ctx.assertOpen();
    const copy = this.#copy(flow);
    const row = await this.ctx.write(
      'flows',
      copy.id,
      (tx) => tx<RawRow[]>`UPDATE flows SET endpoint_name = ${copy.endpoint_name}, doc = ${asJson(tx, copy)}, rev = nextval('flowdesk_rev') WHERE id = ${copy.id} RETURNING id, seq, rev`,
      this.#conflicts(copy),
    );
    return row ? this.applyWritten(row, copy) : undefined;
  }

  delete(id: string): Promise<boolean> {
    return this.deleteRow(id, (tx) => tx<RawRow[]>`DELETE FROM flows WHERE id = ${id} RETURNING id, seq, nextval('flowdesk_rev') AS rev`);
  }

  /** The store's own JSON copy; a name held by another flow (as far as this server knows) is refused before the database is asked. */
  #copy(flow: Flow): Flow {
    const copy = { ...(JSON.parse(JSON.stringify(flow)) as Flow), endpoint_name: flow.endpoint_name ?? null };
    if (this.#byEndpoint.holderOtherThan(copy, copy.id) !== undefined) throw new ConflictError(this.#conflicts(copy).flows_endpoint_name_key as string);
    return copy;
  }

  #conflicts(flow: Flow): Record<string, string> {
    return { flows_pkey: `A flow with id ${flow.id} already exists`, flows_endpoint_name_key: `Endpoint name "${flow.endpoint_name}" is already used by another flow` };
  }
}
