/**
 * Langflow's "arXiv" (`ArXivComponent`): searches arXiv.org's papers through its public API (an
 * Atom feed, no key) and gives one row per paper with the keys Langflow's rows have (id, title,
 * summary, published, updated, authors, arxiv_url, pdf_url, comment, journal_ref,
 * primary_category, categories); also a tool for Agents. The feed is read with cheerio's XML mode.
 */
import { load, type Cheerio, type CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { makeData, type Data } from '../../shared/data.js';
import { asInteger, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import { TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, rowsText, textArgumentTool, toolOutput } from './lib/tools.js';
import { serviceErrorFromStatus, serviceFetch, serviceUrl, type WebService } from './lib/web-service.js';

export const ARXIV: WebService = { name: 'arXiv', baseUrl: 'https://export.arxiv.org', baseUrlEnv: 'ARXIV_BASE_URL', timeoutMs: 60_000 };

/** The API's field prefixes for Langflow's "Search Field" choices ("all": no prefix, as Langflow sends it). */
const PREFIXES: Record<string, string> = { title: 'ti', abstract: 'abs', author: 'au', cat: 'cat' };

export default defineComponent({
  type: 'ArXivComponent',
  display_name: 'arXiv',
  description: 'Search and retrieve papers from arXiv.org',
  category: 'Search',
  icon: 'arXiv',
  fields: [
    { name: 'search_query', display_name: 'Search Query', kind: 'str', default: '', input_types: ['Message'], info: "The search query for arXiv papers (e.g., 'quantum computing')" },
    { name: 'search_type', display_name: 'Search Field', kind: 'dropdown', options: ['all', 'title', 'abstract', 'author', 'cat'], default: 'all', info: 'The field to search in' },
    { name: 'max_results', display_name: 'Max Results', kind: 'int', default: 10, info: 'Maximum number of results to return' },
    TOOLS_METADATA_FIELD,
  ],
  outputs: [{ name: 'dataframe', display_name: 'DataFrame', types: ['DataFrame'] }, TOOL_OUTPUT_SPEC],

  async run(inputs, ctx) {
    const outputs = toolOutput(ctx, inputs.tools_metadata, () =>
      textArgumentTool(
        'search_papers_dataframe',
        'ArXivComponent. search_papers_dataframe - Search and retrieve papers from arXiv.org',
        'search_query',
        "The search query for arXiv papers (e.g., 'quantum computing')",
        async (query) => rowsText(await searchPapers({ ...inputs, search_query: query }, ctx)),
      ),
    );
    if (ctx.wants('dataframe')) outputs.dataframe = await searchPapers(inputs, ctx);
    return outputs;
  },
});

async function searchPapers(inputs: FieldValues, ctx: RunContext): Promise<Data[]> {
  const terms = await resolveText(inputs.search_query);
  if (!terms.trim()) throw new Error('arXiv needs a Search Query.');
  const prefix = PREFIXES[asString(inputs.search_type, 'all')];
  const url = serviceUrl(ARXIV, ctx, '/api/query', { search_query: prefix ? `${prefix}:${terms}` : terms, max_results: asInteger(inputs.max_results, 10) ?? 10 });
  const res = await serviceFetch(ARXIV, ctx)(url, { headers: { accept: 'application/atom+xml' } });
  const body = await res.text();
  if (!res.ok) throw serviceErrorFromStatus(ARXIV, res.status, feedError(body) ?? body.replace(/\s+/g, ' ').trim().slice(0, 300));
  return parseFeed(body).map((paper) => makeData(paper));
}

/** The papers of an arXiv Atom feed, as Langflow's parse_atom_response reads them. */
export function parseFeed(xml: string): Record<string, unknown>[] {
  const $ = load(xml, { xml: true });
  if ($('feed').length === 0) throw new Error(`arXiv answered something that is not an Atom feed: ${xml.replace(/\s+/g, ' ').trim().slice(0, 200)}`);
  return $('feed > entry')
    .toArray()
    .map((node) => {
      const entry = $(node);
      return {
        id: text(entry, 'id'),
        title: text(entry, 'title'),
        summary: text(entry, 'summary'),
        published: text(entry, 'published'),
        updated: text(entry, 'updated'),
        authors: entry
          .children('author')
          .toArray()
          .map((author) => $(author).children('name').first().text()),
        arxiv_url: link($, entry, 'alternate'),
        pdf_url: link($, entry, 'related'),
        comment: text(entry, 'arxiv\\:comment'),
        journal_ref: text(entry, 'arxiv\\:journal_ref'),
        primary_category: entry.children('arxiv\\:primary_category').first().attr('term') ?? null,
        categories: entry
          .children('category')
          .toArray()
          .map((category) => $(category).attr('term') ?? null),
      };
    });
}

/** The stripped text of the entry's first such child; none, or empty: null. */
function text(entry: Cheerio<Element>, selector: string): string | null {
  const found = entry.children(selector).first();
  const value = found.length ? found.text().trim() : '';
  return value || null;
}

function link($: CheerioAPI, entry: Cheerio<Element>, rel: string): string | null {
  const found = entry
    .children('link')
    .toArray()
    .find((l) => $(l).attr('rel') === rel);
  return found ? ($(found).attr('href') ?? null) : null;
}

/** What an arXiv error feed says (its one entry is titled "Error"). */
function feedError(xml: string): string | undefined {
  try {
    const $ = load(xml, { xml: true });
    const entry = $('feed > entry').filter((_, e) => $(e).children('title').text().trim() === 'Error');
    return entry.length ? entry.children('summary').text().trim() || undefined : undefined;
  } catch {
    return undefined;
  }
}
