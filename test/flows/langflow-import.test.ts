/** Every Langflow starter fixture imports onto the built-in components, runnable, and survives a Flowdesk export round trip. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinComponents } from '../../server/components/index.js';
import { createRegistry } from '../../server/engine/registry.js';
import { findFlowProblems } from '../../server/engine/validate-flow.js';
import { exportFlow, parseFlowDocuments } from '../../server/services/flow-format.js';
import type { ComponentNode, FlowData } from '../../shared/flow.js';

const registry = createRegistry(builtinComponents);
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/langflow/${name}`, import.meta.url), 'utf8')) as unknown;
const STARTERS = ['basic-prompting.json', 'basic-prompting-language-model.json', 'memory-chatbot.json', 'blog-writer.json', 'document-qa.json', 'simple-agent.json'];
const componentNode = (data: FlowData, id: string) => data.nodes.find((n) => n.id === id) as ComponentNode;

describe('Langflow starter exports', () => {
  it.each(STARTERS)('%s imports into a runnable flow and re-imports losslessly from a Flowdesk export', (name) => {
    const [flow] = parseFlowDocuments(fixture(name), registry);
    expect(flow).toBeDefined();
    expect(findFlowProblems(flow!.data, registry)).toEqual([]);
    const stored = { ...flow!, id: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', folder_id: 'project-1', created_at: 't0', updated_at: 't1' };
    const [back] = parseFlowDocuments(JSON.parse(JSON.stringify(exportFlow(stored, registry))), registry);
    expect(back!.data).toEqual(flow!.data);
  });

  it('keeps the provider of a Language Model node, and binds its key to the provider\'s variable', () => {
    const [flow] = parseFlowDocuments(fixture('memory-chatbot.json'), registry);
    const model = componentNode(flow!.data, 'LanguageModelComponent-Mc5uQ');
    expect(model.data.values).toMatchObject({ provider: 'Anthropic', model_name: 'claude-3-5-haiku-latest' });
    expect(model.data.global_variables).toEqual({ api_key: 'ANTHROPIC_API_KEY' });
  });

  it('keeps tool-mode edges, notes and field values', () => {
    const [agent] = parseFlowDocuments(fixture('simple-agent.json'), registry);
    expect(agent!.data.edges.filter((e) => e.targetHandle === 'tools').map((e) => [e.source, e.sourceHandle])).toEqual([
      ['CalculatorComponent-Sa2cL', 'component_as_tool'],
      ['URLComponent-Sa3uR', 'component_as_tool'],
    ]);
    expect(componentNode(agent!.data, 'Agent-Sa1gT').data.values).toMatchObject({ agent_llm: 'OpenAI', model_name: 'gpt-4.1', max_iterations: 15 });
    const [basic] = parseFlowDocuments(fixture('basic-prompting-language-model.json'), registry);
    expect(basic!.data.nodes.some((n) => n.type === 'note')).toBe(true);
    const [blog] = parseFlowDocuments(fixture('blog-writer.json'), registry);
    expect(componentNode(blog!.data, 'URLComponent-Bw1rL').data.values.urls).toEqual(['https://langflow.org/', 'https://docs.langflow.org/']);
  });

  it('accepts the older names of renamed components', () => {
    const doc = fixture('blog-writer.json') as { data: { nodes: { data: { type: string } }[] } };
    for (const node of doc.data.nodes) if (node.data.type === 'URLComponent') node.data.type = 'URL';
    const [flow] = parseFlowDocuments(doc, registry);
    expect(componentNode(flow!.data, 'URLComponent-Bw1rL').data.type).toBe('URLComponent');
  });
});
