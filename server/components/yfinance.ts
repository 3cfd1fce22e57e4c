/**
 * Langflow's "Yahoo! Finance" (`YfinanceComponent`): a stock symbol's data by Data Method, from
 * Yahoo Finance's JSON endpoints (lib/yahoo-finance.ts), shaped as Langflow's yfinance answers it:
 * news as one row per article (`text` "title: link" and the article's fields), any other method as
 * one row whose `text` and `result` are `pprint.pformat` of yfinance's value (lib/py-pformat.ts).
 * The statement methods (balance sheet, cash flow, income statement), get_analysis and get_shares
 * read Yahoo's fundamentals time series, which this does not call: they fail saying so.
 */
import { makeData, type Data } from '../../shared/data.js';
import { asInteger, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import { pformat } from './lib/py-pformat.js';
import { TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, makeTool, toolOutput } from './lib/tools.js';
import { yahooNews } from './lib/yahoo-finance.js';
import { METHODS, UNSUPPORTED_METHODS, fetchMethod } from './lib/yfinance-methods.js';

const DESCRIPTION = 'Uses [yfinance](https://pypi.org/project/yfinance/) (unofficial package) to access financial data and market information from Yahoo! Finance.';
const SYMBOL_INFO = 'The stock symbol to retrieve data for (e.g., AAPL, GOOG).';

export default defineComponent({
  type: 'YfinanceComponent',
  display_name: 'Yahoo! Finance',
  description: DESCRIPTION,
  category: 'Tools',
  icon: 'trending-up',
  fields: [
    { name: 'symbol', display_name: 'Stock Symbol', kind: 'str', default: '', input_types: ['Message'], info: SYMBOL_INFO },
    { name: 'method', display_name: 'Data Method', kind: 'dropdown', options: [...METHODS], default: 'get_news', info: 'The type of data to retrieve.' },
    { name: 'num_news', display_name: 'Number of News', kind: 'int', default: 5, info: 'The number of news articles to retrieve (only applicable for get_news).' },
    TOOLS_METADATA_FIELD,
  ],
  outputs: [{ name: 'dataframe', display_name: 'DataFrame', types: ['DataFrame'] }, TOOL_OUTPUT_SPEC],

  async run(inputs, ctx) {
    const outputs = toolOutput(ctx, inputs.tools_metadata, () =>
      makeTool(
        'fetch_content_dataframe',
        DESCRIPTION,
        { type: 'object', properties: { symbol: { type: 'string', description: SYMBOL_INFO } }, required: ['symbol'] },
        async (args) => (await fetchContent({ ...inputs, symbol: args.symbol ?? args.input ?? inputs.symbol }, ctx)).map((row) => String(row.data.text)).join('\n'),
      ),
    );
    if (ctx.wants('dataframe')) outputs.dataframe = await fetchContent(inputs, ctx);
    return outputs;
  },
});

/** Langflow's `fetch_content`: the rows of the DataFrame. */
async function fetchContent(inputs: FieldValues, ctx: RunContext): Promise<Data[]> {
  const symbol = (await resolveText(inputs.symbol)).trim().toUpperCase();
  const method = asString(inputs.method, 'get_news').trim() || 'get_news';
  if (!(METHODS as readonly string[]).includes(method)) throw new Error(`Unexpected error: '${method}' is not a valid YahooFinanceMethod`);
  if (UNSUPPORTED_METHODS.has(method)) {
    throw new Error(`Yahoo! Finance: the ${method} method is not available in Flowdesk (it reads Yahoo's fundamentals time series, which Flowdesk does not call); choose another Data Method`);
  }
  if (!symbol) throw new Error('Error retrieving data: a Stock Symbol is needed');
  try {
    if (method === 'get_news') {
      const count = asInteger(inputs.num_news, 5) ?? 5;
      const articles = (await yahooNews(ctx, symbol, Math.max(count, 0))).slice(0, Math.max(count, 0));
      return articles.map((article) => makeData({ ...article, text: `${article.title}: ${article.link}` }));
    }
    const text = pformat(await fetchMethod(ctx, symbol, method));
    return [makeData({ result: text, text })];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Error retrieving data: ${message}`, { cause: error });
  }
}
