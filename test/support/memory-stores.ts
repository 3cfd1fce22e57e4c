/**
 * Map-backed stores and variables for unit tests of services: no files, no lowdb. The stores pass
 * the same contract as the real ones (test/storage/contract/memory.test.ts): they keep their own
 * copies, hand out frozen flows, refuse a duplicate id or endpoint name, order messages by time.
 */
import type { VariableAccess } from '../../server/engine/define-component.js';
import type { FlowStore, MessageFilter, MessageStore } from '../../server/storage/types.js';
import { ConflictError, StorageError } from '../../shared/errors.js';
import type { Flow } from '../../shared/flow.js';
import type { Message } from '../../shared/message.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** A JSON copy, as a store that writes records out would keep. */
const copyOf = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export function createMemoryFlowStore(initial: Flow[] = []): FlowStore {
  const flows = new Map<string, Flow>();
  const holderOf = (endpoint: string | null): Flow | undefined => (endpoint === null ? undefined : [...flows.values()].find((f) => f.endpoint_name === endpoint));
  const store = (flow: Flow): Flow => {
    const copy = deepFreeze({ ...copyOf(flow), endpoint_name: flow.endpoint_name ?? null });
    const holder = holderOf(copy.endpoint_name);
    if (holder && holder.id !== copy.id) throw new ConflictError(`Endpoint name "${copy.endpoint_name}" is already used by another flow`);
    flows.set(copy.id, copy);
    return copy;
  };
  for (const flow of initial) store(flow);
  return {
    list: () => [...flows.values()],
    get: (id) => flows.get(id),
    getByEndpointName: (name) => holderOf(name),
    async create(flow) {
      if (flows.has(flow.id)) throw new ConflictError(`A flow with id ${flow.id} already exists`);
      return store(flow);
    },
    async put(flow) {
      if (!flows.has(flow.id)) return undefined;
      return store(flow);
    },
    delete: async (id) => flows.delete(id),
  };
}

export interface MemoryMessageStore extends MessageStore {
  /** Every stored message, in order. */
  readonly messages: Message[];
}

/** The time a message is ordered by: its timestamp to the second (0 when unparseable), as the real store. */
function secondOf(m: Message): number {
  const ms = Date.parse(m.timestamp);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : 0;
}

export function createMemoryMessageStore(): MemoryMessageStore {
  const messages: Message[] = [];
  const matches = (m: Message, f: MessageFilter) =>
    (f.flowId === undefined || m.flow_id === f.flowId) &&
    (f.sessionId === undefined || m.session_id === f.sessionId) &&
    (f.sender === undefined || m.sender === f.sender) &&
    (f.senderName === undefined || m.sender_name === f.senderName);
  const remove = (keep: (m: Message) => boolean) => {
    const before = messages.length;
    const kept = messages.filter(keep);
    messages.splice(0, messages.length, ...kept);
    return before - kept.length;
  };
  return {
    messages,
    async add(message) {
      if (typeof message?.id !== 'string' || typeof message.session_id !== 'string') throw new StorageError('A message needs a string id and session_id');
      messages.push(copyOf(message));
    },
    async list(filter) {
      // Oldest first by time (stable: arrival order within a second); the limit takes the newest.
      let found = messages.filter((m) => matches(m, filter)).sort((a, b) => secondOf(a) - secondOf(b));
      if (filter.limit !== undefined) found = filter.limit > 0 ? found.slice(-filter.limit) : [];
      found = found.map(copyOf);
      return filter.orderBy === '-timestamp' ? found.reverse() : found;
    },
    deleteSession: async (sessionId) => remove((m) => m.session_id !== sessionId),
    deleteFlow: async (flowId) => remove((m) => m.flow_id !== flowId),
    count: () => messages.length,
  };
}

/** Global variables from a record, falling back to `env` like the real variable service. */
export function memoryVariables(values: Record<string, string> = {}, env: Record<string, string | undefined> = {}): VariableAccess {
  return { get: async (name) => values[name] ?? env[name] };
}
