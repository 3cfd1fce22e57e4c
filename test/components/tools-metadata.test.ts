/**
 * Langflow's "Actions" table (`tools_metadata`) of a component in tool mode: a row renames the tool
 * or rewrites its description for the agent, status false takes it away, as Langflow's
 * `update_tools_metadata` does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeTool, withToolsMetadata } from '../../server/components/lib/tools.js';
import type { FakeTurn } from '../support/fake-openai.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import { edge, flow, node } from '../engine/support.js';
import { request } from '../support/http.js';
import { spawnServer } from '../support/spawn-server.js';

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const tool = makeTool('evaluate_expression', 'Evaluate.', { type: 'object', properties: {} }, async () => '42');
const row = (extra: Record<string, unknown>) => ({ name: 'evaluate_expression', description: 'Evaluate.', status: true, tags: ['evaluate_expression'], ...extra });

describe('tools_metadata', () => {
  it('renames, rewrites, adds commands in Langflow words, disables, and leaves a tool without rows as it is', async () => {
    expect(withToolsMetadata(tool, [])).toBe(tool);
    expect(withToolsMetadata(tool, undefined)).toBe(tool);
    const renamed = withToolsMetadata(tool, [row({ name: 'do math!', description: 'Does math.' })]) as typeof tool;
    expect([renamed.name, renamed.description]).toEqual(['do_math', 'Does math.']);
    expect(await renamed.invoke({}, new AbortController().signal)).toBe('42');
    expect((withToolsMetadata(tool, [row({ commands: '/calc' })]) as typeof tool).description).toBe(
      'very_time you see one of those commands /calc run the tool. tool description is Evaluate.',
    );
    expect(withToolsMetadata(tool, [row({ status: false })])).toEqual([]);
    // The one row of a one-tool component is its row, whatever its tag; among several rows, only its own tag counts.
    expect((withToolsMetadata(tool, [row({ tags: ['make_requests'], name: 'other' })]) as typeof tool).name).toBe('other');
    expect(withToolsMetadata(tool, [row({ tags: ['a'] }), row({ tags: ['b'] })])).toEqual([]);
  });

  it('an Agent gets the renamed Calculator and not the disabled URL tool, and calls it by its new name, through a real server', async () => {
    const respond = (body: Record<string, unknown>): FakeTurn => {
      const messages = body.messages as { role: string; content: string }[];
      const last = messages.at(-1)!;
      if (last.role === 'tool') return { text: `Result: ${last.content}` };
      return { toolCalls: [{ name: 'multiply_numbers', arguments: { expression: '6*7' } }] };
    };
    const fake = await startFakeOpenAI({ respond });
    servers.push(fake);
    const server = await spawnServer({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' } });
    try {
      const data = flow(
        [
          node('ChatInput-in001'),
          node('CalculatorComponent-calc1', { tools_metadata: [row({ name: 'multiply_numbers', description: 'Multiplies numbers.' })] }),
          node('URLComponent-url01', { tools_metadata: [{ name: 'fetch_content', description: 'Fetch.', status: false, tags: ['fetch_content'] }] }),
          node('Agent-agent', { agent_llm: 'OpenAI', model_name: 'gpt-4o-mini', add_current_date_tool: false }),
          node('ChatOutput-out01'),
        ],
        [
          edge('ChatInput-in001.message', 'Agent-agent.input_value'),
          edge('CalculatorComponent-calc1.component_as_tool', 'Agent-agent.tools'),
          edge('URLComponent-url01.component_as_tool', 'Agent-agent.tools'),
          edge('Agent-agent.response', 'ChatOutput-out01.input_value'),
        ],
      );
      const created = await request(server.url, 'POST', '/api/v1/flows/', { json: { name: 'Actions', data } });
      expect(created.status, created.text).toBe(201);
      const res = await request(server.url, 'POST', `/api/v1/run/${created.body.id}`, { json: { input_value: '6 times 7?' } });
      expect(res.status, res.text).toBe(200);
      expect(res.body.outputs[0].outputs[0].results.message.text).toBe('Result: 42');
      const tools = fake.requests[0]!.body.tools as { function: { name: string; description: string } }[];
      expect(tools.map((t) => [t.function.name, t.function.description])).toEqual([['multiply_numbers', 'Multiplies numbers.']]);
    } finally {
      await server.stop();
    }
  }, 30_000);
});
