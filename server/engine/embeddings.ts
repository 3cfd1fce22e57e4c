/**
 * What an embeddings component hands to components that embed text themselves (vector stores,
 * knowledge bases): the provider, the model and how to reach it, like a LanguageModelDescriptor.
 * The key is a Secret, so the descriptor is safe to log and to return in a response.
 */
import type { Secret } from './secret.js';

export type EmbeddingProvider = 'openai' | 'ollama';

export interface EmbeddingsDescriptor {
  readonly kind: 'embeddings';
  readonly provider: EmbeddingProvider;
  readonly model: string;
  readonly client: {
    /** Empty for providers that need none (Ollama). */
    readonly apiKey: Secret;
    /** null: the provider's default endpoint. */
    readonly baseURL: string | null;
    readonly timeoutMs: number;
    readonly maxRetries: number;
    /** Sent with every request (OpenAI's `default_headers`, `OpenAI-Organization`). */
    readonly headers?: Readonly<Record<string, string>>;
    /** Query parameters added to every request (OpenAI's `default_query`). */
    readonly query?: Readonly<Record<string, string>>;
  };
  /** Texts sent per request. */
  readonly chunkSize: number;
  /** Output dimensions, for models that can shorten their vectors (text-embedding-3-*). */
  readonly dimensions: number | undefined;
  /** Provider-specific request options (`model_kwargs`), sent as they are. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export function isEmbeddings(value: unknown): value is EmbeddingsDescriptor {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<EmbeddingsDescriptor>;
  return candidate.kind === 'embeddings' && typeof candidate.provider === 'string' && typeof candidate.model === 'string';
}
