/** What the embeddings components share: model lists, the output, and reading their fields into a descriptor. */
import type { FieldSpec, OutputSpec } from '../../../shared/component-spec.js';
import type { RunContext } from '../../engine/define-component.js';
import type { EmbeddingsDescriptor } from '../../engine/embeddings.js';
import { asInteger, asNumber, asString } from '../../engine/field-values.js';
import { Secret } from '../../engine/secret.js';
import { normalizeBaseUrl } from './model-fields.js';
import { providerKey } from './run-model.js';

export const OPENAI_EMBEDDING_MODELS = ['text-embedding-3-small', 'text-embedding-3-large', 'text-embedding-ada-002'];
/** Langflow's OLLAMA_EMBEDDING_MODELS. */
export const OLLAMA_EMBEDDING_MODELS = ['nomic-embed-text', 'mxbai-embed-large', 'snowflake-arctic-embed', 'all-minilm', 'bge-m3', 'bge-large', 'paraphrase-multilingual', 'granite-embedding', 'jina-embeddings-v2-base-en'];

export const EMBEDDINGS_OUTPUTS: OutputSpec[] = [{ name: 'embeddings', display_name: 'Embeddings', types: ['Embeddings'] }];

export const DEFAULT_EMBEDDING_TIMEOUT_SECONDS = 120;

export const CHUNK_SIZE_FIELD: FieldSpec = { name: 'chunk_size', display_name: 'Chunk Size', kind: 'int', default: 1000, advanced: true, info: 'Texts sent per request.' };
export const DIMENSIONS_FIELD: FieldSpec = {
  name: 'dimensions',
  display_name: 'Dimensions',
  kind: 'int',
  default: '',
  advanced: true,
  info: 'The number of dimensions the resulting output embeddings should have. Only supported by certain models.',
};
export const MAX_RETRIES_FIELD: FieldSpec = { name: 'max_retries', display_name: 'Max Retries', kind: 'int', default: 3, advanced: true };
export const REQUEST_TIMEOUT_FIELD: FieldSpec = {
  name: 'request_timeout',
  display_name: 'Request Timeout',
  kind: 'float',
  default: '',
  advanced: true,
  info: `Seconds to wait for the API. Empty: ${DEFAULT_EMBEDDING_TIMEOUT_SECONDS}.`,
};
export const MODEL_KWARGS_FIELD: FieldSpec = {
  name: 'model_kwargs',
  display_name: 'Model Kwargs',
  kind: 'dict',
  default: {},
  advanced: true,
  info: 'Additional keyword arguments to pass to the model (sent in the request body).',
};

/** A dict field as string entries: `{k: v}` or Langflow's `[{key, value}]` rows; other values give nothing. */
export function stringRecord(value: unknown): Record<string, string> | undefined {
  const entries: [string, string][] = [];
  if (Array.isArray(value)) {
    for (const row of value) {
      if (typeof row === 'object' && row !== null && 'key' in row && typeof row.key === 'string' && row.key) entries.push([row.key, asString((row as { value?: unknown }).value)]);
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) if (key) entries.push([key, typeof item === 'string' ? item : JSON.stringify(item)]);
  }
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** A dict field as an object of request options; other values give nothing. */
export function optionsRecord(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length === 0) return undefined;
  return value as Record<string, unknown>;
}

export interface OpenAIEmbeddingsSettings {
  model: string;
  apiKey: unknown;
  baseUrl: unknown;
  chunkSize: unknown;
  dimensions: unknown;
  timeout: unknown;
  maxRetries: unknown;
  modelKwargs?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

/**
 * OpenAI or an OpenAI-compatible server. The key: the field, else the OPENAI_API_KEY global or
 * environment variable; a server other than OpenAI's may go without one.
 */
export async function describeOpenAIEmbeddings(settings: OpenAIEmbeddingsSettings, ctx: Pick<RunContext, 'variables' | 'env'>): Promise<EmbeddingsDescriptor> {
  const baseURL = asString(settings.baseUrl).trim().replace(/\/+$/, '') || ctx.env.OPENAI_BASE_URL || null;
  const apiKey = await providerKey(settings.apiKey, 'OPENAI_API_KEY', ctx);
  if (!apiKey && !baseURL) throw new Error('No OpenAI API key: set the API key field, a global variable, or OPENAI_API_KEY');
  return {
    kind: 'embeddings',
    provider: 'openai',
    model: settings.model.trim() || 'text-embedding-3-small',
    client: {
      // The client insists on a key; a local OpenAI-compatible server ignores it.
      apiKey: new Secret(apiKey || 'no-key'),
      baseURL,
      timeoutMs: timeoutMs(settings.timeout),
      maxRetries: Math.max(0, asInteger(settings.maxRetries, 3) ?? 3),
      ...(settings.headers ? { headers: settings.headers } : {}),
      ...(settings.query ? { query: settings.query } : {}),
    },
    chunkSize: positive(settings.chunkSize) ?? 1000,
    dimensions: positive(settings.dimensions),
    ...(optionsRecord(settings.modelKwargs) ? { extra: optionsRecord(settings.modelKwargs) } : {}),
  };
}

/** Ollama's `/api/embed`. The host: the field, else OLLAMA_BASE_URL or OLLAMA_HOST, else localhost. */
export function describeOllamaEmbeddings(settings: { model: string; baseUrl: unknown; timeout?: unknown; dimensions?: unknown; chunkSize?: unknown; modelKwargs?: unknown }, ctx: Pick<RunContext, 'env'>): EmbeddingsDescriptor {
  const model = settings.model.trim();
  if (!model) throw new Error('No Ollama embedding model: choose one in Model Name (e.g. nomic-embed-text)');
  const baseURL = normalizeBaseUrl(asString(settings.baseUrl) || ctx.env.OLLAMA_BASE_URL || ctx.env.OLLAMA_HOST || '');
  return {
    kind: 'embeddings',
    provider: 'ollama',
    model,
    client: { apiKey: new Secret(''), baseURL: baseURL || null, timeoutMs: timeoutMs(settings.timeout), maxRetries: 0 },
    chunkSize: positive(settings.chunkSize) ?? 1000,
    dimensions: positive(settings.dimensions),
    ...(optionsRecord(settings.modelKwargs) ? { extra: { options: optionsRecord(settings.modelKwargs) } } : {}),
  };
}

function positive(value: unknown): number | undefined {
  const n = asInteger(value, undefined);
  return n !== undefined && n > 0 ? n : undefined;
}

function timeoutMs(value: unknown): number {
  const seconds = asNumber(value, undefined);
  return (seconds !== undefined && seconds > 0 ? seconds : DEFAULT_EMBEDDING_TIMEOUT_SECONDS) * 1000;
}
