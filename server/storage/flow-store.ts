/** Flows in `flows.json`, indexed by id and by endpoint name. */
import type { Flow } from '../../shared/flow.js';
import { ConflictError } from '../../shared/errors.js';
import type { DurableFileOptions } from './durable-json-file.js';
import { CorruptDataError } from './durable-json-file.js';
import { RecordFile, requireFields } from './record-file.js';
import type { FlowStore } from './types.js';

function decodeFlow(raw: unknown, index: number): Flow {
  const flow = requireFields(raw, index, { id: 'string', name: 'string', data: 'object' });
  const data = flow.data as Record<string, unknown>;
  if (!Array.isArray(data.nodes) || !Array.isArray(data.edges)) throw new CorruptDataError(`flow ${index}: "data" needs nodes and edges lists`);
  const endpoint = flow.endpoint_name;
  if (endpoint !== undefined && endpoint !== null && typeof endpoint !== 'string') throw new CorruptDataError(`flow ${index}: "endpoint_name" is not a string`);
  const folder = flow.folder_id;
  if (folder !== undefined && folder !== null && typeof folder !== 'string') throw new CorruptDataError(`flow ${index}: "folder_id" is not a string`);
  // A flow from before projects has none: '' until the upgrade at open puts it in one (project-upgrade.ts).
  return { ...flow, endpoint_name: endpoint ?? null, folder_id: folder ?? '' } as unknown as Flow;
}

export class LowdbFlowStore implements FlowStore {
  readonly #records: RecordFile<Flow>;
  readonly #byEndpoint = new Map<string, string>();

  private constructor(records: RecordFile<Flow>) {
    this.#records = records;
    for (const flow of records.values()) {
      if (flow.endpoint_name !== null && !this.#byEndpoint.has(flow.endpoint_name)) this.#byEndpoint.set(flow.endpoint_name, flow.id);
    }
  }

  static async open(file: string, options: DurableFileOptions): Promise<LowdbFlowStore> {
    return new LowdbFlowStore(await RecordFile.open<Flow>(file, { field: 'flows', decode: decodeFlow }, options));
  }

  /** The underlying file (write counts, for tests and benchmarks). */
  get records(): RecordFile<Flow> {
    return this.#records;
  }

  /** Waits for writes in flight; later writes are refused. */
  close(): Promise<void> {
    return this.#records.close();
  }

  list(): Flow[] {
    return this.#records.values();
  }

  get(id: string): Flow | undefined {
    return this.#records.get(id);
  }

  getByEndpointName(endpointName: string): Flow | undefined {
    const id = this.#byEndpoint.get(endpointName);
    return id === undefined ? undefined : this.#records.get(id);
  }

  async create(flow: Flow): Promise<Flow> {
    if (this.#records.get(flow.id)) throw new ConflictError(`A flow with id ${flow.id} already exists`);
    return this.#store(flow);
  }

  async put(flow: Flow): Promise<Flow | undefined> {
    if (!this.#records.get(flow.id)) return undefined;
    return this.#store(flow);
  }

  async delete(id: string): Promise<boolean> {
    const flow = this.#records.get(id);
    if (!flow) return false;
    this.#unindex(flow);
    try {
      await this.#records.remove(id);
    } catch (err) {
      this.#reindex(id);
      throw err;
    }
    return true;
  }

  async #store(input: Flow): Promise<Flow> {
    const endpoint = input.endpoint_name ?? null;
    const holder = endpoint === null ? undefined : this.#byEndpoint.get(endpoint);
    if (holder !== undefined && holder !== input.id) throw new ConflictError(`Endpoint name "${endpoint}" is already used by another flow`);
    const copy = { ...(JSON.parse(JSON.stringify(input)) as Flow), endpoint_name: endpoint };
    const previous = this.#records.get(input.id);
    if (previous) this.#unindex(previous);
    if (endpoint !== null) this.#byEndpoint.set(endpoint, copy.id);
    try {
      return await this.#records.set(copy);
    } catch (err) {
      this.#reindex(input.id, endpoint);
      throw err;
    }
  }

  #unindex(flow: Flow): void {
    if (flow.endpoint_name !== null && this.#byEndpoint.get(flow.endpoint_name) === flow.id) this.#byEndpoint.delete(flow.endpoint_name);
  }

  /** After a failed write: index the flow as it now is in memory (the record file undid its change). */
  #reindex(id: string, attempted: string | null = null): void {
    if (attempted !== null && this.#byEndpoint.get(attempted) === id) this.#byEndpoint.delete(attempted);
    const flow = this.#records.get(id);
    if (flow && flow.endpoint_name !== null && !this.#byEndpoint.has(flow.endpoint_name)) this.#byEndpoint.set(flow.endpoint_name, id);
  }
}
