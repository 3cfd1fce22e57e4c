/**
 * Model providers, configured once (Settings → Model Providers, `/api/v1/models/…`, as Langflow 1.7+):
 * the providers Flowdesk talks to, the global variable that holds each one's key, the model
 * catalog, and the settings kept in the data directory (base URLs, enabled models, default model).
 * Pure data and helpers, shared by the server (run time, API) and the editor (Settings page).
 */

export const MODEL_PROVIDERS = [
  'OpenAI',
  'Anthropic',
  'Google Generative AI',
  'Ollama',
  'Groq',
  'DeepSeek',
  'xAI',
  'OpenRouter',
  'LM Studio',
  'NVIDIA',
  'Mistral',
  'vLLM',
  'Azure OpenAI',
] as const;
export type ModelProviderName = (typeof MODEL_PROVIDERS)[number];

/**
 * The providers of the Language Model, Agent and Structured Output provider lists: Langflow 1.8's
 * (its unified model list: OpenAI, Anthropic, Google Generative AI, Ollama; IBM watsonx is left out).
 * The other providers are their own components, and can still be the default model of the settings.
 */
export const LANGUAGE_MODEL_PROVIDERS = ['OpenAI', 'Anthropic', 'Google Generative AI', 'Ollama'] as const satisfies readonly ModelProviderName[];

export type ModelType = 'language' | 'embedding';
export const MODEL_TYPES: readonly ModelType[] = ['language', 'embedding'];

export interface ProviderInfo {
  readonly icon: string;
  /** The Credential global variable that holds the key (Langflow's names); null: the provider needs none. */
  readonly variable_name: string | null;
  /** The environment variable read for the base URL when the settings give none. */
  readonly base_url_env: readonly string[];
  /** Where the provider answers when nothing else is set. */
  readonly default_base_url: string;
  /** What the base URL is for, in the Settings page. */
  readonly base_url_hint: string;
}

/** A provider served through the `openai` client at its own base URL. */
function compatible(icon: string, variable: string | null, env: string, url: string, hint: string): ProviderInfo {
  return { icon, variable_name: variable, base_url_env: [env], default_base_url: url, base_url_hint: hint };
}

export const PROVIDER_INFO: Readonly<Record<ModelProviderName, ProviderInfo>> = {
  OpenAI: {
    icon: 'OpenAI',
    variable_name: 'OPENAI_API_KEY',
    base_url_env: ['OPENAI_BASE_URL'],
    default_base_url: 'https://api.openai.com/v1',
    base_url_hint: 'Any OpenAI-compatible server (vLLM, LM Studio, LiteLLM, …) works here.',
  },
  Anthropic: {
    icon: 'Anthropic',
    variable_name: 'ANTHROPIC_API_KEY',
    base_url_env: ['ANTHROPIC_BASE_URL'],
    default_base_url: 'https://api.anthropic.com',
    base_url_hint: 'Empty: Anthropic\'s own API.',
  },
  'Google Generative AI': {
    icon: 'GoogleGenerativeAI',
    variable_name: 'GOOGLE_API_KEY',
    base_url_env: ['GOOGLE_GEMINI_BASE_URL'],
    default_base_url: 'https://generativelanguage.googleapis.com',
    base_url_hint: 'Empty: the Gemini API.',
  },
  Ollama: {
    icon: 'Ollama',
    variable_name: null,
    base_url_env: ['OLLAMA_BASE_URL', 'OLLAMA_HOST'],
    default_base_url: 'http://localhost:11434',
    base_url_hint: 'Ollama needs no key: setting its URL enables it.',
  },
  Groq: compatible('Groq', 'GROQ_API_KEY', 'GROQ_BASE_URL', 'https://api.groq.com', 'Empty: Groq\'s API (its OpenAI-compatible path, /openai/v1, is added).'),
  DeepSeek: compatible('DeepSeek', 'DEEPSEEK_API_KEY', 'DEEPSEEK_BASE_URL', 'https://api.deepseek.com', 'Empty: DeepSeek\'s API.'),
  xAI: compatible('xAI', 'XAI_API_KEY', 'XAI_BASE_URL', 'https://api.x.ai/v1', 'Empty: xAI\'s API.'),
  OpenRouter: compatible('OpenRouter', 'OPENROUTER_API_KEY', 'OPENROUTER_BASE_URL', 'https://openrouter.ai/api/v1', 'Empty: OpenRouter\'s API.'),
  'LM Studio': compatible('LMStudio', null, 'LMSTUDIO_BASE_URL', 'http://localhost:1234/v1', 'LM Studio needs no key: setting its URL enables it.'),
  NVIDIA: compatible('NVIDIA', 'NVIDIA_API_KEY', 'NVIDIA_BASE_URL', 'https://integrate.api.nvidia.com/v1', 'Empty: NVIDIA\'s API (or a self-hosted NIM).'),
  Mistral: compatible('MistralAI', 'MISTRAL_API_KEY', 'MISTRAL_BASE_URL', 'https://api.mistral.ai/v1', 'Empty: Mistral\'s API.'),
  vLLM: compatible('vLLM', null, 'VLLM_BASE_URL', 'http://localhost:8000/v1', 'vLLM needs no key: setting its URL enables it.'),
  'Azure OpenAI': compatible('Azure', 'AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_ENDPOINT', '', 'Your resource\'s endpoint, e.g. https://example-resource.openai.azure.com; the models are deployment names.'),
};

/** The models each provider offers out of the box (the first is the provider's usual default). */
export const MODEL_CATALOG: Readonly<Record<ModelProviderName, readonly string[]>> = {
  OpenAI: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-4-turbo', 'gpt-3.5-turbo', 'o1', 'o3-mini', 'o4-mini'],
  Anthropic: [
    'claude-sonnet-4-5',
    'claude-opus-4-1',
    'claude-sonnet-4-20250514',
    'claude-opus-4-20250514',
    'claude-3-7-sonnet-latest',
    'claude-3-5-sonnet-latest',
    'claude-3-5-haiku-latest',
    'claude-3-opus-latest',
  ],
  // Langflow's GOOGLE_GENERATIVE_AI_MODELS, as Langflow 1.8.1 lists them.
  'Google Generative AI': ['gemini-1.5-pro', 'gemini-1.5-flash', 'gemini-1.5-flash-8b', 'gemini-2.0-flash-lite', 'gemini-2.0-flash', 'gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-3-pro-preview'],
  Ollama: ['llama3.2', 'llama3.1', 'qwen2.5', 'mistral', 'gemma2', 'phi3'],
  // Langflow's fallback lists (GROQ_MODELS, DEEPSEEK_MODELS, XAI_DEFAULT_MODELS, the Mistral component's options).
  Groq: ['llama-3.1-8b-instant', 'llama-3.3-70b-versatile'],
  DeepSeek: ['deepseek-chat'],
  xAI: ['grok-2-latest'],
  // Langflow lists these live from the provider: name the model (Settings → Model Providers, or the node).
  OpenRouter: [],
  'LM Studio': [],
  NVIDIA: [],
  Mistral: ['codestral-latest', 'open-mixtral-8x7b', 'open-mixtral-8x22b', 'mistral-small-latest', 'mistral-medium-latest', 'mistral-large-latest'],
  vLLM: [],
  'Azure OpenAI': [],
};

export interface ProviderSettings {
  /** '' : the provider's environment variable, else its own endpoint. */
  base_url: string;
  /** Models enabled by hand: catalog models are enabled unless disabled; others (an OpenAI-compatible server's, a local Ollama model) only when listed here. */
  enabled_models: string[];
  disabled_models: string[];
}

export interface DefaultModel {
  provider: ModelProviderName;
  model_name: string;
  model_type: ModelType;
}

/** What `model-providers.json` in the data directory holds (never a key: keys are Credential variables). */
export interface ModelSettings {
  providers: Partial<Record<ModelProviderName, ProviderSettings>>;
  default_language_model: DefaultModel | null;
  default_embedding_model: DefaultModel | null;
}

/** One provider's state as `GET /api/v1/models/provider_settings` answers it (the key itself is never sent). */
export interface ProviderStatus {
  provider: ModelProviderName;
  icon: string;
  variable_name: string | null;
  /** Where the key comes from: a Credential (or Generic) variable, the environment, or nowhere. */
  api_key_source: 'variable' | 'environment' | null;
  base_url: string;
  default_base_url: string;
  base_url_hint: string;
  is_enabled: boolean;
  models: { model_name: string; enabled: boolean; custom: boolean }[];
}

export const EMPTY_MODEL_SETTINGS: ModelSettings = { providers: {}, default_language_model: null, default_embedding_model: null };

export const MAX_MODEL_NAME_LENGTH = 200;

export function isModelProvider(value: unknown): value is ModelProviderName {
  return typeof value === 'string' && (MODEL_PROVIDERS as readonly string[]).includes(value);
}

/** Older names of a provider in Langflow's provider fields (Language Model's 1.5–1.6 dropdown says "Google"). */
const PROVIDER_ALIASES: Readonly<Record<string, ModelProviderName>> = { google: 'Google Generative AI' };

/** The provider of that name, case aside ("openai" is OpenAI), or of an older name, else undefined. */
export function findProvider(name: string): ModelProviderName | undefined {
  const lower = name.trim().toLowerCase();
  return MODEL_PROVIDERS.find((p) => p.toLowerCase() === lower) ?? PROVIDER_ALIASES[lower];
}

export function providerSettings(settings: ModelSettings, provider: ModelProviderName): ProviderSettings {
  return settings.providers[provider] ?? { base_url: '', enabled_models: [], disabled_models: [] };
}

/** Every model the provider has (catalog, then the ones enabled by hand), each with whether it is enabled (the provider aside). */
export function providerModels(settings: ModelSettings, provider: ModelProviderName): { model_name: string; enabled: boolean; custom: boolean }[] {
  const own = providerSettings(settings, provider);
  const disabled = new Set(own.disabled_models);
  const catalog = MODEL_CATALOG[provider];
  const custom = own.enabled_models.filter((m) => !catalog.includes(m));
  return [
    ...catalog.map((model_name) => ({ model_name, enabled: !disabled.has(model_name), custom: false })),
    ...custom.map((model_name) => ({ model_name, enabled: !disabled.has(model_name), custom: true })),
  ];
}

/** The enabled models of a provider, catalog order first. */
export function enabledModels(settings: ModelSettings, provider: ModelProviderName): string[] {
  return providerModels(settings, provider).filter((m) => m.enabled).map((m) => m.model_name);
}

/** How to set a default model, for error messages. */
export const HOW_TO_SET_DEFAULT_MODEL =
  'Set one in the editor (Settings → Model Providers: the provider\'s key, then "Default model"), or over the API: ' +
  'the key as a Credential variable (POST /api/v1/variables/ {"name": "OPENAI_API_KEY", "value": "…", "type": "Credential"}) and ' +
  'POST /api/v1/models/default_model {"provider": "OpenAI", "model_name": "gpt-4o-mini", "model_type": "language"}';
