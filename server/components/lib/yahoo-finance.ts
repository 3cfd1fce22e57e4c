/**
 * Yahoo Finance's JSON endpoints, called as yfinance and yahoo-finance2 call them: `/v1/finance/search`
 * (news), `/v8/finance/chart/{symbol}` (prices and dividend/split/capital-gain events) and
 * `/v10/finance/quoteSummary/{symbol}` (company data by module), the last with the session cookie
 * (from fc.yahoo.com) and the crumb (`/v1/test/getcrumb`) Yahoo asks for. yahoo-finance2 takes
 * neither a custom fetch nor a base URL, so these go through ctx.http (lib/web-service).
 */
import type { RunContext } from '../../engine/define-component.js';
import { WebServiceError, callService, callServiceJson, serviceBaseUrl, serviceFetch, type WebService } from './web-service.js';

export const YAHOO_FINANCE: WebService = { name: 'Yahoo! Finance', baseUrl: 'https://query2.finance.yahoo.com', baseUrlEnv: 'YAHOO_FINANCE_BASE_URL' };
/** Where the session cookie comes from (replaced, for tests or a proxy, by YAHOO_FINANCE_COOKIE_URL). */
const COOKIE_URL = 'https://fc.yahoo.com';
/** Yahoo answers 429 to clients that do not look like a browser. */
const HEADERS = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36' };

type Ctx = Pick<RunContext, 'env' | 'http'>;
// Yahoo's answers are deep, loosely typed JSON read defensively (every access has a fallback).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Json = Record<string, any>;

export interface NewsArticle {
  uuid?: string;
  title: string;
  link: string;
  [key: string]: unknown;
}

/** The symbol's latest news articles (search's `news`: uuid, title, publisher, link, providerPublishTime, type, thumbnail, relatedTickers). */
export async function yahooNews(ctx: Ctx, symbol: string, count: number): Promise<NewsArticle[]> {
  const answer = await callServiceJson<{ news?: NewsArticle[] }>(YAHOO_FINANCE, ctx, '/v1/finance/search', {
    headers: HEADERS,
    query: { q: symbol, quotesCount: 0, newsCount: count, enableFuzzyQuery: false },
  });
  return answer.news ?? [];
}

/** The chart of the symbol's whole history, daily, with its events. */
export async function yahooChart(ctx: Ctx, symbol: string): Promise<Json> {
  const answer = await callServiceJson<{ chart?: { result?: Json[] | null; error?: Json | null } }>(YAHOO_FINANCE, ctx, `/v8/finance/chart/${encodeURIComponent(symbol)}`, {
    headers: HEADERS,
    query: { period1: -2208994789, period2: Math.floor(Date.now() / 1000), interval: '1d', events: 'div,splits,capitalGains', includePrePost: false },
  }).catch((error: unknown) => {
    // Yahoo answers an unknown or delisted symbol with 404 (yfinance's words for it).
    if (error instanceof Error && /HTTP 404/.test(error.message)) throw new Error(`${symbol}: possibly delisted; no price data found`, { cause: error });
    throw error;
  });
  const result = answer.chart?.result?.[0];
  if (!result) throw new Error(`${symbol}: ${describeError(answer.chart?.error) ?? 'possibly delisted; no price data found'}`);
  return result;
}

/** The quoteSummary modules of the symbol, by name (`null` for a module Yahoo has none of). */
export async function yahooQuoteSummary(ctx: Ctx, symbol: string, modules: string[]): Promise<Json> {
  let res: Response | undefined;
  // A session Yahoo no longer takes (401) is replaced once by a new one.
  for (let attempt = 0; !res; attempt++) {
    const session = await yahooSession(ctx, attempt > 0);
    try {
      res = await callService(YAHOO_FINANCE, ctx, `/v10/finance/quoteSummary/${encodeURIComponent(symbol)}`, {
        headers: { ...HEADERS, cookie: session.cookie },
        query: { modules: modules.join(','), corsDomain: 'finance.yahoo.com', formatted: false, symbol, crumb: session.crumb },
      });
    } catch (error) {
      const status = error instanceof WebServiceError ? error.status : undefined;
      // Yahoo answers an unknown symbol with 404 and "Quote not found for symbol".
      if (status === 404) throw new Error(`${symbol}: Quote not found for symbol: ${symbol}`, { cause: error });
      if (status !== 401 && status !== 403) throw error;
      if (attempt > 0) throw new WebServiceError(YAHOO_FINANCE.name, `Yahoo! Finance refused its session (cookie and crumb) twice (HTTP ${status})`, status, { cause: error });
    }
  }
  const answer = (await res.json()) as { quoteSummary?: { result?: Json[] | null; error?: Json | null } };
  const result = answer.quoteSummary?.result?.[0];
  if (!result) throw new Error(`${symbol}: ${describeError(answer.quoteSummary?.error) ?? 'no data found'}`);
  return result;
}

interface Session {
  cookie: string;
  crumb: string;
  at: number;
}

/** Sessions by cookie URL and base URL, kept an hour (Yahoo limits how often a crumb may be asked for). */
const sessions = new Map<string, Promise<Session>>();
const SESSION_MS = 3_600_000;

async function yahooSession(ctx: Ctx, renew: boolean): Promise<Session> {
  const cookieUrl = (ctx.env.YAHOO_FINANCE_COOKIE_URL?.trim() || COOKIE_URL).replace(/\/+$/, '');
  const key = `${cookieUrl} ${serviceBaseUrl(YAHOO_FINANCE, ctx)}`;
  const kept = renew ? undefined : await sessions.get(key)?.catch(() => undefined);
  if (kept && Date.now() - kept.at < SESSION_MS) return kept;
  const made = newSession(ctx, cookieUrl);
  sessions.set(key, made);
  made.catch(() => sessions.delete(key));
  return made;
}

/** A session: a cookie from fc.yahoo.com, then its crumb from `/v1/test/getcrumb`. */
async function newSession(ctx: Ctx, cookieUrl: string): Promise<Session> {
  // fc.yahoo.com answers 404 (or a redirect) with the cookie: the status does not matter.
  const res = await serviceFetch(YAHOO_FINANCE, ctx)(cookieUrl, { headers: HEADERS, redirect: 'manual' });
  await res.arrayBuffer().catch(() => undefined);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!.trim())
    .filter(Boolean)
    .join('; ');
  if (!cookie) throw new Error('Yahoo! Finance gave no session cookie (from fc.yahoo.com), so it cannot be asked for company data');
  let crumb: string;
  try {
    crumb = (await (await callService(YAHOO_FINANCE, ctx, '/v1/test/getcrumb', { headers: { ...HEADERS, cookie, accept: 'text/plain' } })).text()).trim();
  } catch (error) {
    const status = error instanceof WebServiceError ? error.status : undefined;
    if (status === 401 || status === 403) throw new WebServiceError(YAHOO_FINANCE.name, `Yahoo! Finance refused to open a session (no crumb for its cookie, HTTP ${status})`, status, { cause: error });
    throw error;
  }
  if (!crumb || crumb.includes('<')) throw new Error('Yahoo! Finance gave no crumb for its session');
  return { cookie, crumb, at: Date.now() };
}

function describeError(error: Json | null | undefined): string | undefined {
  if (!error) return undefined;
  return typeof error.description === 'string' ? error.description : typeof error.code === 'string' ? error.code : undefined;
}

/** A quoteSummary value with Yahoo's `{raw, fmt}` wrappers replaced by the raw values (as yfinance does). */
export function unwrap(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrap);
  if (value && typeof value === 'object') {
    const record = value as Json;
    if ('raw' in record) return record.raw;
    if ('fmt' in record && Object.keys(record).length <= 2) return record.fmt ?? null;
    if (Object.keys(record).length === 0) return null;
    return Object.fromEntries(Object.entries(record).filter(([k]) => k !== 'maxAge').map(([k, v]) => [k, unwrap(v)]));
  }
  return value;
}
