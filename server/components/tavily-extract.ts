/**
 * Langflow's "Tavily Extract API" (`TavilyExtractComponent`): the raw content of web pages, read by
 * Tavily, one row per page (url, raw_content, images), then a row listing the pages it could not
 * read, as Langflow gives them; also a tool for Agents.
 * @tavily/core is built on axios, which cannot go through ctx.http: this calls Tavily's documented HTTP API.
 */
import { makeData, type Data } from '../../shared/data.js';
import { asBoolean, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import { TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, rowsText, textArgumentTool, toolOutput } from './lib/tools.js';
import { callServiceJson, serviceKey } from './lib/web-service.js';
import { TAVILY } from './tavily-search.js';

interface TavilyExtractAnswer {
  results?: { url?: string; raw_content?: string; images?: unknown[] }[];
  failed_results?: unknown[];
}

export default defineComponent({
  type: 'TavilyExtractComponent',
  display_name: 'Tavily Extract API',
  description: '**Tavily Extract** extract raw content from URLs.',
  category: 'Search',
  icon: 'TavilyIcon',
  fields: [
    { name: 'api_key', display_name: 'Tavily API Key', kind: 'secret', load_from_db: true, default: '', info: 'Your Tavily API Key. Empty: the TAVILY_API_KEY variable.' },
    { name: 'urls', display_name: 'URLs', kind: 'str', default: '', input_types: ['Message'], required: true, info: 'Comma-separated list of URLs to extract content from.' },
    { name: 'extract_depth', display_name: 'Extract Depth', kind: 'dropdown', options: ['basic', 'advanced'], default: 'basic', advanced: true, info: 'The depth of the extraction process.' },
    { name: 'include_images', display_name: 'Include Images', kind: 'bool', default: false, advanced: true, info: 'Include a list of images extracted from the URLs.' },
    TOOLS_METADATA_FIELD,
  ],
  outputs: [{ name: 'dataframe', display_name: 'DataFrame', types: ['DataFrame'] }, TOOL_OUTPUT_SPEC],

  async run(inputs, ctx) {
    const outputs = toolOutput(ctx, inputs.tools_metadata, () =>
      textArgumentTool('fetch_content', 'TavilyExtractComponent. fetch_content - **Tavily Extract** extract raw content from URLs.', 'urls', 'Comma-separated list of URLs to extract content from.', async (urls) =>
        rowsText(await tavilyExtract({ ...inputs, urls }, ctx)),
      ),
    );
    if (ctx.wants('dataframe')) outputs.dataframe = await tavilyExtract(inputs, ctx);
    return outputs;
  },
});

async function tavilyExtract(inputs: FieldValues, ctx: RunContext): Promise<Data[]> {
  const key = await serviceKey(TAVILY, inputs.api_key, ctx);
  const given = Array.isArray(inputs.urls) ? inputs.urls.map(String).join(',') : await resolveText(inputs.urls);
  const urls = given
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  if (urls.length === 0) throw new Error('Tavily Extract needs URLs: no valid URLs provided.');
  const answer = await callServiceJson<TavilyExtractAnswer>(TAVILY, ctx, '/extract', {
    method: 'POST',
    json: { urls, extract_depth: asString(inputs.extract_depth, 'basic') || 'basic', include_images: asBoolean(inputs.include_images, false) },
    headers: { authorization: `Bearer ${key}` },
  });
  const rows = (answer.results ?? []).map((result) => {
    const rawContent = result.raw_content ?? '';
    return makeData({ url: result.url ?? null, raw_content: rawContent, images: result.images ?? [], text: rawContent });
  });
  if (answer.failed_results?.length) rows.push(makeData({ failed_results: answer.failed_results, text: 'Failed extractions' }));
  return rows;
}
