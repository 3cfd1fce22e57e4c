/**
 * Turns texts into vectors with the provider an EmbeddingsDescriptor names: OpenAI's
 * `/v1/embeddings` (and any OpenAI-compatible server) with the official `openai` client, Ollama's
 * `/api/embed` with the official `ollama` client. Texts go in batches of the descriptor's chunk size.
 */
import OpenAI from 'openai';
import { Ollama } from 'ollama';
import type { EmbeddingsDescriptor } from '../../engine/embeddings.js';
import { calling } from './chat-types.js';
import { clientCache } from './client-cache.js';
import { describeOllamaError } from './ollama-chat.js';
import { describeOpenAIError } from './openai-chat.js';
import { OLLAMA_DEFAULT_BASE_URL, OPENAI_DEFAULT_BASE_URL } from './provider-defaults.js';
import { providerFetch } from './provider-fetch.js';

const cachedOpenAI = clientCache<OpenAI>();

/** One vector per text, in order. An empty list asks nothing. */
export async function embedTexts(embeddings: EmbeddingsDescriptor, texts: readonly string[], signal: AbortSignal): Promise<number[][]> {
  const size = Math.max(1, embeddings.chunkSize);
  const vectors: number[][] = [];
  for (let start = 0; start < texts.length; start += size) {
    const batch = texts.slice(start, start + size);
    const answer = embeddings.provider === 'ollama' ? await ollamaBatch(embeddings, batch, signal) : await openaiBatch(embeddings, batch, signal);
    if (answer.length !== batch.length) throw new Error(`The embedding model answered ${answer.length} vectors for ${batch.length} texts`);
    vectors.push(...answer);
  }
  return vectors;
}

/** The vector of one query text. */
export async function embedQuery(embeddings: EmbeddingsDescriptor, text: string, signal: AbortSignal): Promise<number[]> {
  const [vector] = await embedTexts(embeddings, [text], signal);
  if (!vector) throw new Error('The embedding model answered no vector');
  return vector;
}

async function openaiBatch(embeddings: EmbeddingsDescriptor, input: string[], signal: AbortSignal): Promise<number[][]> {
  const apiKey = embeddings.client.apiKey.reveal();
  const { baseURL, timeoutMs, maxRetries, headers, query } = embeddings.client;
  const key = JSON.stringify([baseURL, timeoutMs, maxRetries, headers ?? {}, query ?? {}, apiKey]);
  const client = cachedOpenAI(key, () =>
    new OpenAI({ apiKey, baseURL, timeout: timeoutMs, maxRetries, fetch: providerFetch, ...(headers ? { defaultHeaders: headers } : {}), ...(query ? { defaultQuery: query } : {}) }),
  );
  const endpoint = { provider: 'openai' as const, client: { baseURL: embeddings.client.baseURL ?? OPENAI_DEFAULT_BASE_URL, timeoutMs } };
  const answer = await calling(
    (error) => describeOpenAIError(error, endpoint),
    () =>
      client.embeddings.create(
        {
          ...(embeddings.extra ?? {}),
          model: embeddings.model,
          input,
          encoding_format: 'float',
          ...(embeddings.dimensions === undefined ? {} : { dimensions: embeddings.dimensions }),
        },
        { signal },
      ),
  );
  return [...answer.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
}

async function ollamaBatch(embeddings: EmbeddingsDescriptor, input: string[], signal: AbortSignal): Promise<number[][]> {
  const host = embeddings.client.baseURL ?? OLLAMA_DEFAULT_BASE_URL;
  const client = new Ollama({
    host,
    fetch: (url, init) => providerFetch(url, { ...init, signal: AbortSignal.any([signal, AbortSignal.timeout(embeddings.client.timeoutMs)]) }),
  });
  const answer = await calling(
    (error) => describeOllamaError(error, host),
    () => client.embed({ ...(embeddings.extra ?? {}), model: embeddings.model, input, ...(embeddings.dimensions === undefined ? {} : { dimensions: embeddings.dimensions }) }),
  );
  return answer.embeddings;
}
