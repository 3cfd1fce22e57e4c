import { describe, expect, it } from 'vitest';
import { builtinComponents } from '../../server/components/index.js';
import { createRegistry } from '../../server/engine/registry.js';
import { findFlowProblems } from '../../server/engine/validate-flow.js';
import { starterFlows, starterGallery } from '../../server/services/starter-flows.js';
import { ENDPOINT_NAME_PATTERN, isComponentNode } from '../../shared/flow.js';
import { setup } from '../engine/run-fixtures.js';

const registry = createRegistry(builtinComponents);
let counter = 0;
const starters = starterFlows('2026-01-01T00:00:00.000Z', () => `id-${++counter}`);

describe('starter flows', () => {
  it.each(starters.map((f) => [f.name, f] as const))('%s validates against the registry', (_name, flow) => {
    expect(findFlowProblems(flow.data, registry)).toEqual([]);
    expect(flow.endpoint_name).toMatch(ENDPOINT_NAME_PATTERN);
    for (const node of flow.data.nodes.filter(isComponentNode)) expect(node.id).toMatch(/^[A-Za-z]+-[A-Za-z0-9]{5}$/);
  });

  it.each(starterGallery().map((f) => [f.name, f] as const))('gallery template %s validates against the registry', (_name, template) => {
    expect(findFlowProblems(template.data, registry)).toEqual([]);
    expect(template.endpoint_name).toMatch(ENDPOINT_NAME_PATTERN);
    const ids = template.data.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const node of template.data.nodes.filter(isComponentNode)) expect(node.id).toMatch(/^[A-Za-z]+-[A-Za-z0-9]{5}$/);
  });

  it('the gallery starts with the seeded starters and has no two names or endpoints alike', () => {
    const gallery = starterGallery();
    expect(gallery.slice(0, starters.length).map((t) => t.name)).toEqual(starters.map((f) => f.name));
    expect(new Set(gallery.map((t) => t.name)).size).toBe(gallery.length);
    expect(new Set(gallery.map((t) => t.endpoint_name)).size).toBe(gallery.length);
  });

  it('takes ids and time from the caller', () => {
    expect(starters.map((f) => [f.id, f.created_at, f.updated_at])).toEqual([
      ['id-1', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'],
      ['id-2', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'],
    ]);
  });

  it('Basic Prompting has Langflow node ids and binds the key to OPENAI_API_KEY', () => {
    const basic = starters.find((f) => f.endpoint_name === 'basic-prompting');
    const nodes = basic?.data.nodes.filter(isComponentNode) ?? [];
    expect(nodes.map((n) => n.id)).toEqual(['ChatInput-8a86T', 'Prompt-pKfl9', 'OpenAIModel-5UyvQ', 'ChatOutput-WcGpD']);
    expect(nodes.find((n) => n.data.type === 'OpenAIModel')?.data.global_variables).toEqual({ api_key: 'OPENAI_API_KEY' });
  });

  it('Text Template runs without a model or a key', async () => {
    const { run } = setup();
    const response = await run('text-template', { input_value: 'my order is late' });
    expect(response.outputs[0].outputs[0]?.results.result).toContain('You wrote: "my order is late"');
  });
});
