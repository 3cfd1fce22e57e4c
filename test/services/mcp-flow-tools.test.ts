/**
 * Flows as MCP tools (services/mcp-flow-tools.ts): names sanitised and made unique as Langflow's
 * `sanitize_mcp_name` / `get_unique_name` do, which flows are tools, the input schema (visible
 * input-node fields, the api_editable allowlist, session_id) and a call's run request (tweaks).
 */
import { describe, expect, it } from 'vitest';
import { builtinComponents } from '../../server/components/index.js';
import { defineComponent } from '../../server/engine/define-component.js';
import { createRegistry } from '../../server/engine/registry.js';
import { createMcpToolService, flowsOfProject, runTexts, sanitizeMcpName, toolRunBody, uniqueName } from '../../server/services/mcp-flow-tools.js';
import type { RunResponse } from '../../shared/api.js';
import type { ComponentNode, Flow } from '../../shared/flow.js';

/** An input component with a visible field besides input_value, as custom components may have. */
const Greeting = defineComponent({
  type: 'GreetingInput',
  display_name: 'Greeting Input',
  description: 'A greeting and a name.',
  category: 'Input & Output',
  role: 'input',
  fields: [
    { name: 'input_value', display_name: 'Name', kind: 'str', default: '' },
    { name: 'greeting', display_name: 'Greeting', kind: 'str', default: 'Hello', info: 'How to greet.' },
    { name: 'times', display_name: 'Times', kind: 'int', default: 1, required: true },
    { name: 'secret_sauce', display_name: 'Hidden', kind: 'str', default: '', advanced: true },
  ],
  outputs: [{ name: 'text', display_name: 'Text', types: ['Message'] }],
  run: async () => ({ text: '' }),
});
const registry = createRegistry([...builtinComponents, Greeting]);
const service = createMcpToolService(registry);

function node(id: string, type: string, extra: Partial<ComponentNode['data']> = {}): ComponentNode {
  return { id, type: 'component', position: { x: 0, y: 0 }, data: { type, values: {}, ...extra } };
}

function flow(name: string, nodes: ComponentNode[], extra: Partial<Flow> = {}): Flow {
  return { id: `id-${name}`, name, description: '', endpoint_name: null, folder_id: 'project-1', data: { nodes, edges: [], viewport: { x: 0, y: 0, zoom: 1 } }, created_at: '', updated_at: '', ...extra };
}

const chat = (name: string, extra: Partial<Flow> = {}) => flow(name, [node('ChatInput-aaaaa', 'ChatInput'), node('ChatOutput-bbbbb', 'ChatOutput')], extra);

describe('tool names', () => {
  it('sanitises as Langflow: emoji and accents dropped, separators as one _, lower case, digits prefixed', () => {
    expect(sanitizeMcpName('Basic Prompting')).toBe('basic_prompting');
    expect(sanitizeMcpName('  Café — déjà vu! 🚀 ')).toBe('cafe_deja_vu');
    expect(sanitizeMcpName('3D-Printer   helper')).toBe('_3d_printer_helper');
    expect(sanitizeMcpName('!!!')).toBe('unnamed');
    expect(sanitizeMcpName('   ')).toBe('');
    expect(sanitizeMcpName('a'.repeat(60))).toHaveLength(46);
  });

  it('cuts names to 30 characters and numbers clashes, as get_unique_name', () => {
    expect(uniqueName('x'.repeat(40), 30, new Set())).toBe('x'.repeat(30));
    expect(uniqueName('tool', 30, new Set(['tool', 'tool_1']))).toBe('tool_2');
    expect(uniqueName('y'.repeat(40), 30, new Set(['y'.repeat(30)]))).toBe(`${'y'.repeat(28)}_1`);
  });

  it('lists enabled flows with a Chat or Text Output, action names first, unique within the server', () => {
    const tools = service.tools([
      chat('Support Bot'),
      chat('Support-Bot'),
      chat('Hidden', { mcp_enabled: false }),
      flow('No Output', [node('ChatInput-ccccc', 'ChatInput')]),
      chat('Renamed', { action_name: 'Ask Support', action_description: 'Answers support questions.', description: 'ignored' }),
      flow('Text', [node('TextInput-ddddd', 'TextInput'), node('TextOutput-eeeee', 'TextOutput')], { description: 'A text flow.' }),
    ]);
    expect(tools.map((t) => [t.name, t.description])).toEqual([
      ['support_bot', 'Tool generated from flow: support_bot'],
      ['support_bot_1', 'Tool generated from flow: support_bot_1'],
      ['ask_support', 'Answers support questions.'],
      ['text', 'A text flow.'],
    ]);
  });
});

describe('input schema and run request', () => {
  it("offers the input nodes' visible fields and session_id; other arguments become tweaks of those nodes", () => {
    const [tool] = service.tools([flow('Greet', [node('GreetingInput-fffff', 'GreetingInput'), node('ChatOutput-ggggg', 'ChatOutput')])]);
    expect(tool!.inputSchema).toEqual({
      type: 'object',
      properties: {
        input_value: { type: 'string', description: 'Input for input_value' },
        greeting: { type: 'string', description: 'How to greet.' },
        times: { type: 'integer', description: 'Input for times' },
        session_id: { type: 'string', description: expect.stringContaining('Optional session identifier') },
      },
      required: ['times'],
    });
    const body = toolRunBody(tool!, { input_value: 'Ada', greeting: 'Ahoy', times: 2, secret_sauce: 'no', session_id: 's-1' });
    expect(body).toEqual({ input_value: 'Ada', input_type: 'chat', output_type: 'chat', session_id: 's-1', tweaks: { 'GreetingInput-fffff': { greeting: 'Ahoy', times: 2 } } });
    expect(toolRunBody(tool!, {}).session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(() => toolRunBody(tool!, { input_value: 42 })).toThrow('input_value must be a string');
  });

  it('keeps only the API fields (and input_value) once the flow marks any', () => {
    const greet = node('GreetingInput-hhhhh', 'GreetingInput', { api_editable: ['times'] });
    const [tool] = service.tools([flow('Greet', [greet, node('ChatOutput-iiiii', 'ChatOutput')])]);
    expect(Object.keys(tool!.inputSchema.properties)).toEqual(['input_value', 'times', 'session_id']);
    expect(toolRunBody(tool!, { greeting: 'Ahoy', times: 3 }).tweaks).toEqual({ 'GreetingInput-hhhhh': { times: 3 } });
  });

  it('answers the texts of a run once each: messages, then results', () => {
    const response = {
      session_id: 's',
      outputs: [{ inputs: {}, outputs: [{ messages: [{ message: 'Hi' }], results: { message: { text: 'Hi' }, result: 'Hi' } }, { messages: [], results: { text: { text: 'Bye' } } }] }],
    } as unknown as RunResponse;
    expect(runTexts(response)).toEqual(['Hi', 'Bye']);
  });
});

describe('flowsOfProject', () => {
  it('answers every flow, a project’s flows (none for an empty one), or undefined for an unknown project', () => {
    const a = { ...chat('A'), folder_id: 'p1' };
    const b = { ...chat('B'), folder_id: 'p2' };
    const projects = new Set(['p1', 'p2', 'p3']);
    const ofProject = flowsOfProject({ list: () => [a, b] }, { get: (id: string) => (projects.has(id) ? ({ id } as never) : undefined) });
    expect(ofProject()).toEqual([a, b]);
    expect(ofProject('p1')).toEqual([a]);
    expect(ofProject('p3')).toEqual([]);
    expect(ofProject('nope')).toBeUndefined();
  });
});
