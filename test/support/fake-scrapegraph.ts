/**
 * A local ScrapeGraph AI API (https://docs.scrapegraphai.com/services/searchscraper), v1 as the
 * scrapegraph-py client calls it: `POST /v1/searchscraper` with the `SGAI-APIKEY` header and a JSON
 * body `{ user_prompt, num_results, extraction_mode, mock, render_heavy_js, stealth }`; it answers
 * the finished request `{ request_id, status: 'completed', user_prompt, result, reference_urls, error }`
 * (and `GET /v1/searchscraper/{id}` gives it again), or `{ detail }` errors.
 */
import { randomUUID } from 'node:crypto';
import { keyOf, startFakeJsonService, type Answer, type FakeJsonService } from './fake-json-service.js';

export const SCRAPEGRAPH_TEST_KEY = 'sgai-00000000-0000-0000-0000-000000000001';

export interface FakeScrapeGraphOptions {
  keys?: string[];
  /** The search result for a prompt; default: an answer naming the prompt, from two made-up sites. */
  search?: (prompt: string) => { result: Record<string, unknown>; reference_urls: string[] };
  /** Answer every search with this status and `{ detail }` body. */
  fail?: { status: number; detail: string };
}

export async function startFakeScrapeGraph(options: FakeScrapeGraphOptions = {}): Promise<FakeJsonService> {
  const keys = options.keys ?? [SCRAPEGRAPH_TEST_KEY];
  const done = new Map<string, Record<string, unknown>>();
  return startFakeJsonService((req): Answer => {
    if (!keys.includes(keyOf(req, 'sgai-apikey') ?? '')) return { status: 401, body: { detail: 'Invalid API key' } };
    const got = /^\/v1\/searchscraper\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && got) {
      const found = done.get(got[1]!);
      return found ? { body: found } : { status: 404, body: { detail: 'Request not found' } };
    }
    if (req.method !== 'POST' || req.path !== '/v1/searchscraper') return { status: 404, body: { detail: 'Not Found' } };
    if (options.fail) return { status: options.fail.status, body: { detail: options.fail.detail } };
    const prompt = typeof req.body?.user_prompt === 'string' ? req.body.user_prompt.trim() : '';
    if (!prompt) return { status: 422, body: { detail: 'User prompt cannot be empty' } };
    const found = options.search?.(prompt) ?? {
      result: { answer: `What the web says about: ${prompt}` },
      reference_urls: ['https://example.com/one', 'https://example.org/two'],
    };
    const answer = { request_id: randomUUID(), status: 'completed', user_prompt: prompt, num_results: req.body?.num_results ?? 3, ...found, error: '' };
    done.set(answer.request_id, answer);
    return { body: answer };
  });
}
