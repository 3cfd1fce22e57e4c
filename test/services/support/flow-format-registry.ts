/**
 * A small registry of hand-written components for the flow-format tests, shaped like Flowdesk's
 * built-ins (type keys and field names follow Langflow's), so the importer is tested on its own.
 */
import { templateVariables, type FieldSpec } from '../../../shared/component-spec.js';
import type { ComponentDefinition, FieldValues, Registry } from '../../../server/engine/define-component.js';

const run = async () => ({});

const messageOut = (name: string, display_name = 'Message') => ({ name, display_name, types: ['Message'] });

const chatFields = (sender: string, senderName: string): FieldSpec[] => [
  { name: 'should_store_message', display_name: 'Store Messages', kind: 'bool', default: true, advanced: true },
  { name: 'sender', display_name: 'Sender Type', kind: 'dropdown', options: ['Machine', 'User'], default: sender, advanced: true },
  { name: 'sender_name', display_name: 'Sender Name', kind: 'str', default: senderName, input_types: ['Message'], advanced: true },
  { name: 'session_id', display_name: 'Session ID', kind: 'str', default: '', input_types: ['Message'], advanced: true },
];

export const ChatInput: ComponentDefinition = {
  type: 'ChatInput',
  display_name: 'Chat Input',
  description: 'Get chat inputs from the Playground.',
  category: 'inputs',
  role: 'input',
  fields: [{ name: 'input_value', display_name: 'Text', kind: 'multiline', default: '' }, ...chatFields('User', 'User')],
  outputs: [messageOut('message')],
  run,
};

export const ChatOutput: ComponentDefinition = {
  type: 'ChatOutput',
  display_name: 'Chat Output',
  description: 'Display a chat message in the Playground.',
  category: 'outputs',
  role: 'output',
  fields: [{ name: 'input_value', display_name: 'Text', kind: 'str', input_types: ['Message'], required: true }, ...chatFields('Machine', 'AI')],
  outputs: [messageOut('message')],
  run,
};

export const TextInput: ComponentDefinition = {
  type: 'TextInput',
  display_name: 'Text Input',
  description: 'Get text inputs from the Playground.',
  category: 'inputs',
  role: 'input',
  fields: [{ name: 'input_value', display_name: 'Text', kind: 'multiline', default: '' }],
  outputs: [messageOut('text', 'Text')],
  run,
};

export const TextOutput: ComponentDefinition = {
  type: 'TextOutput',
  display_name: 'Text Output',
  description: 'Display a text output in the Playground.',
  category: 'outputs',
  role: 'output',
  fields: [{ name: 'input_value', display_name: 'Text', kind: 'str', input_types: ['Message'] }],
  outputs: [messageOut('text', 'Text')],
  run,
};

export const Prompt: ComponentDefinition = {
  type: 'Prompt',
  display_name: 'Prompt',
  description: 'Create a prompt template with dynamic variables.',
  category: 'prompts',
  fields: [{ name: 'template', display_name: 'Template', kind: 'prompt', default: '' }],
  outputs: [messageOut('prompt', 'Prompt Message')],
  template_field: 'template',
  dynamicFields: (values: FieldValues): FieldSpec[] =>
    templateVariables(typeof values.template === 'string' ? values.template : '').map((name) => ({
      name,
      display_name: name,
      kind: 'multiline',
      default: '',
      input_types: ['Message'],
      dynamic: true,
    })),
  run,
};

export const OpenAIModel: ComponentDefinition = {
  type: 'OpenAIModel',
  display_name: 'OpenAI',
  description: 'Generates text using OpenAI LLMs.',
  category: 'models',
  // Langflow 1.5+ exports the same model as its generic Language Model component.
  aliases: ['LanguageModelComponent'],
  fields: [
    { name: 'input_value', display_name: 'Input', kind: 'str', input_types: ['Message'] },
    { name: 'system_message', display_name: 'System Message', kind: 'multiline', input_types: ['Message'] },
    { name: 'model_name', display_name: 'Model Name', kind: 'dropdown', options: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini'], default: 'gpt-4o-mini' },
    { name: 'api_key', display_name: 'OpenAI API Key', kind: 'secret', load_from_db: true, required: true },
    { name: 'temperature', display_name: 'Temperature', kind: 'slider', default: 0.1, range: { min: 0, max: 1, step: 0.01 } },
    { name: 'max_tokens', display_name: 'Max Tokens', kind: 'int', advanced: true },
    { name: 'stream', display_name: 'Stream', kind: 'bool', default: false, advanced: true },
  ],
  outputs: [messageOut('text_output'), { name: 'model_output', display_name: 'Language Model', types: ['LanguageModel'] }],
  run,
};

/** Implements the Registry interface over the given definitions (aliases resolve to their component). */
export function testRegistry(defs: ComponentDefinition[] = [ChatInput, ChatOutput, TextInput, TextOutput, Prompt, OpenAIModel]): Registry {
  const byType = new Map<string, ComponentDefinition>();
  for (const def of defs) for (const key of [def.type, ...(def.aliases ?? [])]) byType.set(key, def);
  return {
    get: (type) => byType.get(type),
    all: () => [...defs],
    catalog: () => ({}),
    fieldsFor: (def, values) => [...def.fields, ...(def.dynamicFields?.(values) ?? [])],
  };
}
