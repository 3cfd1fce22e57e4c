import { describe, expect, it } from 'vitest';
import { findProblems } from '../../renderer/src/editor/flow-problems.js';
import { toViewEdge, toViewNode, type ViewEdge } from '../../renderer/src/editor/flow-mapping.js';
import { basicFlow, specs } from './support.js';

describe('flow problems', () => {
  it('finds none in a sound flow', () => {
    const flow = basicFlow();
    expect(findProblems(flow.nodes.map(toViewNode), flow.edges.map(toViewEdge), specs).size).toBe(0);
  });

  it('marks every node of a cycle', () => {
    const flow = basicFlow();
    const edges: ViewEdge[] = [...flow.edges.map(toViewEdge), { id: 'back', source: 'OpenAIModel-5UyvQ', sourceHandle: 'text_output', target: 'Prompt-pKfl9', targetHandle: 'persona' }];
    const problems = findProblems(flow.nodes.map(toViewNode), edges, specs);
    expect([...problems.keys()].sort()).toEqual(['OpenAIModel-5UyvQ', 'Prompt-pKfl9']);
    expect(problems.get('Prompt-pKfl9')?.[0]).toMatch(/cycle/);
  });

  it("lets a Loop's back edge close a cycle, and no other edge", () => {
    const withLoop = new Map(specs);
    withLoop.set('LoopComponent', {
      ...specs.get('ChatOutput')!,
      type: 'LoopComponent',
      display_name: 'Loop',
      fields: [
        { name: 'data', display_name: 'Inputs', kind: 'str', input_types: ['DataFrame'] },
        { name: 'item', display_name: 'Item (loop back)', kind: 'str', input_types: ['Data', 'Message'] },
      ],
      outputs: [
        { name: 'item', display_name: 'Item', types: ['Data'], allows_loop: true },
        { name: 'done', display_name: 'Done', types: ['DataFrame'] },
      ],
    });
    const flow = basicFlow();
    const nodes = [...flow.nodes.map(toViewNode), toViewNode({ id: 'LoopComponent-1', type: 'component', position: { x: 0, y: 0 }, data: { type: 'LoopComponent', values: {} } })];
    const loop: ViewEdge[] = [
      { id: 'in', source: 'LoopComponent-1', sourceHandle: 'item', target: 'Prompt-pKfl9', targetHandle: 'persona' },
      { id: 'back', source: 'OpenAIModel-5UyvQ', sourceHandle: 'text_output', target: 'LoopComponent-1', targetHandle: 'item' },
    ];
    const edges = [...flow.edges.map(toViewEdge).filter((e) => e.targetHandle !== 'persona'), ...loop];
    expect([...findProblems(nodes, edges, withLoop).entries()].filter(([, texts]) => texts.some((t) => /cycle/.test(t)))).toEqual([]);
    const other: ViewEdge = { id: 'other', source: 'OpenAIModel-5UyvQ', sourceHandle: 'text_output', target: 'LoopComponent-1', targetHandle: 'data' };
    expect(findProblems(nodes, [...edges.filter((e) => e.id !== 'back'), other], withLoop).get('LoopComponent-1')?.join(' ')).toMatch(/cycle/);
  });

  it('flags unknown components, edges into missing fields and mismatched types', () => {
    const flow = basicFlow();
    const nodes = [...flow.nodes.map(toViewNode), toViewNode({ id: 'Mystery-1', type: 'component', position: { x: 0, y: 0 }, data: { type: 'Mystery', values: {} } })];
    const edges: ViewEdge[] = [
      { id: 'a', source: 'ChatInput-8a86T', sourceHandle: 'message', target: 'Prompt-pKfl9', targetHandle: 'gone' },
      { id: 'b', source: 'OpenAIModel-5UyvQ', sourceHandle: 'model_output', target: 'ChatOutput-WcGpD', targetHandle: 'input_value' },
    ];
    const problems = findProblems(nodes, edges, specs);
    expect(problems.get('Mystery-1')).toEqual(['Unsupported component type “Mystery”']);
    expect(problems.get('Prompt-pKfl9')).toEqual(['No input “gone”']);
    expect(problems.get('ChatOutput-WcGpD')?.[0]).toMatch(/cannot take LanguageModel/);
  });

  it('asks for required fields that are empty and unconnected', () => {
    const required = new Map(specs);
    const chatOutput = specs.get('ChatOutput')!;
    required.set('ChatOutput', { ...chatOutput, fields: chatOutput.fields.map((f) => (f.name === 'input_value' ? { ...f, required: true } : f)) });
    const flow = basicFlow();
    const nodes = flow.nodes.map(toViewNode);
    expect(findProblems(nodes, flow.edges.map(toViewEdge), required).size).toBe(0);
    const withoutOutputEdge = flow.edges.filter((e) => e.id !== 'e-out').map(toViewEdge);
    expect(findProblems(nodes, withoutOutputEdge, required).get('ChatOutput-WcGpD')?.[0]).toMatch(/Inputs is required/);
  });
});
