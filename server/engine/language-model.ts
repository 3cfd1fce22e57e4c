/**
 * What a model component hands to components that drive a model themselves (an Agent): the
 * provider, the model and how to reach it. The key is a Secret, so the descriptor is safe to log
 * and to return in a response.
 */
import type { Secret } from './secret.js';

export type ModelProvider = 'openai' | 'anthropic' | 'ollama';

export interface LanguageModelDescriptor {
  readonly provider: ModelProvider;
  readonly model: string;
  readonly client: {
    /** Empty for providers that need none (Ollama). */
    readonly apiKey: Secret;
    /** null: the provider's default endpoint. */
    readonly baseURL: string | null;
    readonly timeoutMs: number;
  };
  readonly temperature: number | undefined;
  readonly maxTokens: number | undefined;
  readonly seed: number | undefined;
  readonly stream: boolean;
  /** Provider-specific request options (Ollama's `format`, `num_ctx`, `top_k`, …). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export function isLanguageModel(value: unknown): value is LanguageModelDescriptor {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<LanguageModelDescriptor>;
  return typeof candidate.provider === 'string' && typeof candidate.model === 'string' && typeof candidate.client === 'object';
}
