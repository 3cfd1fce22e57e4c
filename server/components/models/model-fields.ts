/** Field specs the model components share, with Langflow's names. */
import type { FieldSpec } from '../../../shared/component-spec.js';
import { MODEL_CATALOG } from '../../../shared/model-providers.js';

export const INPUT_FIELD: FieldSpec = { name: 'input_value', display_name: 'Input', kind: 'multiline', default: '', input_types: ['Message'], info: 'The input text to send to the model.' };

export const SYSTEM_MESSAGE_FIELD: FieldSpec = {
  name: 'system_message',
  display_name: 'System Message',
  kind: 'multiline',
  default: '',
  input_types: ['Message'],
  info: 'A system message that helps set the behavior of the assistant.',
};

export const STREAM_FIELD: FieldSpec = { name: 'stream', display_name: 'Stream', kind: 'bool', default: false, advanced: true, info: 'Stream the response token by token.' };

export function temperatureField(max = 2): FieldSpec {
  return { name: 'temperature', display_name: 'Temperature', kind: 'slider', default: 0.1, range: { min: 0, max, step: 0.01 }, info: 'Controls randomness in responses.' };
}

export function timeoutField(seconds: number): FieldSpec {
  return { name: 'timeout', display_name: 'Timeout', kind: 'int', default: seconds, advanced: true, info: 'Seconds to wait for the API.' };
}

export const MODEL_OUTPUTS = [
  { name: 'text_output', display_name: 'Model Response', types: ['Message'] },
  { name: 'model_output', display_name: 'Language Model', types: ['LanguageModel'] },
];

/** `host:port` (as OLLAMA_HOST is often written) or a URL, as a URL without a trailing slash. */
export function normalizeBaseUrl(value: string): string {
  const trimmed = value.trim().replace(/\/+$/, '');
  if (trimmed === '') return trimmed;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
}

export const ANTHROPIC_MODELS = [...MODEL_CATALOG.Anthropic];

export const OLLAMA_MODELS = [...MODEL_CATALOG.Ollama];
