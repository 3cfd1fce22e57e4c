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

/** Langflow's LCModelComponent base inputs, first on every model component: Input, System Message, Stream. */
export const LC_BASE_FIELDS: FieldSpec[] = [INPUT_FIELD, { ...SYSTEM_MESSAGE_FIELD, info: 'System message to pass to the model.' }, STREAM_FIELD];

/** A provider's `api_key` field: Langflow's name and label; empty, the key comes from the provider's Credential variable. */
export function apiKeyField(display_name: string, variable: string, info: string, extra: Partial<FieldSpec> = {}): FieldSpec {
  return { name: 'api_key', display_name, kind: 'secret', load_from_db: true, default: '', info: `${info} Empty: the ${variable} global or environment variable.`, ...extra };
}

/** A base URL field that sends the key (no tweak moves it while the key comes from a variable); its default is Langflow's. */
export function baseUrlField(name: string, display_name: string, url: string, info: string, extra: Partial<FieldSpec> = {}): FieldSpec {
  return {
    name,
    display_name,
    kind: 'str',
    default: url,
    sends_secret: 'api_key',
    info: `${info} Left at its default: the provider's base URL of Settings → Model Providers, else its *_BASE_URL environment variable.`,
    ...extra,
  };
}

/** A slider or float temperature with Langflow's default and range. */
export function temperatureSlider(value: number, max: number, extra: Partial<FieldSpec> = {}): FieldSpec {
  return { name: 'temperature', display_name: 'Temperature', kind: 'slider', default: value, range: { min: 0, max, step: 0.01 }, advanced: true, ...extra };
}

export const SEED_FIELD: FieldSpec = { name: 'seed', display_name: 'Seed', kind: 'int', default: 1, advanced: true, info: 'The seed controls the reproducibility of the job.' };

export function maxTokensField(display_name = 'Max Tokens', info = 'The maximum number of tokens to generate. Set to 0 for unlimited tokens.'): FieldSpec {
  return { name: 'max_tokens', display_name, kind: 'int', default: 0, advanced: true, info };
}

export const MODEL_KWARGS_FIELD: FieldSpec = { name: 'model_kwargs', display_name: 'Model Kwargs', kind: 'dict', default: {}, advanced: true, info: 'Additional keyword arguments to pass to the model.' };

export const JSON_MODE_FIELD: FieldSpec = { name: 'json_mode', display_name: 'JSON Mode', kind: 'bool', default: false, advanced: true, info: 'If True, it will output JSON regardless of passing a schema.' };
