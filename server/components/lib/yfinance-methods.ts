/**
 * yfinance's `Ticker` methods Langflow's Yahoo! Finance offers, each computed from Yahoo's JSON the
 * way yfinance builds its value: dicts for info and calendar, pandas Series for dividends, splits and
 * capital gains, DataFrames (as `Table`) for holders, recommendations and the like.
 */
import type { RunContext } from '../../engine/define-component.js';
import { PyDate, float64Cells, type Series, type Table } from './py-pformat.js';
import { unwrap, yahooChart, yahooQuoteSummary, type Json } from './yahoo-finance.js';

/** Langflow's Data Method options, in its order. */
export const METHODS = [
  'get_info',
  'get_news',
  'get_actions',
  'get_analysis',
  'get_balance_sheet',
  'get_calendar',
  'get_cashflow',
  'get_institutional_holders',
  'get_recommendations',
  'get_sustainability',
  'get_major_holders',
  'get_mutualfund_holders',
  'get_insider_purchases',
  'get_insider_transactions',
  'get_insider_roster_holders',
  'get_dividends',
  'get_capital_gains',
  'get_splits',
  'get_shares',
  'get_fast_info',
  'get_sec_filings',
  'get_recommendations_summary',
  'get_upgrades_downgrades',
  'get_earnings',
  'get_income_stmt',
] as const;

/** Methods yfinance answers from the fundamentals time series (not called here). */
export const UNSUPPORTED_METHODS = new Set(['get_analysis', 'get_balance_sheet', 'get_cashflow', 'get_income_stmt', 'get_shares']);

type Ctx = Pick<RunContext, 'env' | 'http'>;

/** The modules of quoteSummary yfinance merges into `info`. */
const INFO_MODULES = ['financialData', 'quoteType', 'defaultKeyStatistics', 'assetProfile', 'summaryDetail'];

export async function fetchMethod(ctx: Ctx, symbol: string, method: string): Promise<unknown> {
  switch (method) {
    case 'get_info': {
      const modules = await yahooQuoteSummary(ctx, symbol, INFO_MODULES);
      return Object.assign({}, ...INFO_MODULES.map((m) => (unwrap(modules[m]) as Json | null) ?? {}));
    }
    case 'get_calendar':
      return calendar(unwrap((await yahooQuoteSummary(ctx, symbol, ['calendarEvents'])).calendarEvents) as Json | null);
    case 'get_recommendations':
    case 'get_recommendations_summary': {
      const trend = ((unwrap((await yahooQuoteSummary(ctx, symbol, ['recommendationTrend'])).recommendationTrend) as Json | null)?.trend ?? []) as Json[];
      return records(trend, ['period', 'strongBuy', 'buy', 'hold', 'sell', 'strongSell']);
    }
    case 'get_upgrades_downgrades': {
      const history = ((unwrap((await yahooQuoteSummary(ctx, symbol, ['upgradeDowngradeHistory'])).upgradeDowngradeHistory) as Json | null)?.history ?? []) as Json[];
      const columns = ['Firm', 'ToGrade', 'FromGrade', 'Action'];
      const keys = ['firm', 'toGrade', 'fromGrade', 'action'];
      return table('GradeDate', history.map((h) => isoSeconds(h.epochGradeDate)), columns, history.map((h) => keys.map((k) => h[k] ?? '')));
    }
    case 'get_institutional_holders':
      return holders((await yahooQuoteSummary(ctx, symbol, ['institutionOwnership'])).institutionOwnership);
    case 'get_mutualfund_holders':
      return holders((await yahooQuoteSummary(ctx, symbol, ['fundOwnership'])).fundOwnership);
    case 'get_major_holders': {
      const breakdown = (unwrap((await yahooQuoteSummary(ctx, symbol, ['majorHoldersBreakdown'])).majorHoldersBreakdown) as Json | null) ?? {};
      const keys = Object.keys(breakdown);
      return table('Breakdown', keys, ['Value'], keys.map((k) => [breakdown[k]]));
    }
    case 'get_insider_transactions': {
      const list = ((unwrap((await yahooQuoteSummary(ctx, symbol, ['insiderTransactions'])).insiderTransactions) as Json | null)?.transactions ?? []) as Json[];
      const columns = ['Shares', 'Value', 'URL', 'Text', 'Insider', 'Position', 'Transaction', 'Start Date', 'Ownership'];
      const rows = list.map((t) => [t.shares, t.value ?? NaN, t.filerUrl ?? '', t.transactionText ?? '', t.filerName, t.filerRelation, t.moneyText ?? '', dateOf(t.startDate), t.ownership]);
      return table(null, rows.map((_, i) => String(i)), columns, rows);
    }
    case 'get_insider_roster_holders': {
      const list = ((unwrap((await yahooQuoteSummary(ctx, symbol, ['insiderHolders'])).insiderHolders) as Json | null)?.holders ?? []) as Json[];
      const columns = ['Name', 'Position', 'URL', 'Most Recent Transaction', 'Latest Transaction Date', 'Shares Owned Directly', 'Position Direct Date'];
      const rows = list.map((h) => [h.name, h.relation, h.url ?? '', h.transactionDescription, dateOf(h.latestTransDate), h.positionDirect ?? NaN, dateOf(h.positionDirectDate)]);
      return table(null, rows.map((_, i) => String(i)), columns, rows);
    }
    case 'get_insider_purchases': {
      const n = (unwrap((await yahooQuoteSummary(ctx, symbol, ['netSharePurchaseActivity'])).netSharePurchaseActivity) as Json | null) ?? {};
      const rows: [string, unknown, unknown][] = [
        ['Purchases', n.buyInfoShares, n.buyInfoCount],
        ['Sales', n.sellInfoShares, n.sellInfoCount],
        ['Net Shares Purchased (Sold)', n.netInfoShares, n.netInfoCount],
        ['Total Insider Shares Held', n.totalInsiderShares, NaN],
        ['% Net Shares Purchased (Sold)', n.netPercentInsiderShares, NaN],
        ['% Buy Shares', n.buyPercentInsiderShares, NaN],
        ['% Sell Shares', n.sellPercentInsiderShares, NaN],
      ];
      const header = `Insider Purchases Last ${String(n.period ?? '6m')}`;
      if (Object.keys(n).length === 0) return table(null, [], [header, 'Shares', 'Trans'], []);
      return table(null, rows.map((_, i) => String(i)), [header, 'Shares', 'Trans'], rows);
    }
    case 'get_sustainability': {
      const scores = (unwrap((await yahooQuoteSummary(ctx, symbol, ['esgScores'])).esgScores) as Json | null) ?? {};
      const keys = Object.keys(scores);
      return table(null, keys, ['esgScores'], keys.map((k) => [scores[k]]));
    }
    case 'get_sec_filings': {
      const filings = ((unwrap((await yahooQuoteSummary(ctx, symbol, ['secFilings'])).secFilings) as Json | null)?.filings ?? []) as Json[];
      return filings.map((f) => ({ ...f, date: typeof f.date === 'string' ? new PyDate(f.date.slice(0, 10)) : f.date }));
    }
    case 'get_earnings': {
      const yearly = ((unwrap((await yahooQuoteSummary(ctx, symbol, ['earnings'])).earnings) as Json | null)?.financialsChart?.yearly ?? []) as Json[];
      return table('Year', yearly.map((y) => String(y.date)), ['Revenue', 'Earnings'], yearly.map((y) => [y.revenue, y.earnings]));
    }
    case 'get_dividends':
    case 'get_splits':
    case 'get_capital_gains':
    case 'get_actions':
      return chartEvents(await yahooChart(ctx, symbol), method);
    case 'get_fast_info': {
      const meta = ((await yahooChart(ctx, symbol)).meta ?? {}) as Json;
      return {
        currency: meta.currency ?? null,
        dayHigh: meta.regularMarketDayHigh ?? null,
        dayLow: meta.regularMarketDayLow ?? null,
        exchange: meta.exchangeName ?? null,
        lastPrice: meta.regularMarketPrice ?? null,
        lastVolume: meta.regularMarketVolume ?? null,
        previousClose: meta.chartPreviousClose ?? meta.previousClose ?? null,
        quoteType: meta.instrumentType ?? null,
        regularMarketPreviousClose: meta.previousClose ?? meta.chartPreviousClose ?? null,
        timezone: meta.exchangeTimezoneName ?? null,
        yearHigh: meta.fiftyTwoWeekHigh ?? null,
        yearLow: meta.fiftyTwoWeekLow ?? null,
      };
    }
    default:
      throw new Error(`the ${method} method is not available`);
  }
}

function table(indexName: string | null, index: string[], columns: string[], rows: unknown[][]): Table {
  return { kind: 'table', indexName, index, columns, rows };
}

function records(list: Json[], columns: string[]): Table {
  return table(null, list.map((_, i) => String(i)), columns, list.map((r) => columns.map((c) => r[c] ?? null)));
}

function holders(module: unknown): Table {
  const list = (((unwrap(module) as Json | null)?.ownershipList ?? []) as Json[]).filter((h) => h && typeof h === 'object');
  const rows = list.map((h) => [dateOf(h.reportDate), h.organization, h.pctHeld, h.position, h.value, h.pctChange]);
  return table(null, rows.map((_, i) => String(i)), ['Date Reported', 'Holder', 'pctHeld', 'Shares', 'Value', 'pctChange'], rows);
}

function calendar(events: Json | null): Json {
  const out: Json = {};
  if (!events) return out;
  if (events.dividendDate != null) out['Dividend Date'] = dateOf(events.dividendDate);
  if (events.exDividendDate != null) out['Ex-Dividend Date'] = dateOf(events.exDividendDate);
  const earnings = (events.earnings ?? {}) as Json;
  if (Array.isArray(earnings.earningsDate)) out['Earnings Date'] = earnings.earningsDate.map(dateOf);
  const keys: [string, string][] = [
    ['earningsHigh', 'Earnings High'],
    ['earningsLow', 'Earnings Low'],
    ['earningsAverage', 'Earnings Average'],
    ['revenueHigh', 'Revenue High'],
    ['revenueLow', 'Revenue Low'],
    ['revenueAverage', 'Revenue Average'],
  ];
  for (const [from, to] of keys) if (earnings[from] !== undefined) out[to] = earnings[from];
  return out;
}

/** Seconds since the epoch (or an ISO date) as a `datetime.date`. */
function dateOf(value: unknown): PyDate | null {
  if (typeof value === 'number') return new PyDate(new Date(value * 1000).toISOString().slice(0, 10));
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return new PyDate(value.slice(0, 10));
  return null;
}

function isoSeconds(value: unknown): string {
  return typeof value === 'number' ? new Date(value * 1000).toISOString().slice(0, 19).replace('T', ' ') : String(value ?? '');
}

const EVENT_COLUMNS: Record<string, { key: string; name: string; value: (e: Json) => number }> = {
  get_dividends: { key: 'dividends', name: 'Dividends', value: (e) => Number(e.amount) },
  get_splits: { key: 'splits', name: 'Stock Splits', value: (e) => Number(e.numerator) / Number(e.denominator) },
  get_capital_gains: { key: 'capitalGains', name: 'Capital Gains', value: (e) => Number(e.amount) },
};

/** The chart's events as yfinance's Series (or, for get_actions, its Dividends/Stock Splits table), dated at midnight exchange time. */
function chartEvents(chart: Json, method: string): Series | Table {
  const zone = typeof chart.meta?.exchangeTimezoneName === 'string' ? chart.meta.exchangeTimezoneName : 'UTC';
  const eventsOf = (key: string) =>
    Object.values((chart.events?.[key] ?? {}) as Record<string, Json>)
      .map((e) => ({ date: localMidnight(Number(e.date), zone), event: e }))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (method !== 'get_actions') {
    const spec = EVENT_COLUMNS[method]!;
    const events = eventsOf(spec.key);
    return { kind: 'series', indexName: 'Date', name: spec.name, dtype: 'float64', index: events.map((e) => e.date), values: float64Cells(events.map((e) => spec.value(e.event))) };
  }
  const specs = [EVENT_COLUMNS.get_dividends!, EVENT_COLUMNS.get_splits!, ...(chart.events?.capitalGains ? [EVENT_COLUMNS.get_capital_gains!] : [])];
  const byDate = new Map<string, number[]>();
  specs.forEach((spec, c) => {
    for (const { date, event } of eventsOf(spec.key)) {
      const row = byDate.get(date) ?? specs.map(() => 0);
      row[c] = spec.value(event);
      byDate.set(date, row);
    }
  });
  const dates = [...byDate.keys()].sort();
  const columns = specs.map((_, c) => float64Cells(dates.map((d) => byDate.get(d)![c]!)));
  return table('Date', dates, specs.map((s) => s.name), dates.map((_, r) => columns.map((col) => col[r])));
}

/** pandas' text of the event's trading day at midnight in the exchange's time zone: `2024-02-09 00:00:00-05:00`. */
function localMidnight(seconds: number, zone: string): string {
  const date = new Date(seconds * 1000);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date).map((p) => [p.type, p.value]));
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  const offsetName = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = offsetName === 'GMT' ? '+00:00' : offsetName.replace('GMT', '');
  return `${day} 00:00:00${offset}`;
}
