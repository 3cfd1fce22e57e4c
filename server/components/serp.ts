/**
 * Langflow's "Serp Search API" (`Serp`, its class SerpComponent; `SerpAPI` before): a Google search (or any SerpApi engine, by the
 * Parameters) through serpapi.com, the first results' title, link and snippet as Data rows, or their
 * snippets as one text, as Langflow gives them; also a tool for Agents.
 * SerpApi's npm client (`serpapi`) is built on node:https, which cannot go through ctx.http: this calls its documented HTTP API (`GET /search`, the key as the `api_key` parameter, as LangChain's SerpAPIWrapper sends it).
 */
import { makeData, type Data } from '../../shared/data.js';
import { asInteger } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';
import { searchParams } from './lib/search-params.js';
import { TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, rowsText, textArgumentTool, toolOutput } from './lib/tools.js';
import { WebServiceError, callServiceJson, serviceKey, type WebService } from './lib/web-service.js';

export const SERPAPI: WebService = { name: 'SerpApi', baseUrl: 'https://serpapi.com', baseUrlEnv: 'SERPAPI_BASE_URL', keyVariable: 'SERPAPI_API_KEY' };

/** LangChain's SerpAPIWrapper's parameters when none are given. */
const DEFAULT_PARAMS = { engine: 'google', google_domain: 'google.com', gl: 'us', hl: 'en' };

interface SerpAnswer {
  organic_results?: { title?: string; link?: string; snippet?: string }[];
}

export default defineComponent({
  // Langflow keys a component by its `name` ("Serp"; "SerpAPI" in Langflow 1.1's tools), else its class name.
  type: 'Serp',
  display_name: 'Serp Search API',
  description: 'Call Serp Search API with result limiting',
  category: 'Search',
  icon: 'SerpSearch',
  aliases: ['SerpAPI', 'SerpComponent'],
  fields: [
    { name: 'serpapi_api_key', display_name: 'SerpAPI API Key', kind: 'secret', load_from_db: true, default: '', info: 'Your SerpApi key. Empty: the SERPAPI_API_KEY variable.' },
    { name: 'input_value', display_name: 'Input', kind: 'multiline', default: '', input_types: ['Message'], info: 'The search query.' },
    {
      name: 'search_params',
      display_name: 'Parameters',
      kind: 'dict',
      default: {},
      advanced: true,
      info: "SerpApi's parameters (engine, google_domain, gl, hl, location, ...). Empty: engine google, google.com, gl us, hl en.",
    },
    { name: 'max_results', display_name: 'Max Results', kind: 'int', default: 5, advanced: true },
    { name: 'max_snippet_length', display_name: 'Max Snippet Length', kind: 'int', default: 100, advanced: true },
    TOOLS_METADATA_FIELD,
  ],
  outputs: [{ name: 'data', display_name: 'Data', types: ['Data'] }, { name: 'text', display_name: 'Text', types: ['Message'] }, TOOL_OUTPUT_SPEC],

  async run(inputs, ctx) {
    const outputs = toolOutput(ctx, inputs.tools_metadata, () =>
      textArgumentTool('fetch_content', 'Serp. fetch_content - Call Serp Search API with result limiting', 'input_value', 'The search query.', async (query) =>
        rowsText(await serpSearch({ ...inputs, input_value: query }, ctx)),
      ),
    );
    if (ctx.wants('data') || ctx.wants('text')) {
      const rows = await serpSearch(inputs, ctx);
      outputs.data = rows;
      // As Langflow's fetch_content_text: each result's snippet and a newline.
      const text = rows.map((row) => `${String(row.data.text)}\n`).join('');
      outputs.text = buildMessage(ctx, { text, sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) });
    }
    return outputs;
  },
});

async function serpSearch(inputs: FieldValues, ctx: RunContext): Promise<Data[]> {
  const key = await serviceKey(SERPAPI, inputs.serpapi_api_key, ctx);
  const q = (await resolveText(inputs.input_value)).trim();
  if (!q) throw new Error('Serp Search API needs a search query (the Input field).');
  const given = searchParams(inputs.search_params);
  const params = Object.keys(given).length ? given : DEFAULT_PARAMS;
  const maxResults = asInteger(inputs.max_results, 5) ?? 5;
  const maxLength = asInteger(inputs.max_snippet_length, 100) ?? 100;
  let answer: SerpAnswer;
  try {
    answer = await callServiceJson<SerpAnswer>(SERPAPI, ctx, '/search', { query: { ...params, q, api_key: key, output: 'json' } });
  } catch (error) {
    // SerpApi takes the key in the URL only: keep it out of messages that quote the URL.
    if (error instanceof WebServiceError && error.message.includes(key)) throw new WebServiceError(error.service, error.message.split(key).join('***'), error.status);
    throw error;
  }
  return (answer.organic_results ?? []).slice(0, Math.max(0, maxResults)).map((result) => {
    const snippet = result.snippet ?? '';
    return makeData({ title: (result.title ?? '').slice(0, maxLength), link: result.link ?? '', snippet: snippet.slice(0, maxLength), text: snippet });
  });
}
