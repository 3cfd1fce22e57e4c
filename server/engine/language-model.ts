/**
 * What a model component hands to components that drive a model themselves (an Agent): the
 * provider, the model and how to reach it. The key is a Secret, so the descriptor is safe to log
 * and to return in a response.
 */
import type { Secret } from './secret.js';

export interface LanguageModelDescriptor {
  readonly provider: 'openai';
  readonly model: string;
  readonly client: {
    readonly apiKey: Secret;
    /** null: the provider's default endpoint. */
    readonly baseURL: string | null;
    readonly timeoutMs: number;
  };
  readonly temperature: number | undefined;
  readonly maxTokens: number | undefined;
  readonly seed: number | undefined;
  readonly stream: boolean;
}
