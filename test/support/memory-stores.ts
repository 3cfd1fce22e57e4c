/** Map-backed stores and variables for unit tests of services: no files, no lowdb. */
import type { VariableAccess } from '../../server/engine/define-component.js';
import type { FlowStore, MessageFilter, MessageStore } from '../../server/storage/types.js';
import type { Flow } from '../../shared/flow.js';
import type { Message } from '../../shared/message.js';

export function createMemoryFlowStore(initial: Flow[] = []): FlowStore {
  const flows = new Map(initial.map((f) => [f.id, f]));
  return {
    list: () => [...flows.values()],
    get: (id) => flows.get(id),
    getByEndpointName: (name) => [...flows.values()].find((f) => f.endpoint_name === name),
    async create(flow) {
      flows.set(flow.id, flow);
      return flow;
    },
    async put(flow) {
      if (!flows.has(flow.id)) return undefined;
      flows.set(flow.id, flow);
      return flow;
    },
    delete: async (id) => flows.delete(id),
  };
}

export interface MemoryMessageStore extends MessageStore {
  /** Every stored message, in order. */
  readonly messages: Message[];
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
      messages.push(message);
    },
    async list(filter) {
      let found = messages.filter((m) => matches(m, filter));
      if (filter.limit !== undefined) found = found.slice(-filter.limit);
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
