/**
 * Langflow checks a new knowledge base's embedder before creating it (the Knowledge Ingestion
 * dialog's `update_build_config`): it embeds "test", waiting at most 10 seconds. Built by the
 * composition root with the server's variables and environment; the knowledge service calls it.
 */
import type { RunContext } from '../../engine/define-component.js';
import type { EmbeddingMetadata } from '../../engine/vectors.js';
import { embedQuery } from '../models/embeddings-client.js';
import { knowledgeEmbeddings } from './knowledge.js';

export const EMBEDDING_PROBE_TIMEOUT_MS = 10_000;

/**
 * Resolves when the knowledge base's embedder answers; rejects with Langflow's message otherwise:
 * the embedder's own error when it cannot be set up (no key, a key variable that is not set),
 * `Embedding validation timed out. …` after the timeout, `Embedding validation failed: …` for any
 * other failure (a refused key, an unreachable server).
 */
export function knowledgeEmbeddingProbe(deps: Pick<RunContext, 'variables' | 'env'> & { timeoutMs?: number }) {
  const timeoutMs = deps.timeoutMs ?? EMBEDDING_PROBE_TIMEOUT_MS;
  return async (metadata: EmbeddingMetadata): Promise<void> => {
    // As Langflow: the model is built outside the check, so its errors are its own.
    const embeddings = await knowledgeEmbeddings(metadata, '', metadata.chunk_size, deps);
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      await embedQuery(embeddings, 'test', signal);
    } catch (error) {
      if (signal.aborted) throw new Error('Embedding validation timed out. Please verify network connectivity and key.', { cause: error });
      throw new Error(`Embedding validation failed: ${(error as Error).message}`, { cause: error });
    }
  };
}
