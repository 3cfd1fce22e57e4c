import { afterEach, describe, expect, it } from 'vitest';
import StructuredOutput, { DEFAULT_FORMAT_INSTRUCTIONS } from '../../server/components/structured-output.js';
import LanguageModelComponent from '../../server/components/language-model.js';
import { makeData, type Data } from '../../shared/data.js';
import { startFakeAnthropic } from '../support/fake-anthropic.js';
import { startFakeOllama } from '../support/fake-ollama.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import type { FakeModel } from '../support/fake-provider.js';
import { testContext } from '../engine/support.js';

const defaults = Object.fromEntries(StructuredOutput.fields.map((f) => [f.name, f.default]));
const fakes: FakeModel[] = [];
const track = <T extends FakeModel>(fake: T) => (fakes.push(fake), fake);
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

const PERSON = [
  { name: 'name', description: 'Full name', type: 'str', multiple: 'False' },
  { name: 'age', description: 'Age in years', type: 'int', multiple: 'False' },
];
const openaiEnv = (fake: FakeModel) => ({ OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' });
const run = (inputs: Record<string, unknown>, env: Record<string, string> = {}) =>
  StructuredOutput.run({ ...defaults, input_value: 'Ann is 31 and Bob is 40.', ...inputs }, testContext({ env, displayName: 'Structured Output' }));

describe('StructuredOutput', () => {
  it("keeps Langflow's type key, fields, outputs and format instructions", () => {
    expect(StructuredOutput.type).toBe('StructuredOutput');
    expect(StructuredOutput.display_name).toBe('Structured Output');
    expect(StructuredOutput.fields.map((f) => f.name)).toEqual(['model', 'api_key', 'input_value', 'system_prompt', 'schema_name', 'output_schema', 'llm']);
    expect(StructuredOutput.outputs).toEqual([
      { name: 'structured_output', display_name: 'Structured Output', types: ['Data'] },
      { name: 'dataframe_output', display_name: 'Structured Output', types: ['DataFrame'] },
    ]);
    expect(DEFAULT_FORMAT_INSTRUCTIONS).toMatch(/^You are an AI that extracts structured JSON objects from unstructured text\. .* return them all in the structured format\.$/);
  });

  it('makes OpenAI call a tool of the schema Langflow builds, and answers its one object as Data', async () => {
    const fake = track(await startFakeOpenAI({ structured: () => ({ objects: [{ name: 'Ann', age: 31 }] }) }));
    const out = await run({ output_schema: PERSON, model: [{ name: 'gpt-4.1', provider: 'OpenAI' }] }, openaiEnv(fake));
    expect(out.structured_output).toEqual(makeData({ name: 'Ann', age: 31 }));
    expect(out.dataframe_output).toEqual([makeData({ name: 'Ann', age: 31 })]);

    const body = fake.requests[0]!.body;
    expect(body.model).toBe('gpt-4.1');
    expect(body).not.toHaveProperty('temperature');
    expect(body.messages).toEqual([
      { role: 'system', content: DEFAULT_FORMAT_INSTRUCTIONS },
      { role: 'user', content: 'Ann is 31 and Bob is 40.' },
    ]);
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'OutputModel' } });
    expect(body.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'OutputModel',
          description: 'A list of OutputModel.',
          parameters: {
            type: 'object',
            properties: {
              objects: {
                type: 'array',
                description: 'A list of OutputModel.',
                minItems: 1,
                items: {
                  type: 'object',
                  properties: { name: { type: 'string', description: 'Full name' }, age: { type: 'integer', description: 'Age in years' } },
                  required: ['name', 'age'],
                },
              },
            },
            required: ['objects'],
          },
        },
      },
    ]);
  });

  it('answers several objects as {results} Data and as one DataFrame row each', async () => {
    const objects = [{ name: 'Ann', age: 31 }, { name: 'Bob', age: 40 }];
    const fake = track(await startFakeOpenAI({ structured: () => ({ objects }) }));
    const out = await run({ output_schema: PERSON }, openaiEnv(fake));
    expect(out.structured_output).toEqual(makeData({ results: objects }));
    expect((out.dataframe_output as Data[]).map((row) => row.data)).toEqual(objects);
    // An empty model selection is the Language Model component's default.
    expect(fake.requests[0]!.body.model).toBe('gpt-4o-mini');
  });

  it('gives every type its JSON schema, "As List" an array of it, and converts values as pydantic does', async () => {
    const table = [
      { name: 's', description: 'a text', type: 'str', multiple: 'False' },
      { name: 'i', description: 'an int', type: 'int', multiple: false },
      { name: 'f', description: 'a float', type: 'float', multiple: 'false' },
      { name: 'b', description: 'a bool', type: 'bool', multiple: 'no' },
      { name: 'd', description: 'a dict', type: 'dict', multiple: 'False' },
      { name: 'l', description: 'a list', type: 'list', multiple: 'False' },
      { name: 'tags', description: 'some tags', type: 'str', multiple: 'True' },
      { name: 'scores', description: 'some scores', type: 'int', multiple: true },
    ];
    const fake = track(
      await startFakeOpenAI({
        structured: () => ({ objects: [{ s: 'x', i: '7', f: 2, b: 'yes', d: { k: 1 }, l: [1, 'a'], tags: ['a', 'b'], scores: [1, '2'], extra: 'dropped' }] }),
      }),
    );
    const out = await run({ output_schema: table, schema_name: 'Thing' }, openaiEnv(fake));
    expect((out.structured_output as Data).data).toEqual({ s: 'x', i: 7, f: 2, b: true, d: { k: 1 }, l: [1, 'a'], tags: ['a', 'b'], scores: [1, 2] });

    const tool = (fake.requests[0]!.body.tools as any[])[0].function;
    expect(tool.name).toBe('Thing');
    expect(tool.description).toBe('A list of Thing.');
    expect(tool.parameters.properties.objects.items.properties).toEqual({
      s: { type: 'string', description: 'a text' },
      i: { type: 'integer', description: 'an int' },
      f: { type: 'number', description: 'a float' },
      b: { type: 'boolean', description: 'a bool' },
      d: { type: 'object', additionalProperties: true, description: 'a dict' },
      l: { type: 'array', items: {}, description: 'a list' },
      tags: { type: 'array', items: { type: 'string' }, description: 'some tags' },
      scores: { type: 'array', items: { type: 'integer' }, description: 'some scores' },
    });
  });

  it('forces the tool with Anthropic and reads the tool_use input', async () => {
    const fake = track(await startFakeAnthropic({ structured: () => ({ objects: [{ name: 'Ann', age: 31 }] }) }));
    const out = await run(
      { output_schema: PERSON, model: [{ name: 'claude-haiku-4-5-20251001', provider: 'Anthropic' }], api_key: 'sk-ant' },
      { ANTHROPIC_BASE_URL: fake.baseURL },
    );
    expect((out.structured_output as Data).data).toEqual({ name: 'Ann', age: 31 });
    const body = fake.requests[0]!.body;
    expect(body.model).toBe('claude-haiku-4-5-20251001');
    expect(body.system).toBe(DEFAULT_FORMAT_INSTRUCTIONS);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'OutputModel' });
    expect((body.tools as any[])[0]).toMatchObject({ name: 'OutputModel', description: 'A list of OutputModel.', input_schema: { type: 'object', required: ['objects'] } });
  });

  it("gives Ollama the schema as its format and parses the JSON it writes (the API key field is Ollama's URL, as in Langflow)", async () => {
    const fake = track(await startFakeOllama({ structured: () => ({ objects: [{ name: 'Ann', age: 31 }, { name: 'Bob', age: 40 }] }) }));
    const out = await run({ output_schema: PERSON, model: [{ name: 'llama3.3', provider: 'Ollama' }], api_key: fake.baseURL });
    expect((out.dataframe_output as Data[]).map((row) => row.data)).toEqual([{ name: 'Ann', age: 31 }, { name: 'Bob', age: 40 }]);
    const body = fake.requests[0]!.body;
    expect(body.model).toBe('llama3.3');
    expect(body.format).toMatchObject({ type: 'object', required: ['objects'], properties: { objects: { type: 'array', minItems: 1 } } });
    expect(body).not.toHaveProperty('tools');
  });

  it('uses a connected Language Model (the model port, or the older llm port)', async () => {
    const fake = track(await startFakeOpenAI({ structured: () => ({ objects: [{ name: 'Ann', age: 31 }] }) }));
    const ctx = testContext({ env: openaiEnv(fake), wanted: ['model_output'] });
    const lmDefaults = Object.fromEntries(LanguageModelComponent.fields.map((f) => [f.name, f.default]));
    const { model_output } = await LanguageModelComponent.run({ ...lmDefaults, model_name: 'gpt-4.1-mini' }, ctx);
    for (const port of ['model', 'llm']) {
      await run({ output_schema: PERSON, [port]: model_output }, openaiEnv(fake));
      expect(fake.requests.at(-1)!.body.model).toBe('gpt-4.1-mini');
    }
  });

  it('fails clearly when the answer is not JSON, or does not fit the schema', async () => {
    let args: string | Record<string, unknown> = '{"objects": [{"name": "Ann", "age": 3';
    const fake = track(await startFakeOpenAI({ respond: () => ({ toolCalls: [{ name: 'OutputModel', arguments: args }] }) }));
    await expect(run({ output_schema: PERSON }, openaiEnv(fake))).rejects.toThrow(/The model's structured answer is not valid JSON .*"age": 3/);

    args = { objects: [{ name: 'Ann', age: 'thirty' }, { age: 40 }] };
    await expect(run({ output_schema: PERSON }, openaiEnv(fake))).rejects.toThrow(
      'The model\'s answer does not match the output schema: objects.0.age: Input should be a valid integer (got "thirty"); objects.1.name: Field required',
    );
    args = { objects: [] };
    await expect(run({ output_schema: PERSON }, openaiEnv(fake))).rejects.toThrow('objects: List should have at least 1 item after validation, not 0');
    args = { name: 'Ann', age: 31 };
    await expect(run({ output_schema: PERSON }, openaiEnv(fake))).rejects.toThrow('objects: Field required');
  });

  it('fails clearly when Ollama writes prose instead of JSON', async () => {
    const fake = track(await startFakeOllama({ respond: () => ({ text: 'Ann is 31.' }) }));
    await expect(run({ output_schema: PERSON, model: [{ name: 'llama3.3', provider: 'Ollama' }], api_key: fake.baseURL })).rejects.toThrow(
      /^The model's structured answer is not valid JSON \(.*\): Ann is 31\.$/,
    );
  });

  it("refuses an empty schema, an unknown type, an empty message and a model that is no selection with Langflow's words, asking no model", async () => {
    const fake = track(await startFakeOpenAI());
    await expect(run({ output_schema: [] }, openaiEnv(fake))).rejects.toThrow('Output schema cannot be empty');
    await expect(run({ output_schema: [{ name: 'x', description: '', type: 'date', multiple: 'False' }] }, openaiEnv(fake))).rejects.toThrow('Invalid type: date');
    await expect(run({ output_schema: PERSON, input_value: '', system_prompt: '' }, openaiEnv(fake))).rejects.toThrow(
      'Model does not support tool calling (trustcall failed) and fallback with_structured_output also failed: The message you want to send to the model is empty.',
    );
    await expect(run({ output_schema: PERSON, model: 'gpt-4o' }, openaiEnv(fake))).rejects.toThrow(/^A model selection is required: Language Model holds "gpt-4o"/);
    expect(fake.requests).toHaveLength(0);
  });

  it("reports the provider's error", async () => {
    const fake = track(await startFakeOpenAI({ error: { status: 400, message: "Invalid schema for function 'OutputModel'" } }));
    await expect(run({ output_schema: PERSON }, openaiEnv(fake))).rejects.toThrow(/OpenAI API error 400 Invalid schema for function 'OutputModel'/);
  });
});
