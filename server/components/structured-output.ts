/**
 * Langflow's "Structured Output" (`StructuredOutput`): the model's answer forced into the JSON
 * schema the Output Schema table describes, by the provider's own means (a forced tool call for
 * OpenAI and Anthropic, as Langflow's trustcall extractor makes; a JSON-schema `format` for
 * Ollama). The answer is `{objects: [...]}`; Structured Output is the one object as Data (several:
 * `{results: [...]}`), the DataFrame output one row per object.
 */
import { makeData } from '../../shared/data.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { isLanguageModel, type LanguageModelDescriptor } from '../engine/language-model.js';
import { resolveText } from '../engine/resolve-text.js';
import { answerSchema, checkAnswer, outputFields } from './lib/structured-schema.js';
import { selectedModel } from './language-model.js';
import { chatClient } from './models/chat-client.js';

export const DEFAULT_FORMAT_INSTRUCTIONS =
  'You are an AI that extracts structured JSON objects from unstructured text. ' +
  'Use a predefined schema with expected types (str, int, float, bool, dict). ' +
  'Extract ALL relevant instances that match the schema - if multiple patterns exist, capture them all. ' +
  'Fill missing or ambiguous values with defaults: null for missing values. ' +
  'Remove exact duplicates but keep variations that have different field values. ' +
  'Always return valid JSON in the expected format, never throw errors. ' +
  'If multiple objects can be extracted, return them all in the structured format.';

export default defineComponent({
  type: 'StructuredOutput',
  display_name: 'Structured Output',
  description: 'Uses an LLM to generate structured data. Ideal for extraction and consistency.',
  category: 'Processing',
  icon: 'braces',
  fields: [
    {
      name: 'model',
      display_name: 'Language Model',
      kind: 'dict',
      default: [],
      input_types: ['LanguageModel'],
      info:
        'Langflow\'s model selection ([{"name": …, "provider": "OpenAI" | "Anthropic" | "Ollama"}]), or connect a model component\'s Language Model output. ' +
        'Empty: the default model of Settings → Model Providers, as for the Language Model component.',
    },
    {
      name: 'api_key',
      display_name: 'API Key',
      kind: 'secret',
      load_from_db: true,
      default: '',
      advanced: true,
      info: 'Model provider API key (for Ollama, as in Langflow, its base URL). Empty: OPENAI_API_KEY or ANTHROPIC_API_KEY.',
    },
    { name: 'input_value', display_name: 'Input Message', kind: 'multiline', default: '', input_types: ['Message'], required: true, info: 'The input message to the language model.' },
    {
      name: 'system_prompt',
      display_name: 'Format Instructions',
      kind: 'multiline',
      default: DEFAULT_FORMAT_INSTRUCTIONS,
      input_types: ['Message'],
      required: true,
      advanced: true,
      info: 'The instructions to the language model for formatting the output.',
    },
    { name: 'schema_name', display_name: 'Schema Name', kind: 'str', default: '', input_types: ['Message'], advanced: true, info: 'Provide a name for the output data schema.' },
    {
      name: 'output_schema',
      display_name: 'Output Schema',
      kind: 'dict',
      default: [{ name: 'field', description: 'description of field', type: 'str', multiple: 'False' }],
      required: true,
      info: 'Define the structure and data types for the model\'s output: rows of {name, description, type (str, int, float, bool, dict, list), multiple ("As List")}.',
    },
    {
      name: 'llm',
      display_name: 'Language Model (older Langflow)',
      kind: 'str',
      default: '',
      input_types: ['LanguageModel'],
      advanced: true,
      info: 'Where older Langflow versions connected the model (a handle named llm). A model connected here is used when Language Model is not connected.',
    },
  ],
  outputs: [
    { name: 'structured_output', display_name: 'Structured Output', types: ['Data'] },
    { name: 'dataframe_output', display_name: 'Structured Output', types: ['DataFrame'] },
  ],

  async run(inputs, ctx) {
    const objects = await structuredObjects(inputs, ctx);
    return {
      structured_output: makeData(objects.length === 1 ? (objects[0] as Record<string, unknown>) : { results: objects }),
      dataframe_output: objects.map((object) => makeData(object)),
    };
  },
});

async function structuredObjects(inputs: FieldValues, ctx: RunContext): Promise<Record<string, unknown>[]> {
  const schemaName = (await resolveText(inputs.schema_name)).trim() || 'OutputModel';
  // Langflow's order: the model (selection, key) first, then the schema.
  const model = await structuredModel(inputs, ctx);
  const fields = outputFields(inputs.output_schema);
  const [system, input] = await Promise.all([resolveText(inputs.system_prompt), resolveText(inputs.input_value)]);
  if (!system && !input) {
    // Langflow's words: its extractor fails on the empty message, then its fallback does.
    throw new Error('Model does not support tool calling (trustcall failed) and fallback with_structured_output also failed: The message you want to send to the model is empty.');
  }
  const reply = await chatClient(model).complete(
    {
      system,
      messages: input ? [{ role: 'user', content: input }] : [],
      responseSchema: { name: schemaName, description: `A list of ${schemaName}.`, schema: answerSchema(fields, schemaName) },
    },
    ctx.signal,
  );
  const objects = checkAnswer(reply.structured, fields);
  if (objects.length === 0) throw new Error('No structured output returned');
  return objects;
}

/**
 * A connected model (Language Model, or the older `llm` port) as it is; else the selection in the
 * `model` field with the API key field, as Langflow's `get_llm` builds it: no temperature, no
 * streaming, and for Ollama the API key field taken as the base URL.
 */
async function structuredModel(inputs: FieldValues, ctx: RunContext): Promise<LanguageModelDescriptor> {
  const model = await selectedModel(inputs, ctx, [inputs.model, inputs.llm].find(isLanguageModel));
  return { ...model, temperature: undefined, seed: undefined };
}
