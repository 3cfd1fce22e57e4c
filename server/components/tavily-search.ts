/**
 * Langflow's "Tavily Search API" (`TavilySearchComponent`): a web search made for LLMs, one row per
 * result (title, url, content, score), after a row with Tavily's short answer and before a row with
 * the images, as Langflow gives them; also a tool for Agents.
 * @tavily/core is built on axios, which cannot go through ctx.http: this calls Tavily's documented HTTP API.
 */
import { makeData, type Data } from '../../shared/data.js';
import { asBoolean, asInteger, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import { TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, rowsText, textArgumentTool, toolOutput } from './lib/tools.js';
import { callServiceJson, serviceKey, type WebService } from './lib/web-service.js';

/** Tavily's API; as Langflow, a call may take 90 s. */
export const TAVILY: WebService = { name: 'Tavily', baseUrl: 'https://api.tavily.com', baseUrlEnv: 'TAVILY_BASE_URL', keyVariable: 'TAVILY_API_KEY', timeoutMs: 90_000 };

/** Langflow's description, which its tool carries too. */
const DESCRIPTION = '**Tavily Search** is a search engine optimized for LLMs and RAG,         aimed at efficient, quick, and persistent search results.';

interface TavilySearchAnswer {
  answer?: string | null;
  images?: unknown[];
  results?: { title?: string; url?: string; content?: string; score?: number; raw_content?: string | null }[];
}

export default defineComponent({
  type: 'TavilySearchComponent',
  display_name: 'Tavily Search API',
  description: DESCRIPTION,
  category: 'Search',
  icon: 'TavilyIcon',
  fields: [
    { name: 'api_key', display_name: 'Tavily API Key', kind: 'secret', load_from_db: true, default: '', info: 'Your Tavily API Key. Empty: the TAVILY_API_KEY variable.' },
    { name: 'query', display_name: 'Search Query', kind: 'str', default: '', input_types: ['Message'], info: 'The search query you want to execute with Tavily.' },
    { name: 'search_depth', display_name: 'Search Depth', kind: 'dropdown', options: ['basic', 'advanced'], default: 'advanced', advanced: true, info: 'The depth of the search.' },
    {
      name: 'chunks_per_source',
      display_name: 'Chunks Per Source',
      kind: 'int',
      default: 3,
      advanced: true,
      info: 'The number of content chunks to retrieve from each source (1-3). Only works with advanced search.',
    },
    { name: 'topic', display_name: 'Search Topic', kind: 'dropdown', options: ['general', 'news'], default: 'general', advanced: true, info: 'The category of the search.' },
    { name: 'days', display_name: 'Days', kind: 'int', default: 7, advanced: true, info: 'Number of days back from current date to include. Only available with news topic.' },
    { name: 'max_results', display_name: 'Max Results', kind: 'int', default: 5, advanced: true, info: 'The maximum number of search results to return.' },
    { name: 'include_answer', display_name: 'Include Answer', kind: 'bool', default: true, advanced: true, info: 'Include a short answer to original query.' },
    {
      name: 'time_range',
      display_name: 'Time Range',
      kind: 'dropdown',
      options: ['day', 'week', 'month', 'year'],
      default: '',
      advanced: true,
      info: 'The time range back from the current date to filter results.',
    },
    { name: 'include_images', display_name: 'Include Images', kind: 'bool', default: true, advanced: true, info: 'Include a list of query-related images in the response.' },
    {
      name: 'include_domains',
      display_name: 'Include Domains',
      kind: 'str',
      default: '',
      input_types: ['Message'],
      advanced: true,
      info: 'Comma-separated list of domains to include in the search results.',
    },
    {
      name: 'exclude_domains',
      display_name: 'Exclude Domains',
      kind: 'str',
      default: '',
      input_types: ['Message'],
      advanced: true,
      info: 'Comma-separated list of domains to exclude from the search results.',
    },
    {
      name: 'include_raw_content',
      display_name: 'Include Raw Content',
      kind: 'bool',
      default: false,
      advanced: true,
      info: 'Include the cleaned and parsed HTML content of each search result.',
    },
    TOOLS_METADATA_FIELD,
  ],
  outputs: [{ name: 'dataframe', display_name: 'DataFrame', types: ['DataFrame'] }, TOOL_OUTPUT_SPEC],

  async run(inputs, ctx) {
    const outputs = toolOutput(ctx, inputs.tools_metadata, () =>
      textArgumentTool('fetch_content_dataframe', `TavilySearchComponent. fetch_content_dataframe - ${DESCRIPTION}`, 'query', 'The search query you want to execute with Tavily.', async (query) =>
        rowsText(await tavilySearch({ ...inputs, query }, ctx)),
      ),
    );
    if (ctx.wants('dataframe')) outputs.dataframe = await tavilySearch(inputs, ctx);
    return outputs;
  },
});

async function tavilySearch(inputs: FieldValues, ctx: RunContext): Promise<Data[]> {
  const key = await serviceKey(TAVILY, inputs.api_key, ctx);
  const query = (await resolveText(inputs.query)).trim();
  if (!query) throw new Error('Tavily Search needs a Search Query.');
  const depth = asString(inputs.search_depth, 'advanced') || 'advanced';
  const topic = asString(inputs.topic, 'general') || 'general';
  const days = asInteger(inputs.days, 7);
  const chunks = asInteger(inputs.chunks_per_source, 3);
  const includeAnswer = asBoolean(inputs.include_answer, true);
  const includeImages = asBoolean(inputs.include_images, true);
  const includeRaw = asBoolean(inputs.include_raw_content, false);
  const timeRange = asString(inputs.time_range).trim();
  const includeDomains = domains(await resolveText(inputs.include_domains));
  const excludeDomains = domains(await resolveText(inputs.exclude_domains));

  // The body Langflow sends (chunks only for an advanced search, domains and time range only when set); the key goes in the header, as Tavily documents it.
  const body: Record<string, unknown> = {
    query,
    search_depth: depth,
    topic,
    max_results: asInteger(inputs.max_results, 5),
    include_images: includeImages,
    include_answer: includeAnswer,
    include_raw_content: includeRaw,
    days,
  };
  if (includeDomains.length) body.include_domains = includeDomains;
  if (excludeDomains.length) body.exclude_domains = excludeDomains;
  if (depth === 'advanced' && chunks) body.chunks_per_source = chunks;
  if (timeRange) body.time_range = timeRange;

  const answer = await callServiceJson<TavilySearchAnswer>(TAVILY, ctx, '/search', { method: 'POST', json: body, headers: { authorization: `Bearer ${key}` } });
  const rows: Data[] = [];
  if (includeAnswer && answer.answer) rows.push(makeData({ text: answer.answer }));
  for (const result of answer.results ?? []) {
    const content = result.content ?? '';
    const row: Record<string, unknown> = { title: result.title ?? null, url: result.url ?? null, content, score: result.score ?? null };
    if (includeRaw) row.raw_content = result.raw_content ?? null;
    rows.push(makeData({ ...row, text: content }));
  }
  if (includeImages && answer.images?.length) rows.push(makeData({ images: answer.images, text: 'Images found' }));
  return rows;
}

/** A comma-separated list of domains. */
function domains(text: string): string[] {
  return text
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
}
