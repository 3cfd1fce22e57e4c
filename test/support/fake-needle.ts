/**
 * A local Needle search API (https://docs.needle-ai.com), as needle-python calls it:
 * `POST /api/v1/collections/{collection_id}/search` with the `x-api-key` header and a JSON body
 * `{ text, max_distance, top_k }`; it answers `{ result: [{ id, content, file_id }, ...] }` (the
 * chunks that share the most words with the text, at most top_k), or `{ error: { code, message } }`.
 */
import { keyOf, startFakeJsonService, type Answer, type FakeJsonService } from './fake-json-service.js';

export const NEEDLE_TEST_KEY = 'needle-test-key';

export interface NeedleChunk {
  content: string;
  file_id: string;
}

export interface FakeNeedleOptions {
  keys?: string[];
  /** The collections: id → chunks (default: one collection `clt_invoices` of three invoice chunks). */
  collections?: Record<string, NeedleChunk[]>;
  /** Answer every search with this status and Needle's error body. */
  fail?: { status: number; message: string };
}

export const DEFAULT_COLLECTIONS: Record<string, NeedleChunk[]> = {
  clt_invoices: [
    { content: 'Invoice INV-001 from Acme Corp: total due 1,250.00 USD by 2025-01-31.', file_id: 'fle_acme' },
    { content: 'Invoice INV-002 from Globex: total due 980.50 EUR by 2025-02-15.', file_id: 'fle_globex' },
    { content: 'Packing list for order 77: three crates of treasure maps.', file_id: 'fle_packing' },
  ],
};

const words = (text: string) => new Set(text.toLowerCase().match(/[a-z0-9]+/g) ?? []);

export async function startFakeNeedle(options: FakeNeedleOptions = {}): Promise<FakeJsonService> {
  const keys = options.keys ?? [NEEDLE_TEST_KEY];
  const collections = options.collections ?? DEFAULT_COLLECTIONS;
  return startFakeJsonService((req): Answer => {
    if (!keys.includes(keyOf(req, 'x-api-key') ?? '')) return { status: 401, body: { error: { code: 'unauthorized', message: 'Invalid API key' } } };
    const path = /^\/api\/v1\/collections\/([^/]+)\/search$/.exec(req.path);
    if (req.method !== 'POST' || !path) return { status: 404, body: { error: { code: 'not_found', message: 'Not found' } } };
    if (options.fail) return { status: options.fail.status, body: { error: { code: 'error', message: options.fail.message } } };
    const chunks = collections[decodeURIComponent(path[1]!)];
    if (!chunks) return { status: 404, body: { error: { code: 'not_found', message: `Collection ${path[1]} not found` } } };
    const text = typeof req.body?.text === 'string' ? req.body.text : '';
    if (!text.trim()) return { status: 400, body: { error: { code: 'bad_request', message: 'text is required' } } };
    const asked = words(text);
    const scored = chunks
      .map((chunk, i) => ({ chunk, i, score: [...words(chunk.content)].filter((w) => asked.has(w)).length }))
      .filter((s) => s.score > 0)
      .sort((a, b) => b.score - a.score || a.i - b.i);
    const topK = typeof req.body?.top_k === 'number' ? req.body.top_k : 10;
    return { body: { result: scored.slice(0, topK).map(({ chunk, i }) => ({ id: `chk_${i}`, content: chunk.content, file_id: chunk.file_id })) } };
  });
}
