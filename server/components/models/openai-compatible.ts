/**
 * The providers whose API is OpenAI's chat completions (Groq, DeepSeek, xAI, OpenRouter, LM Studio,
 * NVIDIA, Mistral, vLLM): one code path, the `openai` client at the provider's base URL with its
 * key (openai-chat.ts). Each component keeps Langflow's own fields and hands their values here.
 *
 * The base URL: the node's field when it names another address than Langflow's default, else the
 * provider's base URL of Settings → Model Providers, else its `*_BASE_URL` environment variable,
 * else the provider's own address. The base URL fields send the key (`sends_secret`), so no tweak
 * moves them while the key comes from a variable or the environment.
 */
import { isPlainObject } from '../../../shared/json.js';
import { PROVIDER_INFO, type ModelProviderName } from '../../../shared/model-providers.js';
import { asBoolean, asInteger, asNumber, asString } from '../../engine/field-values.js';
import type { FieldValues, RunContext } from '../../engine/define-component.js';
import type { LanguageModelDescriptor } from '../../engine/language-model.js';
import { Secret } from '../../engine/secret.js';
import { configuredBaseUrl } from './model-selection.js';
import { normalizeBaseUrl } from './model-fields.js';
import { providerKey, requiredKey } from './run-model.js';

export type CompatibleProvider = 'Groq' | 'DeepSeek' | 'xAI' | 'OpenRouter' | 'LM Studio' | 'NVIDIA' | 'Mistral' | 'vLLM';

interface CompatibleSpec {
  /** Added to the configured base URL for the OpenAI client (Groq's API lives under `/openai/v1`). */
  apiPath?: string;
  /** A local server that needs no key: the client still sends one, this placeholder (the servers' documented convention). */
  keyless?: string;
  /** LangChain's class of Langflow's component, what an Agent's `{model_name}` names for a connected model. */
  className: string;
  /** The API reports a stream's usage by itself and takes no `stream_options` (Mistral). */
  noStreamOptions?: boolean;
}

const SPECS: Readonly<Record<CompatibleProvider, CompatibleSpec>> = {
  Groq: { apiPath: '/openai/v1', className: 'ChatGroq' },
  DeepSeek: { className: 'ChatOpenAI' },
  xAI: { className: 'ChatOpenAI' },
  OpenRouter: { className: 'ChatOpenAI' },
  'LM Studio': { keyless: 'lm-studio', className: 'ChatOpenAI' },
  NVIDIA: { className: 'ChatNVIDIA' },
  Mistral: { className: 'ChatMistralAI', noStreamOptions: true },
  // Langflow's vLLM component accepts http://host:port and adds /v1.
  vLLM: { apiPath: '/v1', keyless: 'EMPTY', className: 'ChatOpenAI' },
};

export const COMPATIBLE_PROVIDERS = Object.keys(SPECS) as CompatibleProvider[];

export function isCompatibleProvider(name: string): name is CompatibleProvider {
  return Object.hasOwn(SPECS, name);
}

/** LangChain's class for a descriptor's label (undefined: not one of these providers). */
export function compatibleClassName(label: string | undefined): string | undefined {
  return label !== undefined && isCompatibleProvider(label) ? SPECS[label].className : undefined;
}

export interface CompatibleRequest {
  apiKey: unknown;
  /** The node's base URL field ('' or the provider's default address: the configuration decides). */
  baseUrl: unknown;
  model: string;
  temperature: number | undefined;
  maxTokens: unknown;
  seed?: number;
  stream: unknown;
  /** Seconds; absent, 0 or negative: 700. */
  timeout?: unknown;
  jsonMode?: unknown;
  /** Langflow's Model Kwargs: more body fields (a plain object; anything else is ignored). */
  modelKwargs?: unknown;
  headers?: Record<string, string>;
}

const DEFAULT_TIMEOUT_SECONDS = 700;

/** The key from the field, else the provider's Credential variable, else its environment variable (a local server's placeholder when none). */
async function compatibleKey(provider: CompatibleProvider, value: unknown, ctx: RunContext): Promise<string> {
  const variable = PROVIDER_INFO[provider].variable_name ?? `${provider.replace(/\W/g, '').toUpperCase()}_API_KEY`;
  const placeholder = SPECS[provider].keyless;
  if (placeholder === undefined) return requiredKey(value, variable, provider, ctx);
  return (await providerKey(value, variable, ctx)) ?? placeholder;
}

/** Where the provider is asked: the field unless it is Langflow's default, else the settings, the environment, the default. */
export function compatibleBaseUrl(provider: ModelProviderName, field: unknown, ctx: RunContext): string {
  const fallback = PROVIDER_INFO[provider].default_base_url;
  const own = normalizeBaseUrl(asString(field));
  return own && own !== fallback ? own : normalizeBaseUrl(configuredBaseUrl(provider, ctx)) || fallback;
}

export async function describeCompatible(provider: CompatibleProvider, request: CompatibleRequest, ctx: RunContext): Promise<LanguageModelDescriptor> {
  if (!request.model.trim()) throw new Error(`No ${provider} model chosen: set the node's Model Name`);
  const apiKey = await compatibleKey(provider, request.apiKey, ctx);
  let baseURL = compatibleBaseUrl(provider, request.baseUrl, ctx);
  const apiPath = SPECS[provider].apiPath;
  if (apiPath && !baseURL.endsWith(apiPath)) baseURL += apiPath;
  const maxTokens = asInteger(request.maxTokens, 0) ?? 0;
  const timeout = asInteger(request.timeout, DEFAULT_TIMEOUT_SECONDS) ?? DEFAULT_TIMEOUT_SECONDS;
  return {
    provider: 'openai',
    label: provider,
    model: request.model.trim(),
    client: {
      apiKey: new Secret(apiKey),
      baseURL,
      timeoutMs: (timeout > 0 ? timeout : DEFAULT_TIMEOUT_SECONDS) * 1000,
      ...(request.headers && Object.keys(request.headers).length > 0 ? { headers: request.headers } : {}),
    },
    temperature: request.temperature,
    maxTokens: maxTokens > 0 ? maxTokens : undefined,
    seed: request.seed,
    stream: asBoolean(request.stream, false),
    extra: {
      ...(asBoolean(request.jsonMode, false) ? { json_mode: true } : {}),
      ...(isPlainObject(request.modelKwargs) && Object.keys(request.modelKwargs).length > 0 ? { body: request.modelKwargs } : {}),
      ...(SPECS[provider].noStreamOptions ? { stream_options: false } : {}),
    },
  };
}

/**
 * The request from Langflow's usual field names (`api_key`, `model_name`, `temperature`,
 * `max_tokens`, `seed`, `stream`, `timeout`, `json_mode`, `model_kwargs`; the base URL field named
 * by the component); a field the component lacks is simply absent.
 */
export function requestFromFields(inputs: FieldValues, baseUrlField: string | null, fallback: { model: string; temperature: number }): CompatibleRequest {
  return {
    apiKey: inputs.api_key,
    baseUrl: baseUrlField === null ? '' : inputs[baseUrlField],
    model: asString(inputs.model_name).trim() || fallback.model,
    temperature: asNumber(inputs.temperature, fallback.temperature),
    maxTokens: inputs.max_tokens,
    seed: asInteger(inputs.seed, undefined),
    stream: inputs.stream,
    timeout: inputs.timeout,
    jsonMode: inputs.json_mode,
    modelKwargs: inputs.model_kwargs,
  };
}
