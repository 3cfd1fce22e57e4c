import { describe, expect, it } from 'vitest';
import { bulkFlowDocument, findTemplateFlow, isTemplateFlow, relayFlowDocument, type FlowSummary } from '../../bench/flowdesk-api.js';

function flow(name: string, nodes: [string, string][], edges: [string, string][], notes = 0): FlowSummary {
  return {
    id: name,
    name,
    endpoint_name: null,
    data: {
      nodes: [...nodes.map(([id, type]) => ({ id, type: 'component', data: { type } })), ...Array.from({ length: notes }, (_, i) => ({ id: `note-${i}`, type: 'note', data: {} }))],
      edges: edges.map(([source, target]) => ({ source, target })),
    },
  };
}

const template = flow('renamed', [['a', 'ChatInput'], ['b', 'Prompt'], ['c', 'ChatOutput']], [['a', 'b'], ['b', 'c']], 1);
const withModel = flow('model', [['a', 'ChatInput'], ['b', 'Prompt'], ['m', 'OpenAIModel'], ['c', 'ChatOutput']], [['a', 'm'], ['b', 'm'], ['m', 'c']]);
const wired = flow('wired-wrong', [['a', 'ChatInput'], ['b', 'Prompt'], ['c', 'ChatOutput']], [['a', 'c'], ['b', 'c']]);

describe('finding the no-model starter', () => {
  it('recognises ChatInput → Prompt → ChatOutput whatever the name, ignoring notes', () => {
    expect(isTemplateFlow(template)).toBe(true);
    expect(findTemplateFlow([withModel, template]).id).toBe('renamed');
  });

  it('refuses flows with a model or other wiring, and says what it saw', () => {
    expect(isTemplateFlow(withModel)).toBe(false);
    expect(isTemplateFlow(wired)).toBe(false);
    expect(() => findTemplateFlow([withModel])).toThrow(/model: ChatInput → Prompt → OpenAIModel → ChatOutput/);
  });

  it('generates bulk flows of that same shape, and a relay flow that streams', () => {
    const doc = bulkFlowDocument(3);
    expect(isTemplateFlow({ id: 'x', name: doc.name, endpoint_name: null, data: doc.data })).toBe(true);
    const relay = relayFlowDocument('http://127.0.0.1:1/v1');
    const model = relay.data.nodes.find((n) => n.data.type === 'OpenAIModel');
    expect(model?.data.values).toMatchObject({ openai_api_base: 'http://127.0.0.1:1/v1', stream: true });
    expect(relay.data.edges.map((e) => `${e.sourceHandle}>${e.targetHandle}`)).toEqual(['message>input_value', 'text_output>input_value']);
  });
});
