/** The importer against Flowdesk's real built-in components and the engine's own validation. */
import { describe, expect, it } from 'vitest';
import { builtinComponents } from '../../server/components/index.js';
import { createRegistry } from '../../server/engine/registry.js';
import { findFlowProblems } from '../../server/engine/validate-flow.js';
import { exportFlow, parseFlowDocuments } from '../../server/services/flow-format.js';
import { componentNode, fixture, type Json } from './support/flow-format-fixtures.js';

const registry = createRegistry(builtinComponents);

describe('Langflow imports with the built-in components', () => {
  const [flow] = parseFlowDocuments(fixture('basic-prompting.json'), registry);

  it('imports Basic Prompting into a flow the engine accepts as runnable', () => {
    expect(flow).toBeDefined();
    expect(findFlowProblems(flow!.data, registry)).toEqual([]);
  });

  it('maps the OpenAI node onto the built-in fields', () => {
    const model = componentNode(flow!.data, 'OpenAIModel-5UyvQ');
    expect(model.data.global_variables).toEqual({ api_key: 'OPENAI_API_KEY' });
    expect(model.data.values).toMatchObject({ model_name: 'gpt-4o-mini', temperature: 0.1, stream: false, seed: 1, timeout: 700, openai_api_base: '' });
    expect(model.data.values).not.toHaveProperty('max_tokens');
    expect(model.data.values).not.toHaveProperty('json_mode'); // not a Flowdesk field
    expect(componentNode(flow!.data, 'ChatOutput-WcGpD').data.values).toMatchObject({ data_template: '{text}', sender: 'Machine' });
    expect(componentNode(flow!.data, 'Prompt-pKfl9').data.values).toEqual({ template: 'Answer the user as if you were a pirate.', tool_placeholder: '' });
  });

  it('keeps the components it lacks, marked unsupported', () => {
    const [rag] = parseFlowDocuments(fixture('unsupported-components.json'), registry);
    const marked = rag!.data.nodes.filter((n) => n.type === 'component' && n.data.unsupported).map((n) => n.id);
    // OpenAI Embeddings and Astra DB are Flowdesk components now: only Couchbase is marked.
    expect(marked).toEqual(['Couchbase-Vs2db']);
  });

  it('exports and re-imports, blanking a literal API key', () => {
    const stored = { ...flow!, id: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', folder_id: 'project-1', created_at: 't0', updated_at: 't1' };
    componentNode(stored.data, 'OpenAIModel-5UyvQ').data.values.api_key = 'sk-should-not-leave';
    const doc = JSON.parse(JSON.stringify(exportFlow(stored, registry))) as Json;
    expect(JSON.stringify(doc)).not.toContain('sk-should-not-leave');
    const [back] = parseFlowDocuments(doc, registry);
    expect(findFlowProblems(back!.data, registry)).toEqual([]);
    expect(componentNode(back!.data, 'OpenAIModel-5UyvQ').data).toMatchObject({ values: { api_key: '' }, global_variables: { api_key: 'OPENAI_API_KEY' } });
  });

  it('imports the Flowdesk flow of the bundle into a runnable flow', () => {
    const bundle = fixture('bundle.json') as { flows: Json[] };
    const [echo] = parseFlowDocuments({ flows: [bundle.flows[1]] }, registry);
    expect(findFlowProblems(echo!.data, registry)).toEqual([]);
  });
});
