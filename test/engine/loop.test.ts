/** Langflow's Loop: the body runs once per item, the back edge feeds Done, bounded and cancellable. */
import { afterEach, describe, expect, it } from 'vitest';
import { builtinComponents } from '../../server/components/index.js';
import LoopComponent from '../../server/components/loop.js';
import { defineComponent } from '../../server/engine/define-component.js';
import { createRegistry } from '../../server/engine/registry.js';
import { runFlow, type RunFlowOptions } from '../../server/engine/run-flow.js';
import { planFlow } from '../../server/engine/run-plan.js';
import { findFlowProblems } from '../../server/engine/validate-flow.js';
import { makeData } from '../../shared/data.js';
import { CancelledError, ComponentError } from '../../shared/errors.js';
import type { FlowData } from '../../shared/flow.js';
import type { RunEvent } from '../../shared/run-events.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import type { FakeModel } from '../support/fake-provider.js';
import { edge, flow, node, testComponents } from './support.js';
import { setTimeout as sleep } from 'node:timers/promises';

/** A DataFrame of one `{text}` row per line of its `lines` field. */
const Rows = defineComponent({
  type: 'Rows',
  display_name: 'Rows',
  description: 'Gives a DataFrame.',
  category: 'Test',
  fields: [{ name: 'lines', display_name: 'Lines', kind: 'multiline', default: '' }],
  outputs: [{ name: 'dataframe', display_name: 'DataFrame', types: ['DataFrame'] }],
  async run(inputs) {
    const lines = String(inputs.lines);
    return { dataframe: lines === '' ? [] : lines.split('\n').map((text) => makeData({ text })) };
  },
});

const registry = createRegistry([...builtinComponents, ...testComponents, Rows]);
const fakes: FakeModel[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});
const lastUser = (body: Record<string, unknown>) => {
  const messages = body.messages as { role: string; content: string }[];
  return messages[messages.length - 1]!.content;
};

async function run(data: FlowData, options: Partial<RunFlowOptions> = {}) {
  const events: RunEvent[] = [];
  const result = await runFlow({
    plan: planFlow(data, registry),
    flowId: 'flow-1',
    sessionId: 'session-1',
    messages: { store: async () => undefined, history: async () => [] },
    variables: { get: async () => undefined },
    env: {},
    onEvent: (e) => events.push(e),
    ...options,
  });
  return { result, events };
}

/** The starter's shape: Rows → Loop; Loop.item → Parser → Prompt (with an outside input) → model → back to Loop; Loop.done → Chat Output. */
function translationLoop(lines: string, model: Record<string, unknown> = {}): FlowData {
  return flow(
    [
      node('Rows-src01', { lines }),
      node('LoopComponent-loop1'),
      node('ParserComponent-parse', { pattern: 'Title: {text}' }),
      node('TextInput-lang1', { input_value: 'French' }),
      node('Prompt-trans', { template: 'Translate to {lang}: {paper}' }),
      node('LanguageModelComponent-llm01', { model: [{ name: 'gpt-4.1-mini', provider: 'OpenAI' }], ...model }),
      node('ChatOutput-out01'),
    ],
    [
      edge('Rows-src01.dataframe', 'LoopComponent-loop1.data'),
      edge('LoopComponent-loop1.item', 'ParserComponent-parse.input_data'),
      edge('ParserComponent-parse.parsed_text', 'Prompt-trans.paper'),
      edge('TextInput-lang1.text', 'Prompt-trans.lang'),
      edge('Prompt-trans.prompt', 'LanguageModelComponent-llm01.input_value'),
      edge('LanguageModelComponent-llm01.text_output', 'LoopComponent-loop1.item'),
      edge('LoopComponent-loop1.done', 'ChatOutput-out01.input_value'),
    ],
  );
}

async function fakeModel(options: Parameters<typeof startFakeOpenAI>[0] = {}) {
  const fake = await startFakeOpenAI({ respond: (body) => ({ text: `FR<${lastUser(body)}>` }), ...options });
  fakes.push(fake);
  return { fake, env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' } };
}

describe('LoopComponent', () => {
  it("keeps Langflow's type key, input and outputs", () => {
    expect(LoopComponent.type).toBe('LoopComponent');
    expect(LoopComponent.fields.map((f) => f.name)).toEqual(['data', 'item']);
    expect(LoopComponent.outputs.map((o) => [o.name, o.types])).toEqual([
      ['item', ['Data']],
      ['done', ['DataFrame']],
    ]);
  });

  it('runs the body once per row, in order, and gives what came back on Done', async () => {
    const { fake, env } = await fakeModel();
    const { result, events } = await run(translationLoop('Paper A\nPaper B\nPaper C'), { env });
    expect(fake.requests.map((r) => lastUser(r.body))).toEqual(['Translate to French: Title: Paper A', 'Translate to French: Title: Paper B', 'Translate to French: Title: Paper C']);
    const done = result.nodes.get('LoopComponent-loop1')!.outputs.done as { data: Record<string, unknown> }[];
    expect(done.map((row) => row.data.text)).toEqual(['FR<Translate to French: Title: Paper A>', 'FR<Translate to French: Title: Paper B>', 'FR<Translate to French: Title: Paper C>']);
    expect(done[0]!.data).toMatchObject({ sender: 'Machine', session_id: 'session-1' });
    const chat = result.nodes.get('ChatOutput-out01')!.outputs.message as { text: string };
    expect(chat.text).toContain('FR<Translate to French: Title: Paper C>');

    expect(events.filter((e) => e.type === 'loop_iteration')).toEqual([0, 1, 2].map((iteration) => ({ type: 'loop_iteration', nodeId: 'LoopComponent-loop1', iteration, total: 3 })));
    const parserStarts = events.filter((e) => e.type === 'node_started' && e.nodeId === 'ParserComponent-parse');
    expect(parserStarts.map((e) => (e as { iteration?: number }).iteration)).toEqual([0, 1, 2]);
    // The outside input ran once, before the Loop; Done's consumer once, after the last iteration.
    const order = events.filter((e) => e.type === 'node_finished').map((e) => e.nodeId);
    expect(order.filter((id) => id === 'TextInput-lang1')).toHaveLength(1);
    expect(order.indexOf('TextInput-lang1')).toBeLessThan(order.indexOf('ParserComponent-parse'));
    expect(order.at(-1)).toBe('ChatOutput-out01');
    expect(order.at(-2)).toBe('LoopComponent-loop1');
  });

  it('gives an empty DataFrame on Done for no rows, without running the body', async () => {
    const { fake, env } = await fakeModel();
    const { result } = await run(translationLoop(''), { env });
    expect(result.nodes.get('LoopComponent-loop1')!.outputs.done).toEqual([]);
    expect(result.nodes.has('ParserComponent-parse')).toBe(false);
    expect(fake.requests).toHaveLength(0);
  });

  it('leaves out of Done the iterations whose back edge came from an untaken branch (a filter loop)', async () => {
    const data = flow(
      [node('Rows-src01', { lines: 'keep apples\ndrop pears\nkeep plums' }), node('LoopComponent-loop1'), node('ParserComponent-parse', { pattern: '{text}' }), node('ConditionalRouter-if01', { operator: 'starts with', match_text: 'keep' })],
      [
        edge('Rows-src01.dataframe', 'LoopComponent-loop1.data'),
        edge('LoopComponent-loop1.item', 'ParserComponent-parse.input_data'),
        edge('ParserComponent-parse.parsed_text', 'ConditionalRouter-if01.input_text'),
        edge('ConditionalRouter-if01.true_result', 'LoopComponent-loop1.item'),
      ],
    );
    const { result, events } = await run(data);
    const done = result.nodes.get('LoopComponent-loop1')!.outputs.done as { data: Record<string, unknown> }[];
    expect(done.map((row) => row.data.text)).toEqual(['keep apples', 'keep plums']);
    expect(events.filter((e) => e.type === 'loop_iteration')).toHaveLength(3);
  });

  it('refuses more items than a run allows, saying how many', async () => {
    const { fake, env } = await fakeModel();
    const failure = run(translationLoop('a\nb\nc'), { env, maxLoopIterations: 2 });
    await expect(failure).rejects.toBeInstanceOf(ComponentError);
    await expect(failure).rejects.toThrow('The Loop has 3 items, more than the 2 iterations a run allows');
    expect(fake.requests).toHaveLength(0);
  });

  it('fails the run when an iteration fails, naming the node and the iteration in its event', async () => {
    const { env } = await fakeModel({ errorFor: (body) => (lastUser(body).includes('Paper B') ? { status: 400, message: 'refused B' } : undefined) });
    const events: RunEvent[] = [];
    await expect(run(translationLoop('Paper A\nPaper B\nPaper C'), { env, onEvent: (e) => events.push(e) })).rejects.toThrow(/refused B/);
    expect(events.find((e) => e.type === 'node_failed')).toMatchObject({ nodeId: 'LanguageModelComponent-llm01', iteration: 1 });
  });

  it('stops iterating when the run is cancelled', async () => {
    const { fake, env } = await fakeModel({ delayMs: 300 });
    const controller = new AbortController();
    const pending = run(translationLoop('a\nb\nc\nd'), { env, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    await sleep(400);
    expect(fake.requests).toHaveLength(1);
  });

  it('refuses a DataFrame input that is not rows, in Langflow\'s words', async () => {
    const data = flow([node('TextInput-t'), node('LoopComponent-l')], [edge('TextInput-t.text', 'LoopComponent-l.data')]);
    // A Message is accepted (made Data); plain text is not.
    expect(findFlowProblems(data, registry)[0]?.message).toMatch(/gives Message but field "data" accepts DataFrame/);
    await expect(LoopComponent.loop!.items({ data: 'text' })).rejects.toThrow("The 'data' input must be a DataFrame, a list of Data/Message objects, or a single Data/Message object.");
  });
});

describe('Loop validation', () => {
  it('accepts the back edge as the one cycle', () => {
    expect(findFlowProblems(translationLoop('a'), registry)).toEqual([]);
  });

  it('still refuses any other cycle', () => {
    const data = translationLoop('a');
    data.edges.push(edge('LanguageModelComponent-llm01.text_output', 'Prompt-trans.lang'));
    expect(findFlowProblems(data, registry).map((p) => p.message)).toContainEqual(expect.stringMatching(/^Flow has a cycle: /));
  });

  it('refuses a back edge from outside the body, and a node fed by both Item and Done', () => {
    const outside = translationLoop('a');
    outside.edges = outside.edges.filter((e) => e.targetHandle !== 'item');
    outside.edges.push(edge('TextInput-lang1.text', 'LoopComponent-loop1.item'));
    expect(findFlowProblems(outside, registry).map((p) => p.message)).toContainEqual(
      'Edge TextInput-lang1 → LoopComponent-loop1: Loop LoopComponent-loop1\'s "item" input must come back from a node its "item" output feeds',
    );
    const both = translationLoop('a');
    both.nodes.push(node('ParserComponent-after'));
    both.edges.push(edge('LoopComponent-loop1.done', 'ParserComponent-after.input_data'), edge('ParserComponent-after.parsed_text', 'Prompt-trans.lang'));
    both.edges = both.edges.filter((e) => e.source !== 'TextInput-lang1');
    expect(findFlowProblems(both, registry).map((p) => p.message)).toContainEqual('Node Prompt-trans is fed by both the "item" and the "done" output of Loop LoopComponent-loop1');
  });
});
