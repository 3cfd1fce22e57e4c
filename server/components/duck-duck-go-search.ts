/**
 * Langflow's "DuckDuckGo Search" (`DuckDuckGoSearchComponent`): a web search without a key, through
 * DuckDuckGo's HTML endpoint (html.duckduckgo.com, as the `ddgs` library behind LangChain's
 * DuckDuckGoSearchRun reads it); also a tool for Agents. As in Langflow, the search's text is the
 * first five results' snippets joined by spaces (what DuckDuckGoSearchRun answers), cut into lines,
 * each line a row (`content`, and `snippet` its first Max Snippet Length characters).
 */
import { load } from 'cheerio';
import { makeData, type Data } from '../../shared/data.js';
import { asInteger } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';
import { TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, rowsText, textArgumentTool, toolOutput } from './lib/tools.js';
import { WebServiceError, callService, type WebService } from './lib/web-service.js';

export const DUCKDUCKGO: WebService = { name: 'DuckDuckGo', baseUrl: 'https://html.duckduckgo.com', baseUrlEnv: 'DUCKDUCKGO_BASE_URL' };

/** DuckDuckGoSearchRun's search: 5 results, all regions, within the past year. */
const WRAPPER_RESULTS = 5;

export interface DuckDuckGoResult {
  title: string;
  href: string;
  body: string;
}

export default defineComponent({
  type: 'DuckDuckGoSearchComponent',
  display_name: 'DuckDuckGo Search',
  description: 'Search the web using DuckDuckGo with customizable result limits',
  category: 'Search',
  icon: 'DuckDuckGo',
  fields: [
    { name: 'input_value', display_name: 'Search Query', kind: 'str', default: '', input_types: ['Message'], required: true, info: 'The search query to execute with DuckDuckGo' },
    { name: 'max_results', display_name: 'Max Results', kind: 'int', default: 5, advanced: true, info: 'Maximum number of search results to return' },
    { name: 'max_snippet_length', display_name: 'Max Snippet Length', kind: 'int', default: 100, advanced: true, info: 'Maximum length of each result snippet' },
    TOOLS_METADATA_FIELD,
  ],
  outputs: [
    { name: 'dataframe', display_name: 'DataFrame', types: ['DataFrame'] },
    // Langflow's DuckDuckGo Search before the DataFrame output: the rows as Data, and their texts as one message.
    { name: 'data', display_name: 'Data', types: ['Data'] },
    { name: 'text', display_name: 'Text', types: ['Message'] },
    TOOL_OUTPUT_SPEC,
  ],

  async run(inputs, ctx) {
    const outputs = toolOutput(ctx, inputs.tools_metadata, () =>
      textArgumentTool(
        'fetch_content_dataframe',
        'DuckDuckGoSearchComponent. fetch_content_dataframe - Search the web using DuckDuckGo with customizable result limits',
        'input_value',
        'The search query to execute with DuckDuckGo',
        async (query) => rowsText(await duckDuckGoRows({ ...inputs, input_value: query }, ctx)),
      ),
    );
    if (['dataframe', 'data', 'text'].some((o) => ctx.wants(o))) {
      const rows = await duckDuckGoRows(inputs, ctx);
      const text = rows.map((row) => String(row.data.text)).join('\n');
      Object.assign(outputs, { dataframe: rows, data: rows, text: buildMessage(ctx, { text, sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) }) });
    }
    return outputs;
  },
});

async function duckDuckGoRows(inputs: FieldValues, ctx: RunContext): Promise<Data[]> {
  const query = (await resolveText(inputs.input_value)).trim();
  if (!query) throw new Error('DuckDuckGo Search needs a Search Query.');
  const maxResults = asInteger(inputs.max_results, 5) ?? 5;
  const maxLength = asInteger(inputs.max_snippet_length, 100) ?? 100;
  const results = await searchDuckDuckGo(`${query} (site:*)`, ctx);
  const text = results.map((r) => r.body).join(' ');
  return text
    .split('\n')
    .slice(0, Math.max(0, maxResults))
    .filter((line) => line.trim())
    .map((line) => {
      const snippet = line.slice(0, maxLength);
      return makeData({ content: line, snippet, text: snippet });
    });
}

/** The first results of DuckDuckGo's HTML search, ads left out. */
export async function searchDuckDuckGo(query: string, ctx: RunContext): Promise<DuckDuckGoResult[]> {
  let res: Response;
  try {
    res = await callService(DUCKDUCKGO, ctx, '/html/', {
      method: 'POST',
      body: new URLSearchParams({ q: query, b: '', kl: 'wt-wt', df: 'y' }),
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    });
  } catch (error) {
    // No key is involved: a 403 is DuckDuckGo turning away automated searches.
    if (error instanceof WebServiceError && error.status === 403) {
      throw new WebServiceError(DUCKDUCKGO.name, 'DuckDuckGo refused the search (HTTP 403): it turns away automated searches from some machines at times; try again later', 403, { cause: error });
    }
    throw error;
  }
  // DuckDuckGo answers 202 with a challenge page when it is rate limiting the caller.
  if (res.status === 202) throw new WebServiceError(DUCKDUCKGO.name, 'DuckDuckGo is rate limiting searches from this machine (HTTP 202); try again later', 202);
  return parseResults(await res.text()).slice(0, WRAPPER_RESULTS);
}

/** The results of an html.duckduckgo.com page: each `h2` result's link and title, and its snippet. */
export function parseResults(html: string): DuckDuckGoResult[] {
  const $ = load(html);
  const results: DuckDuckGoResult[] = [];
  $('div:has(> h2)').each((_, node) => {
    const block = $(node);
    const link = block.find('h2 a').first();
    const href = realLink(link.attr('href') ?? '');
    if (!href || href.startsWith('https://duckduckgo.com/y.js') || href.startsWith('http://www.google.com/search?q=')) return;
    results.push({ title: normalize(link.text()), href, body: normalize(block.find('.result__snippet').first().text()) });
  });
  return results;
}

/** DuckDuckGo's redirect links (`//duckduckgo.com/l/?uddg=…`) give the address they lead to. */
function realLink(href: string): string {
  if (!href) return '';
  try {
    const url = new URL(href, 'https://duckduckgo.com');
    if (url.hostname === 'duckduckgo.com' && url.pathname === '/l/') return url.searchParams.get('uddg') ?? '';
    return url.href;
  } catch {
    return '';
  }
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
