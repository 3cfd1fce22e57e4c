/**
 * Langflow's "SearchApi" (`SearchComponent`): a web search through searchapi.io (Google, Bing or
 * DuckDuckGo), the first results' title, link and snippet as rows, as Langflow gives them; also a
 * tool for Agents. SearchApi has no npm client: this calls its documented HTTP API
 * (`GET /api/v1/search`, the key as a bearer token, as LangChain's SearchApiAPIWrapper sends it).
 */
import { makeData, type Data } from '../../shared/data.js';
import { asInteger, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import { searchParams } from './lib/search-params.js';
import { TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, rowsText, textArgumentTool, toolOutput } from './lib/tools.js';
import { callServiceJson, serviceKey, type WebService } from './lib/web-service.js';

export const SEARCHAPI: WebService = { name: 'SearchApi', baseUrl: 'https://www.searchapi.io', baseUrlEnv: 'SEARCHAPI_BASE_URL', keyVariable: 'SEARCHAPI_API_KEY' };

interface SearchApiAnswer {
  organic_results?: { title?: string; link?: string; snippet?: string }[];
}

export default defineComponent({
  type: 'SearchComponent',
  display_name: 'SearchApi',
  description: 'Calls the SearchApi API with result limiting. Supports Google, Bing and DuckDuckGo.',
  category: 'Search',
  icon: 'SearchAPI',
  fields: [
    { name: 'engine', display_name: 'Engine', kind: 'dropdown', options: ['google', 'bing', 'duckduckgo'], default: 'google' },
    { name: 'api_key', display_name: 'SearchAPI API Key', kind: 'secret', load_from_db: true, default: '', info: 'Your SearchApi key. Empty: the SEARCHAPI_API_KEY variable.' },
    { name: 'input_value', display_name: 'Input', kind: 'multiline', default: '', input_types: ['Message'], info: 'The search query.' },
    {
      name: 'search_params',
      display_name: 'Search parameters',
      kind: 'dict',
      default: {},
      advanced: true,
      info: "More of SearchApi's query parameters for the engine (e.g. gl, hl, location, num).",
    },
    { name: 'max_results', display_name: 'Max Results', kind: 'int', default: 5, advanced: true },
    { name: 'max_snippet_length', display_name: 'Max Snippet Length', kind: 'int', default: 100, advanced: true },
    TOOLS_METADATA_FIELD,
  ],
  outputs: [{ name: 'dataframe', display_name: 'DataFrame', types: ['DataFrame'] }, TOOL_OUTPUT_SPEC],

  async run(inputs, ctx) {
    const outputs = toolOutput(ctx, inputs.tools_metadata, () =>
      textArgumentTool('fetch_content_dataframe', 'Call the searchapi.io API with result limiting', 'input_value', 'The search query.', async (query) =>
        rowsText(await searchApi({ ...inputs, input_value: query }, ctx)),
      ),
    );
    if (ctx.wants('dataframe')) outputs.dataframe = await searchApi(inputs, ctx);
    return outputs;
  },
});

async function searchApi(inputs: FieldValues, ctx: RunContext): Promise<Data[]> {
  const key = await serviceKey(SEARCHAPI, inputs.api_key, ctx);
  const q = (await resolveText(inputs.input_value)).trim();
  if (!q) throw new Error('SearchApi needs a search query (the Input field).');
  const maxResults = asInteger(inputs.max_results, 5) ?? 5;
  const maxLength = asInteger(inputs.max_snippet_length, 100) ?? 100;
  const answer = await callServiceJson<SearchApiAnswer>(SEARCHAPI, ctx, '/api/v1/search', {
    query: { engine: asString(inputs.engine, 'google') || 'google', q, ...searchParams(inputs.search_params) },
    headers: { authorization: `Bearer ${key}` },
  });
  return (answer.organic_results ?? []).slice(0, Math.max(0, maxResults)).map((result) => {
    const snippet = result.snippet ?? '';
    return makeData({ title: (result.title ?? '').slice(0, maxLength), link: result.link ?? '', snippet: snippet.slice(0, maxLength), text: snippet });
  });
}

