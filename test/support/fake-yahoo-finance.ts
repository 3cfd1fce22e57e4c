/**
 * A local Yahoo Finance, speaking the JSON endpoints yfinance and yahoo-finance2 call:
 * - the session cookie: `GET /fc` (what fc.yahoo.com does: a 404 that sets the `A3` cookie),
 * - `GET /v1/test/getcrumb` with that cookie: the crumb, as text,
 * - `GET /v10/finance/quoteSummary/{symbol}?modules=…&crumb=…` (cookie and crumb required):
 *   `{ quoteSummary: { result: [{ <module>: … }], error: null } }`, values wrapped as `{ raw, fmt }`,
 * - `GET /v8/finance/chart/{symbol}`: `{ chart: { result: [{ meta, timestamp, events, indicators }] } }`,
 * - `GET /v1/finance/search?q=…&newsCount=N`: `{ quotes, news }`.
 * One company (AAPL) is known; others answer Yahoo's "not found". `rateLimited` answers 429 as Yahoo does.
 */
import { startFakeJsonService, type Answer, type FakeJsonService, type RecordedRequest } from './fake-json-service.js';

export const YAHOO_CRUMB = 'fAkEcRuMb.1';
const COOKIE = 'A3=d=AQABBfake&S=AQAAAfake';

export interface FakeYahooOptions {
  /** Answer every data request with 429 "Too Many Requests". */
  rateLimited?: boolean;
}

const raw = (value: number, fmt = String(value)) => ({ raw: value, fmt });
/** 2024-02-09 14:30 UTC (09:30 New York), 2020-08-31, 2024-05-10. */
const DAY = { feb9: 1707489000, aug31: 1598880600, may10: 1715347800 };

const MODULES: Record<string, unknown> = {
  financialData: { maxAge: 86400, currentPrice: raw(189.3, '189.30'), recommendationKey: 'buy', totalRevenue: raw(385603997696, '385.6B') },
  quoteType: { exchange: 'NMS', quoteType: 'EQUITY', symbol: 'AAPL', shortName: 'Apple Inc.', longName: 'Apple Inc.' },
  defaultKeyStatistics: { maxAge: 1, sharesOutstanding: raw(15441899520, '15.44B'), trailingEps: raw(6.43) },
  assetProfile: { maxAge: 86400, city: 'Cupertino', country: 'United States', industry: 'Consumer Electronics', fullTimeEmployees: 161000, companyOfficers: [{ name: 'Mr. Timothy D. Cook', title: 'CEO & Director', age: 62 }] },
  summaryDetail: { maxAge: 1, dividendYield: raw(0.0051, '0.51%'), marketCap: raw(2923123458048, '2.92T'), currency: 'USD' },
  calendarEvents: {
    maxAge: 1,
    earnings: { earningsDate: [raw(1738256400, '2025-01-30')], earningsAverage: raw(2.35), earningsLow: raw(2.2), earningsHigh: raw(2.5), revenueAverage: raw(124000000000), revenueLow: raw(120000000000), revenueHigh: raw(128000000000) },
    exDividendDate: raw(1731283200, '2024-11-11'),
    dividendDate: raw(1731542400, '2024-11-14'),
  },
  recommendationTrend: {
    maxAge: 86400,
    trend: [
      { period: '0m', strongBuy: 8, buy: 24, hold: 12, sell: 1, strongSell: 2 },
      { period: '-1m', strongBuy: 8, buy: 23, hold: 13, sell: 1, strongSell: 2 },
    ],
  },
  upgradeDowngradeHistory: { maxAge: 86400, history: [{ epochGradeDate: 1733130000, firm: 'Loop Capital', toGrade: 'Buy', fromGrade: 'Hold', action: 'up' }] },
  institutionOwnership: { maxAge: 1, ownershipList: [{ maxAge: 1, reportDate: raw(1727654400, '2024-09-30'), organization: 'Vanguard Group Inc', pctHeld: raw(0.0923), position: raw(1398000000), value: raw(325734000000), pctChange: raw(0.0068) }] },
  fundOwnership: { maxAge: 1, ownershipList: [] },
  majorHoldersBreakdown: { maxAge: 1, insidersPercentHeld: raw(0.0271), institutionsPercentHeld: raw(0.6208), institutionsFloatPercentHeld: raw(0.6381), institutionsCount: raw(6641) },
  esgScores: { maxAge: 86400, totalEsg: raw(16.7), environmentScore: raw(0.5), peerGroup: 'Technology Hardware' },
  secFilings: { maxAge: 1, filings: [{ date: '2024-11-01', epochDate: 1730419200, type: '10-K', title: 'Annual Report', edgarUrl: 'https://finance.yahoo.com/sec-filing/AAPL/0000320193-24-000123_320193' }] },
  earnings: { maxAge: 86400, financialsChart: { yearly: [{ date: 2023, revenue: raw(383285000000), earnings: raw(96995000000) }, { date: 2024, revenue: raw(391035000000), earnings: raw(93736000000) }] } },
};

const CHART = {
  meta: { currency: 'USD', symbol: 'AAPL', exchangeName: 'NMS', instrumentType: 'EQUITY', regularMarketPrice: 189.3, chartPreviousClose: 187.7, previousClose: 188.5, exchangeTimezoneName: 'America/New_York', fiftyTwoWeekHigh: 199.62, fiftyTwoWeekLow: 164.08 },
  timestamp: [DAY.aug31, DAY.feb9, DAY.may10],
  events: {
    dividends: { [DAY.feb9]: { amount: 0.24, date: DAY.feb9 }, [DAY.may10]: { amount: 0.25, date: DAY.may10 } },
    splits: { [DAY.aug31]: { date: DAY.aug31, numerator: 4, denominator: 1, splitRatio: '4:1' } },
  },
  indicators: { quote: [{ open: [127.58, 188.65, 184.9], close: [129.04, 188.85, 183.05], volume: [225702700, 45155200, 50759500] }] },
};

const NEWS = [
  { uuid: 'n-1', title: 'Apple unveils a new treasure map app', publisher: 'Reuters', link: 'https://finance.yahoo.com/news/apple-treasure-1.html', providerPublishTime: 1733130000, type: 'STORY', relatedTickers: ['AAPL'] },
  { uuid: 'n-2', title: 'Apple shares rise after earnings', publisher: 'Bloomberg', link: 'https://finance.yahoo.com/news/apple-earnings-2.html', providerPublishTime: 1733040000, type: 'STORY', relatedTickers: ['AAPL'] },
  { uuid: 'n-3', title: 'What analysts say about Apple', publisher: 'Barrons', link: 'https://finance.yahoo.com/news/apple-analysts-3.html', providerPublishTime: 1732950000, type: 'STORY', relatedTickers: ['AAPL'] },
];

const hasCookie = (req: RecordedRequest) => String(req.headers.cookie ?? '').includes(COOKIE);

export interface FakeYahooFinance extends FakeJsonService {
  /** Ends the current session: its crumb is refused from now on (401 "Invalid Crumb"), getcrumb gives a new one. */
  renewCrumb(): void;
}

export async function startFakeYahooFinance(options: FakeYahooOptions = {}): Promise<FakeYahooFinance> {
  let crumb = YAHOO_CRUMB;
  let sessions = 0;
  const fake = await startFakeJsonService((req): Answer => {
    if (req.path === '/fc') return { status: 404, body: 'Not Found', headers: { 'set-cookie': [`${COOKIE}; Expires=Sat, 05 Dec 2027 00:00:00 GMT; Path=/; Secure; HttpOnly; SameSite=None`] } };
    if (options.rateLimited) return { status: 429, body: 'Too Many Requests' };
    if (req.path === '/v1/test/getcrumb') return hasCookie(req) ? { body: crumb } : { status: 401, body: { finance: { result: null, error: { code: 'Unauthorized', description: 'Invalid Cookie' } } } };
    const summary = /^\/v10\/finance\/quoteSummary\/([^/]+)$/.exec(req.path);
    if (summary) {
      if (!hasCookie(req) || req.query.crumb !== crumb) return { status: 401, body: { finance: { result: null, error: { code: 'Unauthorized', description: 'Invalid Crumb' } } } };
      const symbol = decodeURIComponent(summary[1]!);
      if (symbol !== 'AAPL') return { status: 404, body: { quoteSummary: { result: null, error: { code: 'Not Found', description: `Quote not found for symbol: ${symbol}` } } } };
      const modules = (req.query.modules ?? '').split(',').filter((m) => m in MODULES);
      return { body: { quoteSummary: { result: [Object.fromEntries(modules.map((m) => [m, MODULES[m]]))], error: null } } };
    }
    const chart = /^\/v8\/finance\/chart\/([^/]+)$/.exec(req.path);
    if (chart) {
      const symbol = decodeURIComponent(chart[1]!);
      if (symbol !== 'AAPL') return { status: 404, body: { chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } } };
      return { body: { chart: { result: [CHART], error: null } } };
    }
    if (req.path === '/v1/finance/search') {
      const count = Number(req.query.newsCount ?? 8);
      const news = req.query.q === 'AAPL' ? NEWS.slice(0, count) : [];
      return { body: { explains: [], count: news.length, quotes: [], news, nav: [], lists: [], researchReports: [], totalTime: 12 } };
    }
    return { status: 404, body: { finance: { result: null, error: { code: 'Not Found', description: 'HTTP 404 Not Found' } } } };
  });
  return { ...fake, renewCrumb: () => void (crumb = `${YAHOO_CRUMB}.${++sessions}`) };
}
