/**
 * Langflow's "Needle Retriever" (`needle`): searches a Needle collection and gives the question with
 * the chunks found as one message. Needle has no npm client; this calls its documented search API
 * (`POST /collections/{id}/search`, what needle-python and LangChain's NeedleRetriever call) through ctx.http.
 */
import { asInteger } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';
import { TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, makeTool, toolOutput } from './lib/tools.js';
import { callServiceJson, serviceKey, type WebService } from './lib/web-service.js';

export const NEEDLE: WebService = { name: 'Needle', baseUrl: 'https://search.needle-ai.com/api/v1', baseUrlEnv: 'NEEDLE_BASE_URL', keyVariable: 'NEEDLE_API_KEY', timeoutMs: 120_000 };
/** Langflow always asks for at least this many results. */
const MIN_TOP_K = 20;
const DESCRIPTION = 'A retriever that uses the Needle API to search collections.';

export default defineComponent({
  type: 'needle',
  display_name: 'Needle Retriever',
  description: DESCRIPTION,
  category: 'Tools',
  icon: 'Needle',
  fields: [
    { name: 'needle_api_key', display_name: 'Needle API Key', kind: 'secret', load_from_db: true, required: true, default: '', info: 'Your Needle API key. Empty: the NEEDLE_API_KEY variable.' },
    { name: 'collection_id', display_name: 'Collection ID', kind: 'str', default: '', required: true, input_types: ['Message'], info: 'The ID of the Needle collection.' },
    {
      name: 'query',
      display_name: 'User Query',
      kind: 'str',
      default: '',
      required: true,
      input_types: ['Message'],
      info: 'Enter your question here. In tool mode, you can also specify top_k parameter (min: 20).',
    },
    { name: 'top_k', display_name: 'Top K Results', kind: 'int', default: MIN_TOP_K, required: true, info: 'Number of search results to return (min: 20).' },
    TOOLS_METADATA_FIELD,
  ],
  outputs: [{ name: 'result', display_name: 'Result', types: ['Message'] }, TOOL_OUTPUT_SPEC],

  async run(inputs, ctx) {
    const outputs = toolOutput(ctx, inputs.tools_metadata, () =>
      makeTool(
        'run',
        DESCRIPTION,
        {
          type: 'object',
          properties: {
            query: { type: 'string', description: 'Enter your question here.' },
            top_k: { type: 'integer', description: 'Number of search results to return (min: 20).' },
          },
          required: ['query'],
        },
        async (args) => (await retrieve({ ...inputs, query: args.query ?? args.input ?? inputs.query, top_k: args.top_k ?? inputs.top_k }, ctx)).text,
      ),
    );
    if (ctx.wants('result')) {
      const { text } = await retrieve(inputs, ctx);
      outputs.result = buildMessage(ctx, { text, sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) });
    }
    return outputs;
  },
});

interface SearchAnswer {
  result?: { content?: string; file_id?: string }[];
}

/** The search, and Langflow's text of it: the question and each document found, numbered. */
async function retrieve(inputs: FieldValues, ctx: RunContext): Promise<{ text: string; documents: string[] }> {
  const query = (await resolveText(inputs.query)).trim();
  const collectionId = (await resolveText(inputs.collection_id)).trim();
  const topK = Math.max(MIN_TOP_K, asInteger(inputs.top_k, MIN_TOP_K) ?? MIN_TOP_K);
  const apiKey = await serviceKey(NEEDLE, inputs.needle_api_key, ctx);
  if (!collectionId) throw new Error('The Collection ID cannot be empty.');
  if (!query) throw new Error('The query cannot be empty.');
  const answer = await callServiceJson<SearchAnswer>(NEEDLE, ctx, `/collections/${encodeURIComponent(collectionId)}/search`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey },
    json: { text: query, max_distance: null, top_k: topK },
  });
  const documents = (answer.result ?? []).map((r) => String(r.content ?? ''));
  if (documents.length === 0) return { text: 'No relevant documents found for the query.', documents };
  const context = documents.map((content, i) => `Document ${i + 1}:\n${content}`).join('\n\n');
  return { text: `Question: ${query}\n\nContext:\n${context}`, documents };
}
