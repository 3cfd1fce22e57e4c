/**
 * `POST /api/v1/run/{flow}` is served by a fast path outside Koa (server/http/fast-run.ts). The
 * same request through the Koa app (a trailing slash sends it there) must get the same status,
 * headers and body, for every kind of answer: success, streamed, and each refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAdminToken } from '../../server/services/admin-token.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { raw, type RawRequest, type RawResponse } from '../support/http.js';

const JSON_TYPE = { 'content-type': 'application/json' };

/** Headers that must match; Date, Keep-Alive and the like may not. */
const COMPARED_HEADERS = [
  'content-type',
  'content-length',
  'connection',
  'retry-after',
  'cache-control',
  'x-content-type-options',
  'x-frame-options',
  'content-security-policy',
  'referrer-policy',
  'cross-origin-resource-policy',
  'cross-origin-opener-policy',
  'access-control-allow-origin',
];

/** What must be equal between the two paths; ids, timestamps and session ids that differ per run are blanked. */
function comparable(res: RawResponse): unknown {
  const headers = Object.fromEntries(COMPARED_HEADERS.map((h) => [h, res.headers[h]]));
  if (res.status === 200) delete headers['content-length'];
  const text = res.text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)? UTC/g, '<time>');
  return { status: res.status, headers, text };
}

async function bothPaths(server: SpawnedServer, flowRef: string, query: string, request: RawRequest): Promise<[unknown, unknown]> {
  const fast = await raw(server.url, `/api/v1/run/${flowRef}${query}`, request);
  const koa = await raw(server.url, `/api/v1/run/${flowRef}/${query}`, request);
  return [comparable(fast), comparable(koa)];
}

const CASES: [string, string, string, RawRequest][] = [
  ['a blocking run', 'text-template', '', { method: 'POST', headers: JSON_TYPE, body: '{"input_value":"hi","session_id":"s1"}' }],
  ['a run with no body', 'text-template', '?stream=false', { method: 'POST', headers: {} }],
  ['a streamed run', 'text-template', '?stream=true', { method: 'POST', headers: JSON_TYPE, body: '{"input_value":"hi","session_id":"s2"}' }],
  ['a run streamed by the body (the Python SDK\'s stream())', 'text-template', '', { method: 'POST', headers: JSON_TYPE, body: '{"input_value":"hi","session_id":"s3","stream":true}' }],
  ['an unknown flow', 'no-such-flow', '', { method: 'POST', headers: JSON_TYPE, body: '{}' }],
  ['an unknown flow, streamed', 'no-such-flow', '?stream=1', { method: 'POST', headers: JSON_TYPE, body: '{}' }],
  ['malformed JSON', 'text-template', '', { method: 'POST', headers: JSON_TYPE, body: '{"input_value": ' }],
  ['a wrong type', 'text-template', '', { method: 'POST', headers: JSON_TYPE, body: '{"input_value": 5, "output_type": "nope"}' }],
  ['a bad ?stream', 'text-template', '?stream=maybe', { method: 'POST', headers: JSON_TYPE, body: '{}' }],
  ['an input/tweak conflict', 'text-template', '', { method: 'POST', headers: JSON_TYPE, body: '{"input_value":"a","tweaks":{"ChatInput-Tt3mA":{"input_value":"b"}}}' }],
  ['a refused tweak', 'basic-prompting', '', { method: 'POST', headers: JSON_TYPE, body: '{"input_value":"a","tweaks":{"OpenAIModel-5UyvQ":{"openai_api_base":"http://127.0.0.1:9/v1","api_key":"sk-x"}}}' }],
  ['a refused tweak, streamed', 'basic-prompting', '?stream=true', { method: 'POST', headers: JSON_TYPE, body: '{"input_value":"a","tweaks":{"openai_api_base":"http://127.0.0.1:9/v1"}}' }],
  ['a form-encoded body', 'text-template', '', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'input_value=x' }],
  ['a text/plain body', 'text-template', '', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }],
  ['a foreign Host', 'text-template', '', { method: 'POST', headers: { ...JSON_TYPE, host: 'evil.example:80' }, body: '{}' }],
  ['a foreign Origin', 'text-template', '', { method: 'POST', headers: { ...JSON_TYPE, origin: 'https://evil.example' }, body: '{}' }],
  ['a cross-site fetch', 'text-template', '', { method: 'POST', headers: { ...JSON_TYPE, 'sec-fetch-site': 'cross-site' }, body: '{}' }],
  ['a wrong key', 'text-template', '', { method: 'POST', headers: { ...JSON_TYPE, 'x-api-key': 'sk-wrong' }, body: '{}' }],
  ['a wrong key in the query', 'text-template', '?x-api-key=sk-wrong', { method: 'POST', headers: JSON_TYPE, body: '{}' }],
  ['an oversized declared body', 'text-template', '', { method: 'POST', headers: { ...JSON_TYPE, 'content-length': '2000' }, body: 'x'.repeat(2000) }],
  ['JSON nested too deep', 'text-template', '', { method: 'POST', headers: JSON_TYPE, body: '['.repeat(200) + ']'.repeat(200) }],
];

describe('the run route fast path answers as the Koa app does', () => {
  let server: SpawnedServer;
  beforeAll(async () => {
    server = await spawnServer({ args: ['--max-body-size', '1kb', '--cors-origins', 'https://app.example'] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each(CASES)('%s', async (_name, flowRef, query, request) => {
    const [fast, koa] = await bothPaths(server, flowRef, query, request);
    expect(fast).toEqual(koa);
  });

  it('streams when the body says "stream": true (the Python SDK\'s stream() sends it there), on both paths', async () => {
    for (const path of ['/api/v1/run/text-template', '/api/v1/run/text-template/']) {
      const res = await raw(server.url, path, { method: 'POST', headers: JSON_TYPE, body: '{"input_value":"hi","stream":true}' });
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type'], path).toBe('text/event-stream; charset=utf-8');
      const events = res.text.split('\n\n').filter((e) => e.trim() !== '').map((e) => (JSON.parse(e) as { event: string }).event);
      expect(events, path).toEqual(['add_message', 'add_message', 'end']);
    }
  });

  it('leaves a listed CORS origin to the Koa app, which adds the CORS headers', async () => {
    const res = await raw(server.url, '/api/v1/run/text-template', { method: 'POST', headers: { ...JSON_TYPE, origin: 'https://app.example' }, body: '{}' });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
  });

  it('leaves a flow reference with escapes to the router, which runs it', async () => {
    const res = await raw(server.url, '/api/v1/run/text%2Dtemplate', { method: 'POST', headers: JSON_TYPE, body: '{"input_value":"hi"}' });
    expect(res.status).toBe(200);
    expect(res.json.outputs[0].outputs[0].results.message.text).toContain('You wrote: "hi"');
  });
});

describe('the fast path with keys required', () => {
  let server: SpawnedServer;
  let adminToken: string;
  beforeAll(async () => {
    server = await spawnServer({ args: ['--require-api-key'] });
    adminToken = (await readAdminToken(server.dataDir)) as string;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses a missing key and accepts a valid one, like the Koa app', async () => {
    const body = { method: 'POST', headers: JSON_TYPE, body: '{"input_value":"hi","session_id":"k"}' };
    const [fastMissing, koaMissing] = await bothPaths(server, 'text-template', '', body);
    expect(fastMissing).toEqual(koaMissing);
    expect((fastMissing as { status: number }).status).toBe(403);

    const created = await raw(server.url, '/api/v1/api_key/', { method: 'POST', headers: { ...JSON_TYPE, 'x-api-key': adminToken }, body: '{"name":"fast"}' });
    expect(created.status).toBe(200);
    const key = created.json.api_key as string;
    const withKey = { ...body, headers: { ...JSON_TYPE, 'x-api-key': key } };
    const [fast, koa] = await bothPaths(server, 'text-template', '', withKey);
    expect(fast).toEqual(koa);
    expect((fast as { status: number }).status).toBe(200);
    const [fastQuery, koaQuery] = await bothPaths(server, 'text-template', `?x-api-key=${encodeURIComponent(key)}`, body);
    expect(fastQuery).toEqual(koaQuery);
    expect((fastQuery as { status: number }).status).toBe(200);

    // Each request counted the key's use once, on both paths.
    const listed = await raw(server.url, '/api/v1/api_key/', { headers: { 'x-api-key': adminToken } });
    expect(listed.json.api_keys.find((k: { name: string }) => k.name === 'fast').total_uses).toBe(4);
  });
});
