/**
 * A local AgentQL REST API (https://docs.agentql.com/rest-api/api-reference): `POST /v1/query-data`
 * with the `X-API-Key` header and a JSON body of `url`, `query` or `prompt`, `params` (mode,
 * wait_for, is_scroll_to_bottom_enabled, is_screenshot_enabled) and `metadata`
 * (experimental_stealth_mode_enabled); it answers `{ data, metadata: { request_id, ... } }`, or
 * AgentQL's error bodies (`{ error_info }` for a refused key or a page that fails, FastAPI's
 * `{ detail }` for an invalid request).
 */
import { keyOf, startFakeJsonService, type Answer, type FakeJsonService } from './fake-json-service.js';

export interface FakeAgentQLOptions {
  /** Keys it accepts (default: `agentql-test-key`). */
  keys?: string[];
  /** The data extracted from a page; default: the page's URL and the fields the query names (or the prompt). */
  extract?: (url: string, query: string | null, prompt: string | null) => Record<string, unknown>;
  /** Answer every request with this status and AgentQL's `error_info` body. */
  fail?: { status: number; error_info: string };
  /** Wait this long before answering. */
  delayMs?: number;
}

export const AGENTQL_TEST_KEY = 'agentql-test-key';

/** The field names of an AgentQL query (`{ products[] { name price } }` → products, name, price). */
export function queryFields(query: string): string[] {
  return [...query.matchAll(/([A-Za-z_][A-Za-z0-9_]*)(\[\])?/g)].map((m) => m[1]!);
}

export async function startFakeAgentQL(options: FakeAgentQLOptions = {}): Promise<FakeJsonService> {
  const keys = options.keys ?? [AGENTQL_TEST_KEY];
  let served = 0;
  return startFakeJsonService((req): Answer => {
    const delayMs = options.delayMs;
    if (req.method !== 'POST' || req.path !== '/v1/query-data') return { status: 404, body: { detail: 'Not Found' } };
    if (!keys.includes(keyOf(req, 'x-api-key') ?? '')) return { status: 401, body: { error_info: 'Invalid or missing API key.' } };
    if (options.fail) return { status: options.fail.status, body: { error_info: options.fail.error_info }, delayMs };
    const body = (req.body ?? {}) as Record<string, any>;
    const query = typeof body.query === 'string' && body.query ? body.query : null;
    const prompt = typeof body.prompt === 'string' && body.prompt ? body.prompt : null;
    if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url)) {
      return { status: 422, body: { detail: [{ loc: ['body', 'url'], msg: 'Input should be a valid URL', type: 'url_parsing' }] } };
    }
    if (!query && !prompt) return { status: 400, body: { error_info: 'Either query or prompt must be provided.' } };
    served++;
    const data = options.extract
      ? options.extract(body.url, query, prompt)
      : query
        ? Object.fromEntries(queryFields(query).map((f) => [f, `${f} of ${body.url}`]))
        : { answer: `${prompt} (from ${body.url})` };
    const metadata: Record<string, unknown> = { request_id: `req-${served}` };
    if (!query) metadata.generated_query = `{ answer }`;
    if (body.params?.is_screenshot_enabled === true) metadata.screenshot = Buffer.from(`screenshot of ${body.url}`).toString('base64');
    return { body: { data, metadata }, delayMs };
  });
}
