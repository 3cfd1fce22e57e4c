/**
 * Langflow's "Agent": a model that calls tools (Calculator, URL, API Request, Run Flow, any
 * component in tool mode) through the provider's tool-calling API until it can answer. It remembers
 * the session's earlier messages; each tool call is a run event and a step of the answer. Its
 * Structured Response asks for JSON matching the Output Schema table (see lib/agent-structured.ts).
 */
import { isMessage } from '../../shared/message.js';
import { asBoolean, asInteger, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { isLanguageModel, type LanguageModelDescriptor } from '../engine/language-model.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';
import { isTool, toolName, type Tool } from '../engine/tool.js';
import { describeLanguageModel, LANGFLOW_MODEL_FIELD, LANGUAGE_MODEL_NAMES, PROVIDERS } from './language-model.js';
import { runAgentLoop } from './lib/agent-loop.js';
import { structuredResponse } from './lib/agent-structured.js';
import { makeTool } from './lib/tools.js';
import { chatClient, type ChatMessage } from './models/chat-client.js';
import { compatibleClassName } from './models/openai-compatible.js';
import { DEFAULT_FORMAT_INSTRUCTIONS } from './structured-output.js';
import { errorMessage } from '../../shared/errors.js';
import { makeData } from '../../shared/data.js';
import { currentDateText } from './lib/current-date.js';

const DEFAULT_INSTRUCTIONS = 'You are a helpful assistant that can use tools to answer questions and perform tasks.';

export default defineComponent({
  type: 'Agent',
  display_name: 'Agent',
  description: 'Define the agent\'s instructions, then enter a task to complete using tools.',
  category: 'Agents',
  icon: 'bot',
  fields: [
    {
      name: 'agent_llm',
      display_name: 'Model Provider',
      kind: 'dropdown',
      options: [...PROVIDERS],
      default: '',
      input_types: ['LanguageModel'],
      info: 'The provider of the agent\'s model, or connect a model component\'s Language Model output. Empty (with an empty Model Name): the default model of Settings → Model Providers.',
    },
    { name: 'model_name', display_name: 'Model Name', kind: 'dropdown', options: LANGUAGE_MODEL_NAMES, combobox: true, default: '' },
    {
      name: 'api_key',
      display_name: 'API Key',
      kind: 'secret',
      load_from_db: true,
      default: '',
      info: "The provider's API key. Empty: the provider's global or environment variable (OPENAI_API_KEY, ANTHROPIC_API_KEY, GOOGLE_API_KEY).",
    },
    { name: 'openai_api_base', display_name: 'API Base URL', kind: 'str', default: '', advanced: true, sends_secret: 'api_key', info: 'Endpoint of the provider API. Empty: the provider\'s own (or its *_BASE_URL variable).' },
    { name: 'temperature', display_name: 'Temperature', kind: 'slider', default: 0.1, range: { min: 0, max: 1, step: 0.01 }, advanced: true },
    {
      name: 'system_prompt',
      display_name: 'Agent Instructions',
      kind: 'multiline',
      default: DEFAULT_INSTRUCTIONS,
      input_types: ['Message'],
      info: 'System prompt: initial instructions and context provided to guide the agent\'s behavior. Supports dynamic placeholders: {current_date}, {model_name}.',
    },
    { name: 'tools', display_name: 'Tools', kind: 'str', list: true, input_types: ['Tool'], info: 'These are the tools that the agent can use to help with tasks.' },
    { name: 'input_value', display_name: 'Input', kind: 'multiline', default: '', input_types: ['Message'], info: 'The input provided by the user for the agent to process.' },
    { name: 'n_messages', display_name: 'Number of Chat History Messages', kind: 'int', default: 100, advanced: true, info: 'Earlier messages of the session given to the agent.' },
    { name: 'max_iterations', display_name: 'Max Iterations', kind: 'int', default: 15, advanced: true, info: 'The most model calls the agent makes before giving up.' },
    { name: 'add_current_date_tool', display_name: 'Current Date', kind: 'bool', default: true, advanced: true, info: 'If true, will add a tool to the agent that returns the current date.' },
    {
      name: 'format_instructions',
      display_name: 'Output Format Instructions',
      kind: 'multiline',
      default: DEFAULT_FORMAT_INSTRUCTIONS,
      advanced: true,
      info: 'Generic template for structured output formatting. Valid only with Structured Response.',
    },
    {
      name: 'output_schema',
      display_name: 'Output Schema',
      kind: 'dict',
      default: [],
      advanced: true,
      info: 'The structure of Structured Response: rows of {name, description, type (str, int, float, bool, dict), multiple ("As List")}. No rows: Structured Response is the input, unchecked.',
    },
    LANGFLOW_MODEL_FIELD,
  ],
  outputs: [
    { name: 'response', display_name: 'Response', types: ['Message'] },
    { name: 'structured_response', display_name: 'Structured Response', types: ['Data'] },
  ],

  async run(inputs, ctx) {
    return {
      ...(ctx.wants('response') ? { response: await messageResponse(inputs, ctx) } : {}),
      ...(ctx.wants('structured_response') ? { structured_response: await jsonResponse(inputs, ctx) } : {}),
    };
  },
});

/** Langflow's `message_response`: the agent's answer as a message, its tool calls as steps. */
async function messageResponse(inputs: FieldValues, ctx: RunContext) {
  const model = await agentModel(inputs, ctx);
  // As Langflow's run_agent: an empty input (an agent driven by its instructions alone) asks the model to go on.
  const given = await resolveText(inputs.input_value);
  const input = given.trim() === '' ? 'Continue the conversation.' : given;
  const answer = await runAgent(inputs, ctx, model, input, await instructions(inputs, model));
  const response = buildMessage(ctx, { text: answer.text, sender: 'Machine', sender_name: 'AI', source: nodeSource(ctx, model.model) });
  if (answer.steps.length > 0) response.properties.content_blocks = [{ title: 'Agent Steps', contents: answer.steps.map((s) => ({ type: 'tool_use', ...s })) }];
  return response;
}

/**
 * Langflow's `json_response`: the model first (a model that cannot be set up is answered as
 * `{content: "", error}`), then the structured answer; the agent's run for it sends no message.
 */
async function jsonResponse(inputs: FieldValues, ctx: RunContext) {
  let model: LanguageModelDescriptor;
  try {
    model = await agentModel(inputs, ctx);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return makeData({ content: '', error: errorMessage(error) });
  }
  const input = await resolveText(inputs.input_value);
  const system = await instructions(inputs, model);
  return structuredResponse({
    outputSchema: inputs.output_schema,
    system,
    formatInstructions: await resolveText(inputs.format_instructions),
    input,
    hasTools: agentTools(inputs).length > 0,
    native: async (responseSchema) => {
      const reply = await chatClient(model).complete({ system, messages: [{ role: 'user', content: input }], responseSchema }, ctx.signal);
      return reply.structured;
    },
    runAgent: async (augmented) => (await runAgent(inputs, ctx, model, input, augmented)).text,
  });
}

async function runAgent(inputs: FieldValues, ctx: RunContext, model: LanguageModelDescriptor, input: string, system: string) {
  const maxIterations = asInteger(inputs.max_iterations, 15) ?? 15;
  if (maxIterations < 1) throw new Error(`Max Iterations must be at least 1 (got ${maxIterations})`);
  return runAgentLoop(
    chatClient(model),
    { system, history: await history(inputs.input_value, asInteger(inputs.n_messages, 100) ?? 100, ctx), input, tools: agentTools(inputs), maxIterations },
    ctx,
  );
}

/** A connected model wins; else Langflow 1.7's model selection, else the provider, model and key fields, else the default model of the settings. */
async function agentModel(inputs: FieldValues, ctx: RunContext): Promise<LanguageModelDescriptor> {
  if (isLanguageModel(inputs.agent_llm)) return inputs.agent_llm;
  return describeLanguageModel(
    {
      provider: asString(inputs.agent_llm),
      model_name: inputs.model_name,
      model: inputs.model,
      api_key: inputs.api_key,
      base_url: inputs.openai_api_base,
      temperature: inputs.temperature,
      stream: false,
    },
    ctx,
  );
}

/** The session's earlier turns (the run's own input is not among them: the engine hides it). */
async function history(input: unknown, limit: number, ctx: RunContext): Promise<ChatMessage[]> {
  if (limit <= 0) return [];
  const current = isMessage(input) ? input.id : undefined;
  const messages = await ctx.messages.history({ sessionId: ctx.sessionId, limit });
  return messages
    .filter((m) => m.id !== current && m.text !== '')
    .map((m): ChatMessage => (m.sender === 'User' ? { role: 'user', content: m.text } : { role: 'assistant', content: m.text }));
}

/** The connected tools (names made unique), plus the current-date tool unless turned off. */
function agentTools(inputs: FieldValues): Tool[] {
  const given = (Array.isArray(inputs.tools) ? inputs.tools : [inputs.tools]).flat(2).filter(isTool);
  if (asBoolean(inputs.add_current_date_tool, true)) given.push(currentDateTool());
  const used = new Set<string>();
  return given.map((tool) => {
    let name = toolName(tool.name);
    for (let n = 2; used.has(name); n++) name = `${toolName(tool.name).slice(0, 60)}_${n}`;
    used.add(name);
    return name === tool.name ? tool : { ...tool, name, invoke: tool.invoke };
  });
}

/** Langflow's Current Date component as the agent's tool: its name, description and argument (`timezone`, default UTC). */
function currentDateTool(): Tool {
  return makeTool(
    'get_current_date',
    'Returns the current date and time in the selected timezone.',
    { type: 'object', properties: { timezone: { type: 'string', title: 'Timezone', description: 'Select the timezone for the current date and time.', default: 'UTC' } } },
    (args) => Promise.resolve(currentDateText(typeof args.timezone === 'string' && args.timezone ? args.timezone : 'UTC', new Date())),
  );
}

/**
 * Langflow's `_inject_dynamic_prompt_values`: `{current_date}` (UTC, `2026-12-05 08:30:00 UTC`) and
 * `{model_name}` replaced where they stand; other braces (a JSON example) are left alone.
 */
export function injectPromptValues(prompt: string, modelName: string, now: Date): string {
  if (!prompt) return prompt;
  const date = `${now.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return prompt.replaceAll('{current_date}', date).replaceAll('{model_name}', modelName);
}

/** LangChain's class of a connected model, by its client: what Langflow names for `{model_name}` then. */
const MODEL_CLASSES: Record<string, string> = { openai: 'ChatOpenAI', azure: 'AzureChatOpenAI', anthropic: 'ChatAnthropic', google: 'ChatGoogleGenerativeAIFixed', ollama: 'ChatOllama' };

/**
 * Langflow's `_get_resolved_model_name`: a connected model's class, else the selected model's name
 * (Langflow 1.7's model field, then the older Model Name), else (Flowdesk's default model of the
 * settings) the model the agent runs.
 */
function resolvedModelName(inputs: FieldValues, model: LanguageModelDescriptor): string {
  if (isLanguageModel(inputs.agent_llm)) return compatibleClassName(inputs.agent_llm.label) ?? MODEL_CLASSES[inputs.agent_llm.provider] ?? inputs.agent_llm.model;
  const first: unknown = Array.isArray(inputs.model) ? inputs.model[0] : undefined;
  const selected = typeof first === 'object' && first !== null ? (first as { name?: unknown }).name : undefined;
  if (typeof selected === 'string' && selected) return selected;
  return asString(inputs.model_name) || model.model;
}

/** The Agent Instructions with Langflow's placeholders filled in. */
async function instructions(inputs: FieldValues, model: LanguageModelDescriptor): Promise<string> {
  return injectPromptValues((await resolveText(inputs.system_prompt)) || DEFAULT_INSTRUCTIONS, resolvedModelName(inputs, model), new Date());
}
