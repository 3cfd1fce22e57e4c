/**
 * What a model component hands to components that drive a model themselves (an Agent): the
 * provider, the model and how to reach it. The key is a Secret, so the descriptor is safe to log
 * and to return in a response.
 */
import type { ModelSettings } from '../../shared/model-providers.js';
import { EMPTY_MODEL_SETTINGS } from '../../shared/model-providers.js';
import type { Secret } from './secret.js';

/**
 * The model-provider settings a run sees (Settings → Model Providers): the default model, each
 * provider's base URL and enabled models. Keys are not here: they are Credential variables, read
 * through `ctx.variables`.
 */
export interface ModelProviderAccess {
  settings(): ModelSettings;
}

/** For runs without settings (engine tests): no default model, no base URLs. */
export const NO_MODEL_SETTINGS: ModelProviderAccess = { settings: () => EMPTY_MODEL_SETTINGS };

/**
 * The client a descriptor is served by: `openai` is OpenAI's chat-completions API at any base URL
 * (OpenAI and the OpenAI-compatible providers), `azure` the same API through Azure's deployments,
 * `watsonx` IBM watsonx.ai's chat API (the same shape at its own paths, with IAM tokens).
 */
export type ModelProvider = 'openai' | 'azure' | 'anthropic' | 'google' | 'ollama' | 'watsonx';

export interface LanguageModelDescriptor {
  readonly provider: ModelProvider;
  /** The service's name in errors and sources when it is not the client's own (`Groq` on the `openai` client). */
  readonly label?: string;
  readonly model: string;
  readonly client: {
    /** Empty for providers that need none (Ollama). */
    readonly apiKey: Secret;
    /** null: the provider's default endpoint. */
    readonly baseURL: string | null;
    readonly timeoutMs: number;
    /** Extra HTTP headers on every request (OpenRouter's attribution headers). */
    readonly headers?: Readonly<Record<string, string>>;
  };
  readonly temperature: number | undefined;
  readonly maxTokens: number | undefined;
  readonly seed: number | undefined;
  readonly stream: boolean;
  /** Provider-specific request options (Ollama's `format`, `num_ctx`, `top_k`; Azure's `apiVersion`; Gemini's `topK`, …). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export function isLanguageModel(value: unknown): value is LanguageModelDescriptor {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<LanguageModelDescriptor>;
  return typeof candidate.provider === 'string' && typeof candidate.model === 'string' && typeof candidate.client === 'object';
}
