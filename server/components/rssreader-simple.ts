/**
 * Langflow's "RSS Reader" (`RSSReaderSimple`, legacy): the items of an RSS feed as a table
 * (`title`, `link`, `published`, `summary`); a feed that cannot be read is one `Error` row, as in
 * Langflow. Through `ctx.http`, so the run's outbound rule and cancellation apply. Also a tool.
 */
import { load } from 'cheerio';
import { makeData, type Data } from '../../shared/data.js';
import { OutboundRefusedError } from '../engine/capabilities.js';
import { defineComponent, type HttpAccess } from '../engine/define-component.js';
import { asNumber } from '../engine/field-values.js';
import { resolveText } from '../engine/resolve-text.js';
import { TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, makeTool, toolText, toolOutput } from './lib/tools.js';

export default defineComponent({
  type: 'RSSReaderSimple',
  display_name: 'RSS Reader',
  description: 'Fetches and parses an RSS feed.',
  category: 'Data',
  icon: 'rss',
  fields: [
    { name: 'rss_url', display_name: 'RSS Feed URL', kind: 'str', default: '', input_types: ['Message'], required: true, info: 'URL of the RSS feed to parse.' },
    { name: 'timeout', display_name: 'Timeout', kind: 'int', default: 5, advanced: true, info: 'Timeout for the RSS feed request.' },
    TOOLS_METADATA_FIELD,
  ],
  outputs: [{ name: 'articles', display_name: 'Articles', types: ['DataFrame'] }, TOOL_OUTPUT_SPEC],

  async run(inputs, ctx) {
    const timeoutMs = (asNumber(inputs.timeout, 5) ?? 5) * 1000;
    const outputs = toolOutput(ctx, inputs.tools_metadata, () =>
      makeTool(
        'read_rss',
        'Fetches and parses an RSS feed.',
        { type: 'object', properties: { rss_url: { type: 'string', description: 'URL of the RSS feed to parse.' } }, required: ['rss_url'] },
        async (args, signal) => toolText((await readFeed(String(args.rss_url ?? ''), ctx.http, signal, timeoutMs)).map((row) => row.data)),
      ),
    );
    if (ctx.wants('articles')) outputs.articles = await readFeed(await resolveText(inputs.rss_url), ctx.http, ctx.signal, timeoutMs);
    return outputs;
  },
});

async function readFeed(url: string, http: HttpAccess, signal: AbortSignal, timeoutMs: number): Promise<Data[]> {
  let xml: string;
  try {
    const response = await http(url, { timeoutMs, signal });
    // requests' raise_for_status() wording.
    if (response.status >= 400) throw new Error(`${response.status} ${response.status < 500 ? 'Client' : 'Server'} Error: ${response.statusText} for url: ${url}`);
    xml = await response.text();
    if (!xml.trim()) throw new Error('Empty response received');
  } catch (error) {
    // The outbound rule's refusal (and a cancelled run) fails the run; it is no answer about the feed.
    if (signal.aborted || error instanceof OutboundRefusedError) throw error;
    return [makeData({ title: 'Error', link: '', published: '', summary: (error as Error).message })];
  }
  const $ = load(xml, { xml: true });
  const text = (item: ReturnType<typeof $>, tag: string) => item.find(tag).first().text();
  return $('item')
    .toArray()
    .map((element) => {
      const item = $(element);
      return makeData({ title: text(item, 'title'), link: text(item, 'link'), published: text(item, 'pubDate'), summary: text(item, 'description') });
    });
}
