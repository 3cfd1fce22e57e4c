/**
 * Langflow's "ScrapeGraph Search API" (`ScrapeGraphSearchApi`): answers a search prompt with
 * ScrapeGraph AI's SearchScraper (it searches the web and extracts the answer). Langflow calls v1's
 * `POST /searchscraper` through scrapegraph-py; the npm client (scrapegraph-js 2) speaks another API
 * (v2's /search) on the global fetch, so this calls v1's documented HTTP API through ctx.http.
 */
import { makeData, type Data } from '../../shared/data.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import { TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, textArgumentTool, toolOutput, toolText } from './lib/tools.js';
import { callServiceJson, serviceKey, type WebService } from './lib/web-service.js';

export const SCRAPEGRAPH: WebService = {
  name: 'ScrapeGraph AI',
  baseUrl: 'https://api.scrapegraphai.com/v1',
  baseUrlEnv: 'SCRAPEGRAPH_BASE_URL',
  keyVariable: 'SCRAPEGRAPH_API_KEY',
  // A search scrapes several sites before it answers.
  timeoutMs: 300_000,
};

const DESCRIPTION = "Given a search prompt, it will return search results using ScrapeGraph's search functionality.";

export default defineComponent({
  type: 'ScrapeGraphSearchApi',
  display_name: 'ScrapeGraph Search API',
  description: DESCRIPTION,
  category: 'Tools',
  icon: 'ScrapeGraph',
  fields: [
    { name: 'api_key', display_name: 'ScrapeGraph API Key', kind: 'secret', load_from_db: true, required: true, default: '', info: 'The API key to use ScrapeGraph API.' },
    { name: 'user_prompt', display_name: 'Search Prompt', kind: 'str', default: '', input_types: ['Message'], info: 'The search prompt to use.' },
    TOOLS_METADATA_FIELD,
  ],
  outputs: [{ name: 'data', display_name: 'Data', types: ['Data'] }, TOOL_OUTPUT_SPEC],

  async run(inputs, ctx) {
    const outputs = toolOutput(ctx, inputs.tools_metadata, () =>
      textArgumentTool('search', DESCRIPTION, 'user_prompt', 'The search prompt to use.', async (prompt) =>
        toolText((await search({ ...inputs, user_prompt: prompt ?? inputs.user_prompt }, ctx)).data),
      ),
    );
    if (ctx.wants('data')) outputs.data = await search(inputs, ctx);
    return outputs;
  },
});

/** One SearchScraper request; its whole answer as the Data's values, as Langflow gives it. */
async function search(inputs: FieldValues, ctx: RunContext): Promise<Data> {
  const prompt = (await resolveText(inputs.user_prompt)).trim();
  // scrapegraph-py refuses these before sending anything.
  if (!prompt) throw new Error('User prompt cannot be empty');
  if (!/[\p{L}\p{N}]/u.test(prompt)) throw new Error('User prompt must contain a valid prompt');
  const apiKey = await serviceKey(SCRAPEGRAPH, inputs.api_key, ctx);
  const answer = await callServiceJson<Record<string, unknown>>(SCRAPEGRAPH, ctx, '/searchscraper', {
    method: 'POST',
    headers: { 'SGAI-APIKEY': apiKey },
    json: { user_prompt: prompt, num_results: 3, extraction_mode: true, mock: false, render_heavy_js: false, stealth: false },
  });
  return makeData(answer);
}
