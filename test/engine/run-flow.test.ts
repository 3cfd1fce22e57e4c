import { describe, expect, it } from 'vitest';
import { builtinComponents } from '../../server/components/index.js';
import { defineComponent, type VariableAccess } from '../../server/engine/define-component.js';
import { createRegistry } from '../../server/engine/registry.js';
import { runFlow, type RunFlowOptions } from '../../server/engine/run-flow.js';
import { planFlow } from '../../server/engine/run-plan.js';
import { TextStream } from '../../server/engine/text-stream.js';
import type { NodeOverrides } from '../../server/engine/validate-flow.js';
import { CancelledError, ComponentError } from '../../shared/errors.js';
import type { FlowData } from '../../shared/flow.js';
import type { Message } from '../../shared/message.js';
import type { RunEvent } from '../../shared/run-events.js';
import { Slow, edge, flow, node, note, testComponents } from './support.js';
import { setTimeout as sleep } from 'node:timers/promises';

/** Gates the test opens by hand, so ordering assertions never depend on timing. */
const gates = new Map<string, { open: () => void; opened: Promise<void>; aborted: boolean }>();
function gate(key: string) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const entry = { open, opened, aborted: false };
  gates.set(key, entry);
  return entry;
}

const Gate = defineComponent({
  type: 'Gate',
  display_name: 'Gate',
  description: 'Waits until the test opens it.',
  category: 'Test',
  fields: [
    { name: 'key', display_name: 'Key', kind: 'str' },
    { name: 'text', display_name: 'Text', kind: 'str', input_types: ['Message'] },
  ],
  outputs: [{ name: 'out', display_name: 'Out', types: ['Message'] }],
  async run(inputs, ctx) {
    const entry = gates.get(String(inputs.key));
    if (!entry) throw new Error(`no gate ${String(inputs.key)}`);
    ctx.signal.addEventListener('abort', () => (entry.aborted = true));
    await Promise.race([entry.opened, new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))))]);
    return { out: `${String(inputs.key)}:${String(inputs.text ?? '')}` };
  },
});

/** Returns a TextStream the test writes to (by key). */
const streams = new Map<string, TextStream>();
const Streamer = defineComponent({
  type: 'Streamer',
  display_name: 'Streamer',
  description: 'Streams text.',
  category: 'Test',
  fields: [{ name: 'key', display_name: 'Key', kind: 'str' }],
  outputs: [{ name: 'text', display_name: 'Text', types: ['Message'] }],
  async run(inputs) {
    const stream = new TextStream({ source: { id: 'Streamer-s1', display_name: 'Streamer', source: 'fake-model' } });
    streams.set(String(inputs.key), stream);
    return { text: stream };
  },
});

const registry = createRegistry([...builtinComponents, ...testComponents, Gate, Streamer]);

function run(data: FlowData, options: Partial<RunFlowOptions> & { variables?: VariableAccess } = {}) {
  const events: RunEvent[] = [];
  const stored: Message[] = [];
  const result = runFlow({
    plan: planFlow(data, registry, options.overrides),
    flowId: 'flow-1',
    sessionId: 'session-1',
    messages: { store: async (m) => void stored.push(m), history: async () => [] },
    variables: { get: async () => undefined },
    env: {},
    onEvent: (e) => events.push(e),
    ...options,
  });
  return { result, events, stored };
}

const order = (events: RunEvent[]) =>
  events.filter((e) => e.type === 'node_started' || e.type === 'node_finished').map((e) => `${e.type === 'node_started' ? 'start' : 'end'} ${e.nodeId}`);

describe('runFlow scheduling', () => {
  it('runs independent branches concurrently', async () => {
    const a = gate('a');
    const b = gate('b');
    const data = flow(
      [node('Gate-a', { key: 'a' }), node('Gate-b', { key: 'b' }), node('Collect-c')],
      [edge('Gate-a.out', 'Collect-c.items'), edge('Gate-b.out', 'Collect-c.items')],
    );
    const { result, events } = run(data);
    await sleep(5);
    // Both branches are running at once: neither waited for the other.
    expect(order(events)).toEqual(['start Gate-a', 'start Gate-b']);
    b.open();
    a.open();
    const { nodes } = await result;
    expect(order(events)).toEqual(['start Gate-a', 'start Gate-b', 'end Gate-b', 'end Gate-a', 'start Collect-c', 'end Collect-c']);
    expect((nodes.get('Collect-c')?.outputs.inputs as Record<string, unknown>).items).toEqual(['a:', 'b:']);
  });

  it('starts a node as soon as its own inputs are ready, not when a whole level is done', async () => {
    const slow = gate('slow');
    const fast = gate('fast');
    const data = flow(
      [node('Gate-slow', { key: 'slow' }), node('Gate-fast', { key: 'fast' }), node('Slow-next', { ms: 1 })],
      [edge('Gate-fast.out', 'Slow-next.text')],
    );
    const { result, events } = run(data);
    fast.open();
    await new Promise<void>((resolve) => {
      const check = () => (events.some((e) => e.type === 'node_finished' && e.nodeId === 'Slow-next') ? resolve() : setTimeout(check, 1));
      check();
    });
    expect(order(events)).not.toContain('end Gate-slow');
    slow.open();
    const { nodes } = await result;
    expect(nodes.get('Slow-next')?.outputs.out).toBe('fast:');
    expect([...nodes.values()].every((n) => n.status === 'finished' && n.durationMs >= 0)).toBe(true);
  });

  it('never runs notes and reports every component node', async () => {
    const { result } = run(flow([node('Slow-a', { ms: 0, text: 'x' }), note('note-1')]));
    expect([...(await result).nodes.keys()]).toEqual(['Slow-a']);
  });

  it('resolves an empty flow', async () => {
    expect((await run(flow([])).result).nodes.size).toBe(0);
  });
});

describe('runFlow field resolution', () => {
  it('takes the edge value, else the node value, else the default; a plain field keeps the last edge', async () => {
    const data = flow(
      [node('Slow-a', { ms: 0, text: 'A' }), node('Slow-b', { ms: 0, text: 'B' }), node('Collect-c', { one: 'saved', plain: undefined })],
      [edge('Slow-a.out', 'Collect-c.one'), edge('Slow-b.out', 'Collect-c.one')],
    );
    const { nodes } = await run(data).result;
    expect(nodes.get('Collect-c')?.outputs.inputs).toEqual({ items: undefined, one: 'B', secret: '', plain: 'default plain' });
  });

  it('reads bound fields from global variables', async () => {
    const data = flow([node('Collect-c', { secret: 'ignored' }, { global_variables: { secret: 'MY_KEY' } })]);
    const variables: VariableAccess = { get: async (name) => (name === 'MY_KEY' ? 'from variable' : undefined) };
    const { nodes } = await run(data, { variables }).result;
    expect((nodes.get('Collect-c')?.outputs.inputs as Record<string, unknown>).secret).toBe('from variable');
  });

  it('fails the node when a bound variable does not exist, naming field and variable', async () => {
    const data = flow([node('Collect-c', {}, { global_variables: { secret: 'NOPE' } })]);
    const error = await run(data).result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComponentError);
    expect((error as ComponentError).message).toBe(
      'Error building Component Collect: Global variable "NOPE" (field "secret") not found: create it, or set an environment variable of that name',
    );
  });

  it('applies overrides over saved values and bindings, but never over edges', async () => {
    const data = flow(
      [node('Slow-a', { ms: 0, text: 'A' }), node('Collect-c', { plain: 'saved' }, { global_variables: { secret: 'NOPE' } })],
      [edge('Slow-a.out', 'Collect-c.one')],
    );
    const overrides: NodeOverrides = new Map([['Collect-c', { plain: 'tweaked', secret: 'literal', one: 'ignored', unknown: 1 }]]);
    const { nodes } = await run(data, { overrides }).result;
    expect(nodes.get('Collect-c')?.outputs.inputs).toEqual({ items: undefined, one: 'A', secret: 'literal', plain: 'tweaked' });
  });
});

describe('runFlow failures', () => {
  it('rejects with ComponentError and aborts the nodes still running', async () => {
    const other = gate('other');
    const data = flow([node('Gate-o', { key: 'other' }), node('Fail-f', { message: 'it broke', ms: 5 }, { display_name: 'My Step' })]);
    const { result, events } = run(data);
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComponentError);
    expect(error).toMatchObject({ componentId: 'Fail-f', displayName: 'My Step', causeMessage: 'it broke', message: 'Error building Component My Step: it broke' });
    expect(other.aborted).toBe(true);
    expect(events).toContainEqual({ type: 'node_failed', nodeId: 'Fail-f', error: 'it broke' });
  });

  it('rejects with CancelledError when the caller aborts, and the components see the abort', async () => {
    const g = gate('cancel');
    const controller = new AbortController();
    const { result } = run(flow([node('Gate-g', { key: 'cancel' })]), { signal: controller.signal });
    setTimeout(() => controller.abort(), 2);
    await expect(result).rejects.toBeInstanceOf(CancelledError);
    expect(g.aborted).toBe(true);
  });

  it('fails a component that returns no outputs object', async () => {
    const Broken = defineComponent({ ...Slow, type: 'Broken', run: async () => undefined as never });
    const plan = planFlow(flow([node('Broken-b')]), createRegistry([Broken]));
    const result = runFlow({ plan, flowId: 'f', sessionId: 's', messages: { store: async () => {}, history: async () => [] }, variables: { get: async () => undefined }, env: {} });
    await expect(result).rejects.toMatchObject({ componentId: 'Broken-b', causeMessage: 'The component returned no outputs object' });
  });

  it('ends the run, instead of crashing, when an event listener throws', async () => {
    const listenerError = new Error('listener broke');
    const { result } = run(flow([node('Slow-a', { ms: 0 })]), {
      onEvent: (event) => {
        if (event.type === 'node_finished') throw listenerError;
      },
    });
    await expect(result).rejects.toBe(listenerError);
  });

  it('finishes only once every stored message is written, without holding up the node that stored it', async () => {
    let release!: () => void;
    const writes: Message[] = [];
    const held = new Promise<void>((resolve) => (release = resolve));
    const data = flow([node('ChatInput-i1', { input_value: 'hi' }), node('ChatOutput-o1')], [edge('ChatInput-i1.message', 'ChatOutput-o1.input_value')]);
    const { result, events } = run(data, {
      messages: {
        store: (m) => {
          writes.push(m);
          return held;
        },
        history: async () => [],
      },
    });
    let settled = false;
    void result.then(() => (settled = true));
    await sleep(5);
    // Both nodes ran (Chat Output did not wait for Chat Input's write), but the run is not over.
    expect(writes.map((m) => m.text)).toEqual(['hi', 'hi']);
    expect(order(events)).toEqual(['start ChatInput-i1', 'end ChatInput-i1', 'start ChatOutput-o1', 'end ChatOutput-o1']);
    expect(settled).toBe(false);
    release();
    await result;
    expect(settled).toBe(true);
  });

  it('fails the node whose message could not be written', async () => {
    const data = flow([node('ChatInput-i1', { input_value: 'hi' }), node('ChatOutput-o1')], [edge('ChatInput-i1.message', 'ChatOutput-o1.input_value')]);
    let n = 0;
    const { result, events } = run(data, {
      messages: {
        store: async () => {
          if (++n === 2) throw new Error('disk full');
        },
        history: async () => [],
      },
    });
    await expect(result).rejects.toMatchObject({ componentId: 'ChatOutput-o1', causeMessage: 'disk full' });
    expect(events.filter((e) => e.type === 'node_failed')).toEqual([{ type: 'node_failed', nodeId: 'ChatOutput-o1', error: 'disk full' }]);
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { result, events } = run(flow([node('Slow-a')]), { signal: controller.signal });
    await expect(result).rejects.toBeInstanceOf(CancelledError);
    expect(events).toEqual([]);
  });
});

describe('runFlow with text streams', () => {
  it('lets the consumer relay tokens while the producer streams, and ends when the stream ends', async () => {
    const data = flow([node('Streamer-s1', { key: 's1' }), node('ChatOutput-o1')], [edge('Streamer-s1.text', 'ChatOutput-o1.input_value')]);
    const { result, events, stored } = run(data);
    await sleep(2);
    const stream = streams.get('s1') as TextStream;
    stream.push('Hel');
    await sleep(2);
    expect(events.filter((e) => e.type === 'token').map((e) => (e as { chunk: string }).chunk)).toEqual(['Hel']);
    stream.push('lo');
    stream.end();
    const { nodes } = await result;
    const message = nodes.get('ChatOutput-o1')?.outputs.message as Message;
    expect(message.text).toBe('Hello');
    expect(message.properties.source).toEqual({ id: 'Streamer-s1', display_name: 'Streamer', source: 'fake-model' });
    expect(stored).toEqual([message]);
  });

  it('waits for a stream nobody reads, and blames its producer when it fails', async () => {
    const data = flow([node('Streamer-s2', { key: 's2' }), node('ChatOutput-o1')], [edge('Streamer-s2.text', 'ChatOutput-o1.input_value')]);
    const { result } = run(data);
    await sleep(2);
    streams.get('s2')?.push('partial');
    streams.get('s2')?.fail(new Error('provider hung up'));
    const error = await result.catch((e: unknown) => e);
    expect(error).toMatchObject({ componentId: 'Streamer-s2', message: 'Error building Component Streamer: provider hung up' });
  });
});

describe('planFlow', () => {
  it('plans a flow once and reuses the plan', () => {
    const data = flow([node('Slow-a')]);
    expect(planFlow(data, registry)).toBe(planFlow(data, registry));
    expect(planFlow(data, registry, new Map([['Slow-a', { ms: 5 }]]))).toBe(planFlow(data, registry));
  });

  it('re-plans when an override changes which fields a node has', () => {
    const data = flow([node('Prompt-p', { template: '{a}' })]);
    const plan = planFlow(data, registry, new Map([['Prompt-p', { template: '{b}' }]]));
    expect(plan).not.toBe(planFlow(data, registry));
    const variables = (p: ReturnType<typeof planFlow>) => p.nodes[0]?.fields.filter((f) => f.dynamic).map((f) => f.name);
    expect(variables(plan)).toEqual(['b']);
    expect(variables(planFlow(data, registry))).toEqual(['a']);
  });
});
