/** Yahoo! Finance (YfinanceComponent) against a local Yahoo Finance: Langflow's rows per method, the session crumb, the tool, and errors. */
import { afterEach, describe, expect, it } from 'vitest';
import Agent from '../../server/components/agent.js';
import Yfinance from '../../server/components/yfinance.js';
import type { Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import type { Data } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { testContext } from '../engine/support.js';
import { startFakeOpenAI, type FakeTurn } from '../support/fake-openai.js';
import { YAHOO_CRUMB, startFakeYahooFinance, type FakeYahooOptions } from '../support/fake-yahoo-finance.js';

const defaults = Object.fromEntries(Yfinance.fields.map((f) => [f.name, f.default]));
const agentDefaults = Object.fromEntries(Agent.fields.map((f) => [f.name, f.default]));
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function fake(options: FakeYahooOptions = {}) {
  const server = await startFakeYahooFinance(options);
  servers.push(server);
  return server;
}
const ctxFor = (url: string, wanted: string[] = ['dataframe']) =>
  testContext({ http: createHttpAccess(), env: { YAHOO_FINANCE_BASE_URL: url, YAHOO_FINANCE_COOKIE_URL: `${url}/fc` }, wanted });
const rows = async (url: string, values: Record<string, unknown>) => (await Yfinance.run({ ...defaults, symbol: 'AAPL', ...values }, ctxFor(url))).dataframe as Data[];
const textOf = async (url: string, method: string) => {
  const found = await rows(url, { method });
  expect(found).toHaveLength(1);
  expect(found[0]!.data.result).toBe(found[0]!.data.text);
  return String(found[0]!.data.text);
};

describe('YfinanceComponent', () => {
  it('gives Num News articles as rows of "title: link" with the article\'s fields (get_news, the default)', async () => {
    const yahoo = await fake();
    const found = await rows(yahoo.url, { symbol: 'aapl', num_news: 2 });
    expect(found.map((r) => r.data.text)).toEqual([
      'Apple unveils a new treasure map app: https://finance.yahoo.com/news/apple-treasure-1.html',
      'Apple shares rise after earnings: https://finance.yahoo.com/news/apple-earnings-2.html',
    ]);
    expect(found[0]!.data).toMatchObject({ uuid: 'n-1', publisher: 'Reuters', providerPublishTime: 1733130000, relatedTickers: ['AAPL'] });
    expect(yahoo.requests[0]).toMatchObject({ path: '/v1/finance/search', query: { q: 'AAPL', newsCount: '2', quotesCount: '0' } });
  });

  it("asks quoteSummary with Yahoo's session cookie and crumb, and gives info as pprint shows yfinance's dict", async () => {
    const yahoo = await fake();
    const text = await textOf(yahoo.url, 'get_info');
    expect(text.split('\n').slice(0, 6)).toEqual([
      "{'city': 'Cupertino',",
      " 'companyOfficers': [{'age': 62,",
      "                      'name': 'Mr. Timothy D. Cook',",
      "                      'title': 'CEO & Director'}],",
      " 'country': 'United States',",
      " 'currency': 'USD',",
    ]);
    expect(text).toContain(" 'marketCap': 2923123458048,");
    expect(text).not.toContain('maxAge');
    expect(yahoo.requests.map((r) => r.path)).toEqual(['/fc', '/v1/test/getcrumb', '/v10/finance/quoteSummary/AAPL']);
    expect(yahoo.requests[2]!.query).toMatchObject({ crumb: YAHOO_CRUMB, modules: 'financialData,quoteType,defaultKeyStatistics,assetProfile,summaryDetail' });
    expect(await textOf(yahoo.url, 'get_calendar')).toBe(
      "{'Dividend Date': datetime.date(2024, 11, 14),\n 'Earnings Average': 2.35,\n 'Earnings Date': [datetime.date(2025, 1, 30)],\n 'Earnings High': 2.5,\n 'Earnings Low': 2.2,\n 'Ex-Dividend Date': datetime.date(2024, 11, 11),\n 'Revenue Average': 124000000000,\n 'Revenue High': 128000000000,\n 'Revenue Low': 120000000000}",
    );
  });

  it('keeps the session for later calls, and opens a new one once Yahoo stops taking it', async () => {
    const yahoo = await fake();
    await textOf(yahoo.url, 'get_info');
    await textOf(yahoo.url, 'get_calendar');
    expect(yahoo.requests.map((r) => r.path)).toEqual(['/fc', '/v1/test/getcrumb', '/v10/finance/quoteSummary/AAPL', '/v10/finance/quoteSummary/AAPL']);
    yahoo.renewCrumb();
    await textOf(yahoo.url, 'get_sustainability');
    expect(yahoo.requests.slice(4).map((r) => `${r.path} ${r.query.crumb ?? ''}`.trim())).toEqual([
      `/v10/finance/quoteSummary/AAPL ${YAHOO_CRUMB}`,
      '/fc',
      '/v1/test/getcrumb',
      `/v10/finance/quoteSummary/AAPL ${YAHOO_CRUMB}.1`,
    ]);
  });

  it("gives dividends, splits and actions as pandas prints yfinance's Series and DataFrame, dated in the exchange's time zone", async () => {
    const yahoo = await fake();
    expect(await textOf(yahoo.url, 'get_dividends')).toBe('Date\n2024-02-09 00:00:00-05:00    0.24\n2024-05-10 00:00:00-04:00    0.25\nName: Dividends, dtype: float64');
    expect(await textOf(yahoo.url, 'get_splits')).toBe('Date\n2020-08-31 00:00:00-04:00    4.0\nName: Stock Splits, dtype: float64');
    expect(await textOf(yahoo.url, 'get_capital_gains')).toBe('Series([], Name: Capital Gains, dtype: float64)');
    expect(await textOf(yahoo.url, 'get_actions')).toBe(
      [
        '                           Dividends  Stock Splits',
        'Date',
        '2020-08-31 00:00:00-04:00       0.00           4.0',
        '2024-02-09 00:00:00-05:00       0.24           0.0',
        '2024-05-10 00:00:00-04:00       0.25           0.0',
      ].join('\n'),
    );
    expect(await textOf(yahoo.url, 'get_recommendations')).toBe('   period  strongBuy  buy  hold  sell  strongSell\n0      0m          8   24    12     1           2\n1     -1m          8   23    13     1           2');
    expect(yahoo.requests.find((r) => r.path === '/v8/finance/chart/AAPL')?.query).toMatchObject({ interval: '1d', events: 'div,splits,capitalGains' });
  });

  it('answers every other method it offers from the same endpoints', async () => {
    const yahoo = await fake();
    const methods = ['get_recommendations_summary', 'get_upgrades_downgrades', 'get_institutional_holders', 'get_mutualfund_holders', 'get_major_holders', 'get_insider_purchases', 'get_insider_transactions', 'get_insider_roster_holders', 'get_sustainability', 'get_sec_filings', 'get_earnings', 'get_fast_info'];
    const texts = Object.fromEntries(await Promise.all(methods.map(async (m) => [m, await textOf(yahoo.url, m)] as const)));
    expect(texts.get_institutional_holders).toContain('0     2024-09-30  Vanguard Group Inc   0.0923  1398000000  325734000000     0.0068');
    expect(texts.get_upgrades_downgrades).toContain('2024-12-02 09:00:00  Loop Capital      Buy       Hold      up');
    expect(texts.get_mutualfund_holders).toBe('Empty DataFrame\nColumns: [Date Reported, Holder, pctHeld, Shares, Value, pctChange]\nIndex: []');
    expect(texts.get_earnings).toBe('           Revenue     Earnings\nYear\n2023  383285000000  96995000000\n2024  391035000000  93736000000');
    expect(texts.get_sec_filings).toContain("[{'date': datetime.date(2024, 11, 1),");
    expect(texts.get_fast_info).toContain("'lastPrice': 189.3,");
  });

  it('is the fetch_content_dataframe tool an Agent calls with a symbol', async () => {
    const yahoo = await fake();
    const model = await startFakeOpenAI({
      respond: (body): FakeTurn => {
        const last = (body.messages as { role: string; content: string }[]).at(-1)!;
        if (last.role === 'tool') return { text: `Headlines:\n${last.content}` };
        return { toolCalls: [{ name: 'fetch_content_dataframe', arguments: { symbol: 'AAPL' } }] };
      },
    });
    servers.push(model);
    const tool = (await Yfinance.run({ ...defaults, num_news: 1 }, ctxFor(yahoo.url, ['component_as_tool']))).component_as_tool as Tool;
    expect(tool.name).toBe('fetch_content_dataframe');
    const answer = await Agent.run(
      { ...agentDefaults, input_value: 'Apple news?', tools: [tool], add_current_date_tool: false },
      testContext({ env: { OPENAI_BASE_URL: model.baseURL, OPENAI_API_KEY: 'sk-test' } }),
    );
    expect((answer.response as Message).text).toBe('Headlines:\nApple unveils a new treasure map app: https://finance.yahoo.com/news/apple-treasure-1.html');
  });

  it('refuses the methods it cannot answer by name, and words unknown symbols and rate limits', async () => {
    const yahoo = await fake();
    for (const method of ['get_balance_sheet', 'get_cashflow', 'get_income_stmt', 'get_analysis', 'get_shares']) {
      await expect(rows(yahoo.url, { method })).rejects.toThrow(`Yahoo! Finance: the ${method} method is not available in Flowdesk`);
    }
    expect(yahoo.requests).toHaveLength(0);
    await expect(rows(yahoo.url, { method: 'get_info', symbol: 'AAPX' })).rejects.toThrow('Error retrieving data: AAPX: Quote not found for symbol: AAPX');
    await expect(rows(yahoo.url, { method: 'get_dividends', symbol: 'AAPX' })).rejects.toThrow('Error retrieving data: AAPX: possibly delisted; no price data found');
    const limited = await fake({ rateLimited: true });
    await expect(rows(limited.url, {})).rejects.toThrow("Error retrieving data: Yahoo! Finance's rate limit or quota was reached (HTTP 429); try again later: Too Many Requests");
    await expect(rows(yahoo.url, { method: 'get_everything' })).rejects.toThrow("'get_everything' is not a valid YahooFinanceMethod");
    const noCookie = testContext({ http: createHttpAccess(), env: { YAHOO_FINANCE_BASE_URL: yahoo.url, YAHOO_FINANCE_COOKIE_URL: `${yahoo.url}/elsewhere` }, wanted: ['dataframe'] });
    await expect(Yfinance.run({ ...defaults, symbol: 'AAPL', method: 'get_info' }, noCookie)).rejects.toThrow('Error retrieving data: Yahoo! Finance gave no session cookie');
  });
});
