import { describe, expect, it } from 'vitest';
import { fromViewNode, toFlowData, toViewEdge, toViewNode } from '../../renderer/src/editor/flow-mapping.js';
import { basicFlow } from './support.js';

describe('flow mapping', () => {
  it('round-trips the stored flow through React Flow view objects unchanged', () => {
    const flow = basicFlow();
    const nodes = flow.nodes.map(toViewNode);
    const edges = flow.edges.map(toViewEdge);
    expect(toFlowData(nodes, edges, flow.viewport)).toEqual(flow);
  });

  it('keeps global-variable bindings and display names apart from values', () => {
    const [, , , model, output] = basicFlow().nodes.map(toViewNode);
    expect(model?.type === 'component' && model.data.globals).toEqual({ api_key: 'OPENAI_API_KEY' });
    expect(output?.type === 'component' && output.data.displayName).toBe('Answer');
  });

  it('drops React Flow state (selection, measurements) when mapping back', () => {
    const view = { ...toViewNode(basicFlow().nodes[1]!), selected: true, dragging: false, measured: { width: 300, height: 200 } };
    expect(fromViewNode(view)).toEqual({ id: 'ChatInput-8a86T', type: 'component', position: { x: 60, y: 420 }, data: { type: 'ChatInput', values: {} } });
  });

  it("keeps a node's API fields (the declared tweak policy reads them)", () => {
    const flow = basicFlow();
    const prompt = flow.nodes.find((n) => n.id === 'Prompt-pKfl9');
    if (prompt?.type === 'component') prompt.data.api_editable = ['template'];
    const view = flow.nodes.map(toViewNode);
    expect(view.find((n) => n.id === 'Prompt-pKfl9')?.data.apiEditable).toEqual(['template']);
    expect(toFlowData(view, flow.edges.map(toViewEdge), flow.viewport)).toEqual(flow);
  });

  it("passes a node's kept Langflow data through an edit unchanged", () => {
    const flow = basicFlow();
    const langflow = { id: 'Prompt-pKfl9', type: 'Prompt', node: { template: { template: { type: 'prompt', value: 'Hi {name}', show: true } }, outputs: [] } };
    const prompt = flow.nodes.find((n) => n.id === 'Prompt-pKfl9');
    if (prompt?.type === 'component') prompt.data.langflow = structuredClone(langflow);
    const view = flow.nodes.map(toViewNode);
    const edited = view.map((n) => (n.id === 'Prompt-pKfl9' && n.type === 'component' ? { ...n, data: { ...n.data, values: { ...n.data.values, template: 'Hello' } } } : n));
    const saved = toFlowData(edited, flow.edges.map(toViewEdge), flow.viewport).nodes.find((n) => n.id === 'Prompt-pKfl9');
    expect(saved?.type === 'component' && saved.data.langflow).toEqual(langflow);
    expect(saved?.type === 'component' && saved.data.values.template).toBe('Hello');
  });

  it('keeps extra data of notes', () => {
    const note = toViewNode(basicFlow().nodes[0]!);
    expect(fromViewNode(note)).toEqual(basicFlow().nodes[0]);
  });
});
