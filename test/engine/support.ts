/** Builders for flows and run contexts, and small test components, shared by engine, component and run-service tests. */
import { setTimeout as sleep } from 'node:timers/promises';
import { defineComponent, type RunContext, type VariableAccess } from '../../server/engine/define-component.js';
import { NO_MCP_SERVERS } from '../../server/engine/mcp.js';
import { UNAVAILABLE_VECTORS, type VectorAccess } from '../../server/engine/vectors.js';
import type { ComponentNode, FlowData, FlowEdge, NoteNode } from '../../shared/flow.js';
import type { Message } from '../../shared/message.js';
import { EMPTY_MODEL_SETTINGS, type ModelSettings } from '../../shared/model-providers.js';
import type { RunEvent } from '../../shared/run-events.js';

/** A component node; the type is the id's part before the last `-`. */
export function node(id: string, values: Record<string, unknown> = {}, extra: Partial<ComponentNode['data']> = {}): ComponentNode {
  return { id, type: 'component', position: { x: 0, y: 0 }, data: { type: id.slice(0, id.lastIndexOf('-')), values, ...extra } };
}

export function note(id: string): NoteNode {
  return { id, type: 'note', position: { x: 0, y: 0 }, data: { text: 'a note' } };
}

/** `edge('A-1.out', 'B-1.in')`. */
export function edge(from: string, to: string): FlowEdge {
  const [source = '', sourceHandle = ''] = from.split('.');
  const [target = '', targetHandle = ''] = to.split('.');
  return { id: `${from}->${to}`, source, sourceHandle, target, targetHandle };
}

export function flow(nodes: FlowData['nodes'], edges: FlowEdge[] = []): FlowData {
  return { nodes, edges, viewport: { x: 0, y: 0, zoom: 1 } };
}

export interface TestContext extends RunContext {
  readonly events: RunEvent[];
  readonly stored: Message[];
  /** Outputs the component stopped (`ctx.stop`). */
  readonly stopped: Set<string>;
  /** Runs what the component registered with `ctx.onRunEnd`, as the end of a run does. */
  endRun(): Promise<void>;
}

export interface TestContextOptions extends Partial<Pick<RunContext, 'signal' | 'env' | 'nodeId' | 'displayName' | 'http' | 'files' | 'runFlow' | 'mcp'>> {
  /** What the run may do with vectors; what is not given fails saying it is not available. */
  vectors?: Partial<VectorAccess>;
  /** The model-provider settings the run sees; absent: none (no default model). */
  models?: ModelSettings;
  variables?: VariableAccess;
  /** The outputs some edge reads; absent: all. */
  wanted?: string[];
  /** Messages already in the store (history reads them, newest last). */
  history?: Message[];
}

/** A run context that records what the component emits and stores. */
export function testContext(options: TestContextOptions = {}): TestContext {
  const events: RunEvent[] = [];
  const stored: Message[] = [...(options.history ?? [])];
  const stopped = new Set<string>();
  const unavailable = (what: string) => () => Promise.reject(new Error(`${what} is not available in this test`));
  const cleanups: (() => unknown)[] = [];
  return {
    stopped,
    mcp: options.mcp ?? NO_MCP_SERVERS,
    onRunEnd: (cleanup) => void cleanups.push(cleanup),
    endRun: async () => {
      await Promise.allSettled(cleanups.splice(0).map(async (cleanup) => cleanup()));
    },
    http: options.http ?? unavailable('HTTP'),
    files: options.files ?? { read: unavailable('Files'), save: unavailable('Saving files') },
    runFlow: options.runFlow ?? unavailable('Run Flow'),
    vectors: { ...UNAVAILABLE_VECTORS, ...options.vectors },
    wants: (output) => !options.wanted || options.wanted.includes(output),
    stop: (output) => void stopped.add(output),
    flowId: 'flow-1',
    sessionId: 'session-1',
    nodeId: options.nodeId ?? 'Node-abcde',
    displayName: options.displayName ?? 'Node',
    signal: options.signal ?? new AbortController().signal,
    env: options.env ?? {},
    models: { settings: () => options.models ?? EMPTY_MODEL_SETTINGS },
    variables: options.variables ?? { get: async () => undefined },
    events,
    stored,
    emit: (event) => events.push(event),
    messages: {
      store: async (message) => {
        stored.push(message);
      },
      history: async () => stored,
    },
  };
}


/** Waits `ms` (abortable), then outputs its `text` field. */
export const Slow = defineComponent({
  type: 'Slow',
  display_name: 'Slow',
  description: 'Waits, then answers.',
  category: 'Test',
  fields: [
    { name: 'ms', display_name: 'ms', kind: 'int', default: 20 },
    { name: 'text', display_name: 'Text', kind: 'str', default: '', input_types: ['Message'] },
  ],
  outputs: [{ name: 'out', display_name: 'Out', types: ['Message'] }],
  async run(inputs, ctx) {
    await sleep(Number(inputs.ms), undefined, { signal: ctx.signal });
    return { out: inputs.text };
  },
});

/** Collects every input: `items` is a list field, `one` a plain one. */
export const Collect = defineComponent({
  type: 'Collect',
  display_name: 'Collect',
  description: 'Returns its inputs.',
  category: 'Test',
  role: 'output',
  fields: [
    { name: 'items', display_name: 'Items', kind: 'str', list: true, input_types: ['Message'] },
    { name: 'one', display_name: 'One', kind: 'str', input_types: ['Message'] },
    { name: 'secret', display_name: 'Secret', kind: 'secret', default: '' },
    { name: 'plain', display_name: 'Plain', kind: 'str', default: 'default plain' },
  ],
  outputs: [{ name: 'inputs', display_name: 'Inputs', types: ['Data'] }],
  async run(inputs) {
    return { inputs: { ...inputs } };
  },
});

/** Throws its `message` field. */
export const Fail = defineComponent({
  type: 'Fail',
  display_name: 'Failing Step',
  description: 'Always fails.',
  category: 'Test',
  fields: [
    { name: 'message', display_name: 'Message', kind: 'str', default: 'boom' },
    { name: 'ms', display_name: 'ms', kind: 'int', default: 0 },
    { name: 'text', display_name: 'Text', kind: 'str', input_types: ['Message'] },
  ],
  outputs: [{ name: 'out', display_name: 'Out', types: ['Message'] }],
  async run(inputs) {
    await sleep(Number(inputs.ms));
    throw new Error(String(inputs.message));
  },
});

/** Gives Data, for type-checking edges. */
export const MakeData = defineComponent({
  type: 'MakeData',
  display_name: 'Make Data',
  description: 'Gives Data.',
  category: 'Test',
  fields: [],
  outputs: [{ name: 'data', display_name: 'Data', types: ['Data'] }],
  async run() {
    return { data: { data: { text: 'x' }, text_key: 'text', default_value: '' } };
  },
});

export const testComponents = [Slow, Collect, Fail, MakeData];
