/**
 * Langflow's "URL" (`URLComponent`): fetches one or more pages (following links up to a depth)
 * and gives their readable text, one row per page, or all of it as one message.
 */
import { makeData, type Data } from '../../shared/data.js';
import { asBoolean, asInteger, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';
import { toHeaders } from './lib/field-tables.js';
import { toHttpUrl } from './lib/http-url.js';
import { readPage } from './lib/html-text.js';
import { TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, makeTool, toolOutput } from './lib/tools.js';

const DEFAULT_TIMEOUT_SECONDS = 30;
/** A crawl stops after this many pages, whatever the depth. */
const MAX_PAGES = 50;

export default defineComponent({
  type: 'URLComponent',
  display_name: 'URL',
  description: 'Fetch content from one or more web pages, following links recursively.',
  category: 'Data',
  icon: 'layout-template',
  aliases: ['URL'],
  fields: [
    { name: 'urls', display_name: 'URLs', kind: 'str', default: [], input_types: ['Message'], list: true, info: 'One or more URLs to fetch.' },
    { name: 'max_depth', display_name: 'Depth', kind: 'slider', default: 1, range: { min: 1, max: 5, step: 1 }, info: '1: only the given pages; 2: also the pages they link to; and so on.' },
    { name: 'prevent_outside', display_name: 'Prevent Outside', kind: 'bool', default: true, advanced: true, info: 'Only follow links within the domain of the given URL.' },
    { name: 'format', display_name: 'Output Format', kind: 'dropdown', options: ['Text', 'HTML'], default: 'Text', advanced: true, info: 'Text: the readable text. HTML: the raw page.' },
    { name: 'timeout', display_name: 'Timeout', kind: 'int', default: DEFAULT_TIMEOUT_SECONDS, advanced: true, info: 'Timeout for each request in seconds.' },
    { name: 'headers', display_name: 'Headers', kind: 'dict', default: [], input_types: ['Data'], advanced: true, info: 'The headers to send with each request.' },
    { name: 'continue_on_failure', display_name: 'Continue on Failure', kind: 'bool', default: true, advanced: true, info: 'Keep going when a linked page fails (the given URLs must still load).' },
    {
      name: 'check_response_status',
      display_name: 'Check Response Status',
      kind: 'bool',
      default: false,
      advanced: true,
      info: "Fail on an error status (4xx, 5xx). Off, as in Langflow, an error page's content is read like any page.",
    },
    TOOLS_METADATA_FIELD,
  ],
  outputs: [
    { name: 'page_results', display_name: 'Extracted Pages', types: ['DataFrame'] },
    { name: 'raw_results', display_name: 'Raw Content', types: ['Message'] },
    { name: 'data', display_name: 'Data', types: ['Data'] },
    { name: 'text', display_name: 'Message', types: ['Message'] },
    // Langflow's URL between 1.0's data/text and today's page_results had `dataframe` (as_dataframe: the fetched pages as rows).
    { name: 'dataframe', display_name: 'DataFrame', types: ['DataFrame'] },
    TOOL_OUTPUT_SPEC,
  ],

  async run(inputs, ctx) {
    const outputs = toolOutput(ctx, inputs.tools_metadata, () =>
      makeTool(
        'fetch_content',
        'Fetch web pages and get their readable text. Give full URLs.',
        { type: 'object', properties: { urls: { type: 'array', items: { type: 'string' }, description: 'The URLs to fetch.' } }, required: ['urls'] },
        async (args) => {
          const pages = await fetchPages({ ...inputs, urls: args.urls ?? args.url ?? args.input }, ctx);
          return pages.map((p) => `# ${String(p.data.title || p.data.url)}\n${String(p.data.text)}`).join('\n\n');
        },
      ),
    );
    if (['page_results', 'raw_results', 'data', 'text', 'dataframe'].some((o) => ctx.wants(o))) {
      const pages = await fetchPages(inputs, ctx);
      const text = pages.map((p) => String(p.data.text)).join('\n\n');
      const message = buildMessage(ctx, { text, sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) });
      Object.assign(outputs, { page_results: pages, raw_results: message, data: pages, text: message, dataframe: pages });
    }
    return outputs;
  },
});

async function fetchPages(inputs: FieldValues, ctx: RunContext): Promise<Data[]> {
  const urls = await urlList(inputs.urls);
  if (urls.length === 0) throw new Error('No valid URLs provided.');
  const depth = Math.min(Math.max(asInteger(inputs.max_depth, 1) ?? 1, 1), 5);
  const html = asString(inputs.format) === 'HTML';
  const timeoutSeconds = asInteger(inputs.timeout, DEFAULT_TIMEOUT_SECONDS) ?? DEFAULT_TIMEOUT_SECONDS;
  const headers = toHeaders(inputs.headers);
  const sameSite = asBoolean(inputs.prevent_outside, true);
  const lenient = asBoolean(inputs.continue_on_failure, true);
  const checkStatus = asBoolean(inputs.check_response_status, false);

  const pages: Data[] = [];
  const seen = new Set<string>();
  let frontier = urls.map((url) => ({ url, root: url }));
  for (let level = 1; level <= depth && frontier.length > 0; level++) {
    const next: { url: string; root: string }[] = [];
    for (const { url, root } of frontier) {
      if (seen.has(url) || pages.length >= MAX_PAGES) continue;
      seen.add(url);
      let page: Awaited<ReturnType<typeof fetchPage>>;
      try {
        page = await fetchPage(url, ctx, headers, timeoutSeconds * 1000, checkStatus);
      } catch (error) {
        if (level === 1 || !lenient) throw new Error(`Error loading ${url}: ${(error as Error).message}`, { cause: error });
        continue;
      }
      const info = readPage(page.body, url);
      pages.push(
        makeData({ text: html ? page.body : info.text, url, title: info.title, description: info.description, content_type: page.contentType, language: info.language }),
      );
      if (level < depth) {
        for (const link of info.links) if (!sameSite || new URL(link).host === new URL(root).host) next.push({ url: link, root });
      }
    }
    frontier = next;
  }
  return pages;
}

async function fetchPage(url: string, ctx: RunContext, headers: Record<string, string>, timeoutMs: number, checkStatus: boolean): Promise<{ body: string; contentType: string }> {
  const response = await ctx.http(url, { headers, timeoutMs });
  // Langflow's loader (RecursiveUrlLoader) checks the status only when asked to (check_response_status).
  if (checkStatus && response.status >= 400) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  return { body: await response.text(), contentType: response.headers.get('content-type') ?? '' };
}

/** URLs from a list, a text with several URLs, or Messages; `https://` added to a bare host name; http(s) only. */
async function urlList(value: unknown): Promise<string[]> {
  const items = Array.isArray(value) ? value : [value];
  const texts = await Promise.all(items.map((item) => resolveText(item)));
  const urls = texts.flatMap((t) => t.split(/[\s,]+/)).map((u) => u.trim()).filter(Boolean);
  return [...new Set(urls.map((u) => toHttpUrl(u)))];
}
