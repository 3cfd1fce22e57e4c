import { afterEach, describe, expect, it } from 'vitest';
import Agent, { injectPromptValues } from '../../server/components/agent.js';
import { currentDateText } from '../../server/components/lib/current-date.js';
import Calculator from '../../server/components/calculator.js';
import { describeOllama } from '../../server/components/ollama-model.js';
import type { Tool } from '../../server/engine/tool.js';
import type { Message } from '../../shared/message.js';
import type { RunEvent } from '../../shared/run-events.js';
import { anthropicKey, startFakeAnthropic } from '../support/fake-anthropic.js';
import { startFakeOllama } from '../support/fake-ollama.js';
import { startFakeOpenAI, type FakeTurn } from '../support/fake-openai.js';
import { testContext } from '../engine/support.js';

const defaults = Object.fromEntries(Agent.fields.map((f) => [f.name, f.default]));
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const calculator = async () => (await Calculator.run({}, testContext({ wanted: ['component_as_tool'] }))).component_as_tool as Tool;

/** A model that asks for the calculator once, then answers with what the tool said. */
function calculatingModel(body: Record<string, unknown>): FakeTurn {
  const messages = body.messages as { role: string; content: unknown }[];
  const last = messages.at(-1)!;
  const toolResult = last.role === 'tool' ? String(last.content) : Array.isArray(last.content) ? String((last.content[0] as { content?: unknown }).content ?? '') : undefined;
  if (toolResult !== undefined) return { text: `The answer is ${toolResult}.` };
  return { toolCalls: [{ name: 'evaluate_expression', arguments: { expression: '6*7' } }] };
}

describe('Agent', () => {
  it('calls a tool through OpenAI tool calling, feeds the result back and answers, emitting each call', async () => {
    const fake = await startFakeOpenAI({ respond: calculatingModel });
    servers.push(fake);
    const ctx = testContext({ nodeId: 'Agent-abcde', env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-agent' } });
    const out = await Agent.run({ ...defaults, input_value: 'What is 6 times 7?', tools: [await calculator()], add_current_date_tool: false }, ctx);
    const response = out.response as Message;
    expect(response.text).toBe('The answer is 42.');
    expect(response.properties.content_blocks).toEqual([
      { title: 'Agent Steps', contents: [expect.objectContaining({ type: 'tool_use', tool: 'evaluate_expression', input: { expression: '6*7' }, output: '42', error: false })] },
    ]);
    const toolEvents = ctx.events.filter((e: RunEvent) => e.type === 'tool_call' || e.type === 'tool_result');
    expect(toolEvents).toMatchObject([
      { type: 'tool_call', nodeId: 'Agent-abcde', tool: 'evaluate_expression', input: { expression: '6*7' } },
      { type: 'tool_result', nodeId: 'Agent-abcde', tool: 'evaluate_expression', output: '42', error: false },
    ]);
    const [first, second] = fake.requests;
    expect(first?.body.tools).toEqual([
      expect.objectContaining({ type: 'function', function: expect.objectContaining({ name: 'evaluate_expression', parameters: expect.objectContaining({ required: ['expression'] }) }) }),
    ]);
    expect((first?.body.messages as unknown[])[0]).toEqual({ role: 'system', content: 'You are a helpful assistant that can use tools to answer questions and perform tasks.' });
    expect((second?.body.messages as { role: string }[]).map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
  });

  it('works the same with Anthropic tool use and Ollama tool calls', async () => {
    const anthropic = await startFakeAnthropic({ respond: calculatingModel });
    servers.push(anthropic);
    const viaAnthropic = await Agent.run(
      { ...defaults, agent_llm: 'Anthropic', model_name: 'claude-3-5-haiku-latest', input_value: '6*7?', tools: [await calculator()], add_current_date_tool: false },
      testContext({ env: { ANTHROPIC_BASE_URL: anthropic.baseURL, ANTHROPIC_API_KEY: 'k' } }),
    );
    expect((viaAnthropic.response as Message).text).toBe('The answer is 42.');
    expect((anthropic.requests[1]?.body.messages as { role: string }[]).map((m) => m.role)).toEqual(['user', 'assistant', 'user']);

    // A Langflow 1.7 export keeps the choice in `model`: an Agent set to Anthropic calls Anthropic.
    const before = anthropic.requests.length;
    const picked = await Agent.run(
      { ...defaults, model: [{ provider: 'Anthropic', name: 'claude-opus-4-5-20251101', category: 'Anthropic' }], input_value: '6*7?', tools: [await calculator()], add_current_date_tool: false },
      testContext({ env: { ANTHROPIC_BASE_URL: anthropic.baseURL, ANTHROPIC_API_KEY: 'k', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: 'sk-unused' } }),
    );
    expect((picked.response as Message).text).toBe('The answer is 42.');
    expect(anthropic.requests.slice(before).map((r) => r.body.model)).toEqual(['claude-opus-4-5-20251101', 'claude-opus-4-5-20251101']);

    const ollama = await startFakeOllama({ respond: calculatingModel });
    servers.push(ollama);
    const model = describeOllama({ base_url: ollama.baseURL, model_name: 'qwen2.5' }, testContext());
    const viaOllama = await Agent.run({ ...defaults, agent_llm: model, input_value: '6*7?', tools: [[await calculator()]] }, testContext());
    expect((viaOllama.response as Message).text).toBe('The answer is 42.');
    expect((ollama.requests[0]?.body.tools as { function: { name: string } }[]).map((t) => t.function.name)).toEqual(['evaluate_expression', 'get_current_date']);
  });

  it("gives the model the session's earlier turns", async () => {
    const fake = await startFakeOpenAI({ reply: 'You said hello.' });
    servers.push(fake);
    const earlier = (text: string, sender: string, id: string): Message => ({
      id, text, sender, sender_name: sender, session_id: 'session-1', flow_id: 'f', timestamp: 't', files: [], error: false, properties: { source: { id: null, display_name: null, source: null } },
    });
    const ctx = testContext({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'k' }, history: [earlier('hello', 'User', 'a'), earlier('hi!', 'Machine', 'b')] });
    await Agent.run({ ...defaults, input_value: 'what did I say?', add_current_date_tool: false }, ctx);
    expect((fake.requests[0]?.body.messages as { role: string; content: string }[]).slice(1)).toEqual([
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: 'hi!' },
      { role: 'user', content: 'what did I say?' },
    ]);
  });

  it('reports a failing or unknown tool to the model and stops after Max Iterations', async () => {
    const fake = await startFakeOpenAI({ respond: () => ({ toolCalls: [{ name: 'evaluate_expression', arguments: { expression: '1/' } }, { name: 'nope', arguments: {} }] }) });
    servers.push(fake);
    const ctx = testContext({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'k' } });
    await expect(Agent.run({ ...defaults, input_value: 'loop', tools: [await calculator()], max_iterations: 2 }, ctx)).rejects.toThrow(
      'The agent gave no final answer within 2 model calls',
    );
    expect(fake.requests).toHaveLength(2);
    const results = ctx.events.filter((e) => e.type === 'tool_result') as Extract<RunEvent, { type: 'tool_result' }>[];
    expect(results[0]).toMatchObject({ error: true, output: 'Error: Unexpected end of expression' });
    expect(results[1]).toMatchObject({ error: true, output: expect.stringContaining('Unknown tool "nope"') });
  });

  it("with model: [] uses the settings' default model and its provider's key, whatever other keys exist", async () => {
    const openai = await startFakeOpenAI({ reply: 'from openai' });
    const anthropic = await startFakeAnthropic({ reply: 'from anthropic' });
    servers.push(openai, anthropic);
    const ctx = testContext({
      env: { OPENAI_BASE_URL: openai.baseURL, OPENAI_API_KEY: 'sk-openai' },
      variables: { get: async (name) => (name === 'ANTHROPIC_API_KEY' ? 'sk-ant-variable' : undefined) },
      models: {
        providers: { Anthropic: { base_url: anthropic.baseURL, enabled_models: [], disabled_models: [] } },
        default_language_model: { provider: 'Anthropic', model_name: 'claude-3-5-haiku-latest', model_type: 'language' },
        default_embedding_model: null,
      },
    });
    const out = await Agent.run({ ...defaults, model: [], input_value: 'hi', add_current_date_tool: false }, ctx);
    expect((out.response as Message).text).toBe('from anthropic');
    expect(anthropic.requests[0]?.body.model).toBe('claude-3-5-haiku-latest');
    expect(anthropicKey(anthropic.requests[0]?.headers)).toBe('sk-ant-variable');
    expect(openai.requests).toEqual([]);
  });

  it("asks the model to go on when it has no input, as Langflow's run_agent does", async () => {
    const fake = await startFakeOpenAI({ reply: 'Going on.' });
    servers.push(fake);
    const out = await Agent.run({ ...defaults, input_value: '  ', system_prompt: 'Summarise the news.', add_current_date_tool: false }, testContext({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'k' } }));
    expect((out.response as Message).text).toBe('Going on.');
    expect(fake.requests[0]?.body.messages).toEqual([
      { role: 'system', content: 'Summarise the news.' },
      { role: 'user', content: 'Continue the conversation.' },
    ]);
  });

  it('fails clearly without a key', async () => {
    await expect(Agent.run({ ...defaults, input_value: 'hi', agent_llm: 'OpenAI' }, testContext())).rejects.toThrow('No OpenAI API key');
    // No model named, no default model, no provider with a key: says how to set one.
    await expect(Agent.run({ ...defaults, input_value: 'hi' }, testContext())).rejects.toThrow(/no default model set.*POST \/api\/v1\/models\/default_model/);
  });

  describe("Langflow's Current Date tool and prompt placeholders", () => {
    /** A model that asks for the date (with the arguments given), then answers with what the tool said. */
    const askingDate = (args: Record<string, unknown>) => (body: Record<string, unknown>): FakeTurn => {
      const last = (body.messages as { role: string; content: unknown }[]).at(-1)!;
      if (last.role === 'tool') return { text: `Tool said: ${String(last.content)}` };
      return { toolCalls: [{ name: 'get_current_date', arguments: args }] };
    };

    it('gives the agent get_current_date by default, with the description, argument and answer of Langflow', async () => {
      const fake = await startFakeOpenAI({ respond: askingDate({}) });
      servers.push(fake);
      const before = Date.now();
      const out = await Agent.run({ ...defaults, input_value: 'What day is it?' }, testContext({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'k' } }));
      expect(fake.requests[0]?.body.tools).toEqual([
        {
          type: 'function',
          function: expect.objectContaining({
            name: 'get_current_date',
            description: 'Returns the current date and time in the selected timezone.',
            parameters: expect.objectContaining({ type: 'object', properties: { timezone: expect.objectContaining({ type: 'string', description: 'Select the timezone for the current date and time.', default: 'UTC' }) } }) as unknown,
          }) as unknown,
        },
      ]);
      const text = (out.response as Message).text;
      const match = /^Tool said: Current date and time in UTC: (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) UTC$/.exec(text);
      expect(match, text).not.toBeNull();
      const told = Date.parse(`${match![1]}T${match![2]}Z`);
      expect(told).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(told).toBeLessThanOrEqual(Date.now());
    });

    it('answers in the time zone asked, and an unknown zone as the error text Langflow gives', async () => {
      const fake = await startFakeOpenAI({ respond: askingDate({ timezone: 'Mars/Olympus' }) });
      servers.push(fake);
      const out = await Agent.run({ ...defaults, input_value: 'time on Mars?' }, testContext({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'k' } }));
      expect((out.response as Message).text).toBe("Tool said: Error: 'No time zone found with key Mars/Olympus'");
      const at = new Date('2026-01-15T12:34:56Z');
      expect(currentDateText('Europe/Paris', at)).toBe('Current date and time in Europe/Paris: 2026-01-15 13:34:56 CET');
      expect(currentDateText('America/New_York', at)).toBe('Current date and time in America/New_York: 2026-01-15 07:34:56 EST');
      expect(currentDateText('UTC', new Date('2026-07-01T00:00:05Z'))).toBe('Current date and time in UTC: 2026-07-01 00:00:05 UTC');
    });

    it('leaves the tool out when Current Date is off', async () => {
      const fake = await startFakeOpenAI({ reply: 'no tools' });
      servers.push(fake);
      await Agent.run({ ...defaults, input_value: 'hi', add_current_date_tool: false }, testContext({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'k' } }));
      expect(fake.requests[0]?.body).not.toHaveProperty('tools');
    });

    it('fills {current_date} and {model_name} in the instructions, leaving other braces alone', async () => {
      const fake = await startFakeOpenAI({ reply: 'ok' });
      servers.push(fake);
      const system_prompt = 'Today is {current_date}. You are powered by {model_name}. Answer as {"answer": 1}; {other} stays.';
      const before = Date.now();
      await Agent.run(
        { ...defaults, agent_llm: 'OpenAI', model_name: 'gpt-4o-mini', system_prompt, input_value: 'hi', add_current_date_tool: false },
        testContext({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'k' } }),
      );
      const system = (fake.requests[0]?.body.messages as { role: string; content: string }[])[0]!;
      const match = /^Today is (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC\. You are powered by gpt-4o-mini\. Answer as \{"answer": 1\}; \{other\} stays\.$/.exec(system.content);
      expect(match, system.content).not.toBeNull();
      expect(Date.parse(`${match![1]!.replace(' ', 'T')}Z`)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);

      // Langflow 1.7's model selection names the model; a connected model is named by its LangChain class.
      await Agent.run(
        { ...defaults, model: [{ provider: 'OpenAI', name: 'gpt-4.1', category: 'OpenAI' }], system_prompt: 'I am {model_name}', input_value: 'hi', add_current_date_tool: false },
        testContext({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'k' } }),
      );
      expect((fake.requests[1]?.body.messages as { content: string }[])[0]!.content).toBe('I am gpt-4.1');
      expect(injectPromptValues('{current_date}|{current_date}', 'm', new Date('2026-12-05T08:30:00.999Z'))).toBe('2026-12-05 08:30:00 UTC|2026-12-05 08:30:00 UTC');
    });

    it('fills them in the Structured Response prompt too', async () => {
      const fake = await startFakeOpenAI({ reply: '{"a": 1}' });
      servers.push(fake);
      await Agent.run(
        { ...defaults, agent_llm: 'OpenAI', model_name: 'gpt-4o-mini', system_prompt: 'Model {model_name}.', input_value: 'hi', add_current_date_tool: false, output_schema: [{ name: 'a', description: 'a number', type: 'int', multiple: 'False' }] },
        testContext({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'k' }, wanted: ['structured_response'] }),
      );
      expect((fake.requests[0]?.body.messages as { content: string }[])[0]!.content).toMatch(/^Model gpt-4o-mini\./);
    });
  });
});
