/** Routers and wanted outputs: only the taken branch runs, nodes fed only by stopped outputs are skipped. */
import { describe, expect, it } from 'vitest';
import { builtinComponents } from '../../server/components/index.js';
import { defineComponent, type MessageAccess } from '../../server/engine/define-component.js';
import { createRegistry } from '../../server/engine/registry.js';
import { runFlow } from '../../server/engine/run-flow.js';
import { planFlow } from '../../server/engine/run-plan.js';
import type { FlowData } from '../../shared/flow.js';
import type { Message } from '../../shared/message.js';
import type { RunEvent } from '../../shared/run-events.js';
import { Collect, edge, flow, node, testComponents } from './support.js';

/** Records which outputs the engine says are wanted. */
const seenWants: Record<string, string[]> = {};
const Probe = defineComponent({
  type: 'Probe',
  display_name: 'Probe',
  description: 'Reports what is wanted of it.',
  category: 'Test',
  fields: [{ name: 'text', display_name: 'Text', kind: 'str', input_types: ['Message'] }],
  outputs: [
    { name: 'a', display_name: 'A', types: ['Message'] },
    { name: 'b', display_name: 'B', types: ['Message'] },
  ],
  async run(_inputs, ctx) {
    seenWants[ctx.nodeId] = ['a', 'b'].filter((o) => ctx.wants(o));
    return { a: 'A', b: 'B' };
  },
});

const registry = createRegistry([...builtinComponents, ...testComponents, Probe]);

async function run(data: FlowData, messages?: MessageAccess) {
  const events: RunEvent[] = [];
  const stored: Message[] = [];
  const result = await runFlow({
    plan: planFlow(data, registry),
    flowId: 'flow-1',
    sessionId: 'session-1',
    messages: messages ?? { store: async (m) => void stored.push(m), history: async () => [] },
    variables: { get: async () => undefined },
    env: {},
    onEvent: (e) => events.push(e),
  });
  return { result, events, stored };
}

/** TextInput → If-Else; true → Prompt(T) → Collect-t; false → Prompt(F) → Collect-f; both → Collect-both. */
function routed(input: string): FlowData {
  return flow(
    [
      node('TextInput-in001', { input_value: input }),
      node('ConditionalRouter-if001', { operator: 'equals', match_text: 'yes' }),
      node('Prompt-yes01', { template: 'YES {x}' }),
      node('Prompt-no001', { template: 'NO {x}' }),
      node('Collect-t', {}),
      node('Collect-f', {}),
      node('Collect-both', {}),
    ],
    [
      edge('TextInput-in001.text', 'ConditionalRouter-if001.input_text'),
      edge('ConditionalRouter-if001.true_result', 'Prompt-yes01.x'),
      edge('ConditionalRouter-if001.false_result', 'Prompt-no001.x'),
      edge('Prompt-yes01.prompt', 'Collect-t.one'),
      edge('Prompt-no001.prompt', 'Collect-f.one'),
      edge('Prompt-yes01.prompt', 'Collect-both.items'),
      edge('Prompt-no001.prompt', 'Collect-both.items'),
    ],
  );
}

describe('branches', () => {
  it('runs only the taken branch and reports the other as skipped, transitively', async () => {
    const { result, events } = await run(routed('yes'));
    expect([...result.nodes.keys()].sort()).toEqual(['Collect-both', 'Collect-t', 'ConditionalRouter-if001', 'Prompt-yes01', 'TextInput-in001']);
    expect([...result.skipped].sort()).toEqual(['Collect-f', 'Prompt-no001']);
    const skippedEvents = events.filter((e) => e.type === 'node_skipped').map((e) => (e as { nodeId: string }).nodeId);
    expect(skippedEvents.sort()).toEqual(['Collect-f', 'Prompt-no001']);
    expect(events.some((e) => e.type === 'node_started' && e.nodeId === 'Prompt-no001')).toBe(false);
    // A node fed by both branches still runs, with the live one.
    const both = result.nodes.get('Collect-both')?.outputs.inputs as { items: unknown[] };
    expect(both.items.filter(Boolean).map((m) => (m as Message).text)).toEqual(['YES yes']);
  });

  it('takes the other branch for other input', async () => {
    const { result } = await run(routed('no'));
    expect(result.nodes.has('Prompt-no001')).toBe(true);
    expect([...result.skipped].sort()).toEqual(['Collect-t', 'Prompt-yes01']);
  });

  it('tells a component which outputs some edge reads (all, when none does)', async () => {
    await run(
      flow(
        [node('Probe-p1'), node('Probe-p2'), node('Collect-c1')],
        [edge('Probe-p1.b', 'Collect-c1.one')],
      ),
    );
    expect(seenWants['Probe-p1']).toEqual(['b']);
    expect(seenWants['Probe-p2']).toEqual(['a', 'b']);
    expect(Collect).toBeDefined();
  });

  it("hides the run's own stored messages from its history reads", async () => {
    const all: Message[] = [];
    const messages: MessageAccess = {
      store: async (m) => void all.push(m),
      history: async ({ limit }) => all.slice(-limit),
    };
    const old = { id: 'old', text: 'earlier turn', sender: 'User', sender_name: 'User', session_id: 'session-1', flow_id: 'flow-1', timestamp: 't', files: [], error: false, properties: { source: { id: null, display_name: null, source: null } } };
    all.push(old);
    const { result } = await run(
      flow(
        [node('ChatInput-in001', { input_value: 'new turn' }), node('Memory-mem01', { template: '{text}' }), node('Collect-c1')],
        [edge('ChatInput-in001.message', 'Collect-c1.one'), edge('Memory-mem01.messages_text', 'Collect-c1.items')],
      ),
      messages,
    );
    const collected = result.nodes.get('Collect-c1')?.outputs.inputs as { items: Message[] };
    expect(collected.items[0]?.text).toBe('earlier turn');
    expect(all.map((m) => m.text)).toEqual(['earlier turn', 'new turn']);
  });
});
