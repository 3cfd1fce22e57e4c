/**
 * OpenAI chat completions (or any OpenAI-compatible endpoint). With `stream` on, the answer is a
 * TextStream that fills while the model is still writing.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { CancelledError, errorMessage } from '../../shared/errors.js';
import { asBoolean, asInteger, asNumber, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import type { LanguageModelDescriptor } from '../engine/language-model.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';
import { Secret } from '../engine/secret.js';
import { TextStream } from '../engine/text-stream.js';

const MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-4-turbo', 'gpt-3.5-turbo', 'o1', 'o3-mini', 'o4-mini'];
const DEFAULT_TIMEOUT_SECONDS = 700;

export default defineComponent({
  type: 'OpenAIModel',
  display_name: 'OpenAI',
  description: 'Generates text using OpenAI LLMs.',
  category: 'Models',
  icon: 'OpenAI',
  fields: [
    { name: 'input_value', display_name: 'Input', kind: 'multiline', default: '', input_types: ['Message'] },
    {
      name: 'system_message',
      display_name: 'System Message',
      kind: 'multiline',
      default: '',
      input_types: ['Message'],
      info: 'System message to pass to the model.',
    },
    { name: 'model_name', display_name: 'Model Name', kind: 'dropdown', options: MODELS, combobox: true, default: 'gpt-4o-mini' },
    {
      name: 'api_key',
      display_name: 'OpenAI API Key',
      kind: 'secret',
      load_from_db: true,
      default: '',
      info: 'The OpenAI API key. Empty: the OPENAI_API_KEY environment variable.',
    },
    {
      name: 'openai_api_base',
      display_name: 'OpenAI API Base',
      kind: 'str',
      default: '',
      advanced: true,
      info: 'Base URL of the API. Empty: OPENAI_BASE_URL, else https://api.openai.com/v1. Any OpenAI-compatible API works.',
    },
    { name: 'temperature', display_name: 'Temperature', kind: 'slider', default: 0.1, range: { min: 0, max: 2, step: 0.01 } },
    {
      name: 'max_tokens',
      display_name: 'Max Tokens',
      kind: 'int',
      default: 0,
      advanced: true,
      info: 'The maximum number of tokens to generate. 0: no limit.',
    },
    { name: 'seed', display_name: 'Seed', kind: 'int', default: 1, advanced: true, info: 'The seed controls the reproducibility of the job.' },
    { name: 'timeout', display_name: 'Timeout', kind: 'int', default: DEFAULT_TIMEOUT_SECONDS, advanced: true, info: 'Seconds to wait for the API.' },
    { name: 'stream', display_name: 'Stream', kind: 'bool', default: false, advanced: true, info: 'Stream the response token by token.' },
  ],
  outputs: [
    { name: 'text_output', display_name: 'Model Response', types: ['Message'] },
    { name: 'model_output', display_name: 'Language Model', types: ['LanguageModel'] },
  ],

  async run(inputs, ctx) {
    const model = describeModel(inputs, ctx);
    const messages = await chatMessages(inputs);
    const client = new OpenAI({
      apiKey: model.client.apiKey.reveal(),
      baseURL: model.client.baseURL,
      timeout: model.client.timeoutMs,
      maxRetries: 0,
    });
    const request = {
      model: model.model,
      messages,
      ...(model.temperature === undefined ? {} : { temperature: model.temperature }),
      ...(model.seed === undefined ? {} : { seed: model.seed }),
      ...(model.maxTokens === undefined ? {} : { max_tokens: model.maxTokens }),
    };
    const source = nodeSource(ctx, model.model);

    if (!model.stream) {
      const completion = await provider(model, () => client.chat.completions.create({ ...request, stream: false }, { signal: ctx.signal }));
      const text = completion.choices[0]?.message.content ?? '';
      return { text_output: buildMessage(ctx, { text, sender: 'Machine', sender_name: 'AI', source }), model_output: model };
    }
    const chunks = await provider(model, () => client.chat.completions.create({ ...request, stream: true }, { signal: ctx.signal }));
    const stream = new TextStream({ source });
    void relay(chunks, stream, model, ctx.signal);
    return { text_output: stream, model_output: model };
  },
});

function describeModel(inputs: FieldValues, ctx: RunContext): LanguageModelDescriptor {
  const apiKey = asString(inputs.api_key) || ctx.env.OPENAI_API_KEY;
  if (!apiKey) throw new Error('No OpenAI API key: set the api_key field, a global variable, or OPENAI_API_KEY');
  const model = asString(inputs.model_name).trim() || 'gpt-4o-mini';
  // Reasoning models refuse sampling parameters.
  const reasoning = /^(o\d|gpt-5)/.test(model);
  const maxTokens = asInteger(inputs.max_tokens, 0) ?? 0;
  const timeoutSeconds = asInteger(inputs.timeout, DEFAULT_TIMEOUT_SECONDS) ?? DEFAULT_TIMEOUT_SECONDS;
  return {
    provider: 'openai',
    model,
    client: {
      apiKey: new Secret(apiKey),
      baseURL: asString(inputs.openai_api_base).trim() || ctx.env.OPENAI_BASE_URL || null,
      timeoutMs: (timeoutSeconds > 0 ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS) * 1000,
    },
    temperature: reasoning ? undefined : asNumber(inputs.temperature, 0.1),
    maxTokens: maxTokens > 0 ? maxTokens : undefined,
    seed: reasoning ? undefined : asInteger(inputs.seed, 1),
    stream: asBoolean(inputs.stream, false),
  };
}

async function chatMessages(inputs: FieldValues): Promise<ChatCompletionMessageParam[]> {
  const [system, user] = await Promise.all([resolveText(inputs.system_message), resolveText(inputs.input_value)]);
  const messages: ChatCompletionMessageParam[] = [];
  if (system) messages.push({ role: 'system', content: system });
  if (user) messages.push({ role: 'user', content: user });
  if (messages.length === 0) throw new Error('The model has no input: give it an Input or a System Message');
  return messages;
}

/** Calls the provider, turning its errors into messages that say what went wrong. */
async function provider<T>(model: LanguageModelDescriptor, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new Error(providerMessage(error, model), { cause: error });
  }
}

/** Copies the provider's chunks into the stream; an abort fails it rather than ending it short. */
async function relay(chunks: AsyncIterable<ChatCompletionChunk>, stream: TextStream, model: LanguageModelDescriptor, signal: AbortSignal) {
  try {
    for await (const chunk of chunks) {
      const delta = chunk.choices[0]?.delta.content;
      if (delta) stream.push(delta);
    }
    if (signal.aborted) stream.fail(new CancelledError());
    else stream.end();
  } catch (error) {
    stream.fail(new Error(providerMessage(error, model), { cause: error }));
  }
}

function providerMessage(error: unknown, model: LanguageModelDescriptor): string {
  const endpoint = model.client.baseURL ?? 'https://api.openai.com/v1';
  if (error instanceof APIConnectionTimeoutError) return `OpenAI request to ${endpoint} timed out`;
  if (error instanceof APIConnectionError) return `Could not reach ${endpoint}: ${rootCause(error)}`;
  if (error instanceof APIError) return `OpenAI API error ${error.message}`;
  return errorMessage(error);
}

/** The innermost cause's message (e.g. `connect ECONNREFUSED 127.0.0.1:9`). */
function rootCause(error: Error): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return errorMessage(current);
}
