/** What the knowledge base components share: the embedder a knowledge base was made with, and its field. */
import type { FieldSpec } from '../../../shared/component-spec.js';
import type { RunContext } from '../../engine/define-component.js';
import type { EmbeddingsDescriptor } from '../../engine/embeddings.js';
import { asString } from '../../engine/field-values.js';
import type { EmbeddingMetadata } from '../../engine/vectors.js';
import { describeOllamaEmbeddings, describeOpenAIEmbeddings } from '../models/embedding-fields.js';

/** The Knowledge components' "Embedding Provider API Key" (each says in `info` what an empty one means). */
export function knowledgeApiKeyField(info: string) {
  return { name: 'api_key', display_name: 'Embedding Provider API Key', kind: 'secret', load_from_db: true, default: '', advanced: true, info } as const;
}

export const KNOWLEDGE_BASE_FIELD: FieldSpec = {
  name: 'knowledge_base',
  display_name: 'Knowledge',
  kind: 'dropdown',
  options: [],
  combobox: true,
  required: true,
  default: '',
  info: 'Select the knowledge to load data from (create one in Settings → Knowledge Bases).',
};

/**
 * The embedder the knowledge base records in its metadata. The key: the component's API key field,
 * else the Credential variable the knowledge base names, else OPENAI_API_KEY (Ollama needs none).
 */
export async function knowledgeEmbeddings(metadata: EmbeddingMetadata, apiKeyField: unknown, chunkSize: unknown, ctx: Pick<RunContext, 'variables' | 'env'>): Promise<EmbeddingsDescriptor> {
  if (metadata.embedding_provider === 'Ollama') {
    return describeOllamaEmbeddings({ model: metadata.embedding_model, baseUrl: metadata.api_base ?? '', chunkSize }, ctx);
  }
  if (metadata.embedding_provider !== 'OpenAI') throw new Error(`Embedding provider '${metadata.embedding_provider}' is not supported for knowledge bases: use OpenAI or Ollama`);
  let apiKey = asString(apiKeyField).trim();
  const variable = metadata.api_key_variable;
  if (!apiKey && variable) {
    apiKey = (await ctx.variables.get(variable, { name: 'api_key', secret: true })) ?? '';
    if (!apiKey) throw new Error(`The knowledge base's key variable ${variable} is not set: create it as a Credential global variable, or fill the API key field`);
  }
  return describeOpenAIEmbeddings({ model: metadata.embedding_model, apiKey, baseUrl: metadata.api_base ?? '', chunkSize, dimensions: undefined, timeout: undefined, maxRetries: 2 }, ctx);
}
