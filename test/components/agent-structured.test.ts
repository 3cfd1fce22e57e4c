/**
 * The Agent's Structured Response, as Langflow's `json_response`: native structured output when the
 * agent has no tools, the schema in the system prompt and the JSON taken out of the answer when it
 * has, `{content, error}` Data when the answer holds no JSON or the schema is bad.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Agent from '../../server/components/agent.js';
import { DEFAULT_FORMAT_INSTRUCTIONS } from '../../server/components/structured-output.js';
import type { Data } from '../../shared/data.js';
import { describeOllama } from '../../server/components/ollama-model.js';
import { startFakeAnthropic } from '../support/fake-anthropic.js';
import { startFakeOllama } from '../support/fake-ollama.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { edge, flow, node, testContext } from '../engine/support.js';
import { request } from '../support/http.js';
import { spawnServer } from '../support/spawn-server.js';

const defaults = Object.fromEntries(Agent.fields.map((f) => [f.name, f.default]));
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const SCHEMA = [
  { name: 'name', description: 'The person', type: 'str', multiple: 'False' },
  { name: 'age', description: 'In years', type: 'int', multiple: 'False' },
];
const INSTRUCTIONS = 'You are a helpful assistant that can use tools to answer questions and perform tasks.';
/** What pydantic's `OutputModel.model_json_schema()` gives for SCHEMA, dumped with indent=2. */
const PYDANTIC_SCHEMA = `{
  "properties": {
    "name": {
      "description": "The person",
      "title": "Name",
      "type": "string"
    },
    "age": {
      "description": "In years",
      "title": "Age",
      "type": "integer"
    }
  },
  "required": [
    "name",
    "age"
  ],
  "title": "OutputModel",
  "type": "object"
}`;
const AUGMENTED =
  `${INSTRUCTIONS}\n\nFormat instructions: ${DEFAULT_FORMAT_INSTRUCTIONS}\n\n` +
  'You must respond ONLY with a JSON object matching this schema. Do not include explanations, markdown, or any text outside the JSON.\n' +
  `Schema:\n${PYDANTIC_SCHEMA}`;

const systemOf = (body: Record<string, unknown>) => (body.messages as { role: string; content: string }[])[0]!;

/** A real server with ChatInput → Agent.structured_response → Parser → ChatOutput; the run's Chat Output text. */
async function runFlow(fake: FakeOpenAI, agentValues: Record<string, unknown>, pattern: string, input: string): Promise<string> {
  const server = await spawnServer({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' } });
  try {
    const data = flow(
      [
        node('ChatInput-in001'),
        node('Agent-agent', { agent_llm: 'OpenAI', model_name: 'gpt-4o-mini', ...agentValues }),
        node('ParserComponent-parse', { pattern }),
        node('ChatOutput-out01'),
      ],
      [
        edge('ChatInput-in001.message', 'Agent-agent.input_value'),
        edge('Agent-agent.structured_response', 'ParserComponent-parse.input_data'),
        edge('ParserComponent-parse.parsed_text', 'ChatOutput-out01.input_value'),
      ],
    );
    const created = await request(server.url, 'POST', '/api/v1/flows/', { json: { name: 'Structured agent', data } });
    expect(created.status, created.text).toBe(201);
    const res = await request(server.url, 'POST', `/api/v1/run/${created.body.id}`, { json: { input_value: input } });
    expect(res.status, res.text).toBe(200);
    return res.body.outputs[0].outputs[0].results.message.text as string;
  } finally {
    await server.stop();
  }
}

describe('Agent structured_response', () => {
  it("has Langflow's fields and second output", () => {
    expect(Agent.outputs.map((o) => [o.name, o.types])).toEqual([
      ['response', ['Message']],
      ['structured_response', ['Data']],
    ]);
    expect(defaults.format_instructions).toBe(DEFAULT_FORMAT_INSTRUCTIONS);
    expect(defaults.output_schema).toEqual([]);
  });

  it('without tools, asks OpenAI natively (a json_schema response format, as LangChain) and a Parser reads the Data, through a real server', async () => {
    const fake = await startFakeOpenAI({ structured: () => ({ name: 'Ada', age: '36' }) });
    servers.push(fake);
    const text = await runFlow(fake, { output_schema: SCHEMA, add_current_date_tool: false }, '{name} is {age}', 'Ada Lovelace, 36 years old');
    expect(text).toBe('Ada is 36');
    // Only the structured output is wired: the agent's plain answer is not computed.
    expect(fake.requests).toHaveLength(1);
    const body = fake.requests[0]!.body;
    expect(body.tools).toBeUndefined();
    expect(body.tool_choice).toBeUndefined();
    expect(body.response_format).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'OutputModel',
        description: '',
        schema: {
          type: 'object',
          properties: { name: { type: 'string', description: 'The person' }, age: { type: 'integer', description: 'In years' } },
          required: ['name', 'age'],
        },
        strict: false,
      },
    });
    expect(body.messages).toEqual([
      { role: 'system', content: INSTRUCTIONS },
      { role: 'user', content: 'Ada Lovelace, 36 years old' },
    ]);
  }, 30_000);

  it('with tools, runs the agent with the schema in its system prompt and takes the JSON out of its answer, through a real server', async () => {
    const fake = await startFakeOpenAI({ respond: () => ({ text: 'Sure! ```json\n{"name": "Bo", "age": 7, "extra": true}\n```' }) });
    servers.push(fake);
    const text = await runFlow(fake, { output_schema: SCHEMA }, '{name} is {age}', 'Bo is seven');
    expect(text).toBe('Bo is 7');
    expect(fake.requests).toHaveLength(1);
    const body = fake.requests[0]!.body;
    expect(systemOf(body)).toEqual({ role: 'system', content: AUGMENTED });
    expect(body.tool_choice).toBeUndefined();
    expect((body.tools as { function: { name: string } }[]).map((t) => t.function.name)).toEqual(['get_current_date']);
  }, 30_000);

  it("answers an answer without JSON as {content, error: 'Try setting an output schema'}, through a real server", async () => {
    const fake = await startFakeOpenAI({ reply: 'I cannot tell {from this' });
    servers.push(fake);
    const text = await runFlow(fake, { output_schema: SCHEMA }, '{content}|{error}', 'who?');
    expect(text).toBe('I cannot tell {from this|Try setting an output schema');
  }, 30_000);

  it('keeps objects that do not fit the schema with their validation error, several as {results}', async () => {
    const fake = await startFakeOpenAI({ reply: '[{"name": "A", "age": "old"}, {"name": "B", "age": "2"}]' });
    servers.push(fake);
    const ctx = testContext({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk' }, wanted: ['structured_response'] });
    const out = await Agent.run({ ...defaults, input_value: 'people', output_schema: SCHEMA }, ctx);
    expect((out.structured_response as Data).data).toEqual({
      results: [
        { data: { name: 'A', age: 'old' }, validation_error: expect.stringMatching(/^1 validation error for OutputModel\nage\n {2}Input should be a valid integer/) },
        { name: 'B', age: 2 },
      ],
    });
    expect(out.response).toBeUndefined();
  });

  it('without Output Schema rows, is the input as {content} and asks no model; a bad schema or model is an error in the Data', async () => {
    const fake = await startFakeOpenAI();
    servers.push(fake);
    const env = { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk' };
    const run = (values: Record<string, unknown>) => Agent.run({ ...defaults, input_value: 'hello', ...values }, testContext({ env, wanted: ['structured_response'] }));
    expect(((await run({})).structured_response as Data).data).toEqual({ content: 'hello' });
    expect(((await run({ output_schema: [{ name: 'x', type: 'date' }] })).structured_response as Data).data).toEqual({ content: '', error: 'Invalid type: date' });
    expect(fake.requests).toHaveLength(0);
    const noModel = await Agent.run({ ...defaults, agent_llm: 'NoSuchProvider', input_value: 'hi', output_schema: SCHEMA }, testContext({ env, wanted: ['structured_response'] }));
    expect((noModel.structured_response as Data).data).toEqual({ content: '', error: expect.stringContaining('NoSuchProvider') });
  });

  it('uses Anthropic tool use natively, and answers a native answer that does not fit with its error', async () => {
    const anthropic = await startFakeAnthropic({ structured: () => ({ name: 'Cy', age: 'many' }) });
    servers.push(anthropic);
    const out = await Agent.run(
      { ...defaults, agent_llm: 'Anthropic', model_name: 'claude-3-5-haiku-latest', input_value: 'Cy', output_schema: SCHEMA, add_current_date_tool: false },
      testContext({ env: { ANTHROPIC_BASE_URL: anthropic.baseURL, ANTHROPIC_API_KEY: 'k' }, wanted: ['structured_response'] }),
    );
    expect((out.structured_response as Data).data).toEqual({ content: '', error: expect.stringMatching(/^1 validation error for OutputModel\nage\n/) });
    expect(anthropic.requests[0]!.body.tool_choice).toEqual({ type: 'tool', name: 'OutputModel' });
  });

  it('gives a connected Ollama model the schema as its format', async () => {
    const ollama = await startFakeOllama({ structured: () => ({ name: 'Di', age: 3 }) });
    servers.push(ollama);
    const model = describeOllama({ base_url: ollama.baseURL, model_name: 'qwen2.5' }, testContext());
    const out = await Agent.run(
      { ...defaults, agent_llm: model, input_value: 'Di is three', output_schema: SCHEMA, add_current_date_tool: false },
      testContext({ wanted: ['structured_response'] }),
    );
    expect((out.structured_response as Data).data).toEqual({ name: 'Di', age: 3 });
    expect(ollama.requests[0]!.body.format).toEqual({
      type: 'object',
      properties: { name: { type: 'string', description: 'The person' }, age: { type: 'integer', description: 'In years' } },
      required: ['name', 'age'],
    });
  });

  it('answers a native answer that is not JSON as {content: "", error}', async () => {
    const fake = await startFakeOpenAI({ respond: () => ({ text: 'Ada, 36' }) });
    servers.push(fake);
    const out = await Agent.run(
      { ...defaults, input_value: 'Ada', output_schema: SCHEMA, add_current_date_tool: false },
      testContext({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk' }, wanted: ['structured_response'] }),
    );
    expect((out.structured_response as Data).data).toEqual({ content: '', error: expect.stringContaining('not valid JSON') });
  });

  it("fails the node on the provider's own error, as Langflow lets it through", async () => {
    const fake = await startFakeOpenAI({ error: { status: 500, message: 'upstream down' } });
    servers.push(fake);
    const run = Agent.run(
      { ...defaults, input_value: 'x', output_schema: SCHEMA, add_current_date_tool: false },
      testContext({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk' }, wanted: ['structured_response'] }),
    );
    await expect(run).rejects.toThrow(/upstream down/);
  });
});
