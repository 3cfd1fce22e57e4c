import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import APIRequest, { parseCurl } from '../../server/components/api-request.js';
import { isTool, type Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import type { Data } from '../../shared/data.js';
import { deadUrl, startFakeWeb, type FakeWeb } from '../support/fake-web.js';
import { testContext } from '../engine/support.js';

const defaults = Object.fromEntries(APIRequest.fields.map((f) => [f.name, f.default]));
let web: FakeWeb;
beforeAll(async () => {
  web = await startFakeWeb();
});
afterAll(async () => web.close());

const http = createHttpAccess();
const call = async (extra: Record<string, unknown>) => ((await APIRequest.run({ ...defaults, ...extra }, testContext({ http, wanted: ['data'] }))).data as Data).data;

describe('APIRequest', () => {
  it('GETs a JSON API and answers status, headers and the parsed body', async () => {
    const data = await call({ url_input: `${web.url}/api/items` });
    expect(data.status_code).toBe(200);
    expect((data.response_headers as Record<string, string>)['x-total']).toBe('2');
    expect(data.result).toEqual({ items: [{ name: 'pen', price: 2 }, { name: 'ink', price: 5 }] });
    expect(data.source).toBe(`${web.url}/api/items`);
  });

  it('sends method, query, headers (as Langflow table rows) and a JSON body', async () => {
    const data = await call({
      url_input: `${web.url}/echo`,
      method: 'POST',
      query_params: { page: '2' },
      headers: [{ key: 'X-Token', value: 'abc' }],
      body: [{ key: 'name', value: 'pen' }, { key: 'tags', value: '["a","b"]' }],
    });
    expect(data.status_code).toBe(201);
    const echo = data.result as { method: string; query: Record<string, string>; headers: Record<string, string>; body: unknown };
    expect(echo.method).toBe('POST');
    expect(echo.query).toEqual({ page: '2' });
    expect(echo.headers['x-token']).toBe('abc');
    expect(echo.headers['content-type']).toBe('application/json');
    expect(echo.body).toEqual({ name: 'pen', tags: ['a', 'b'] });
  });

  it('keeps text bodies as text and reports error statuses as data', async () => {
    expect((await call({ url_input: `${web.url}/text` })).result).toBe('just text');
    const missing = await call({ url_input: `${web.url}/nope` });
    expect(missing).toMatchObject({ status_code: 404, result: 'not here' });
  });

  it('answers status 500 with the error when the request cannot be made, and times out', async () => {
    const dead = await deadUrl();
    const refused = await call({ url_input: dead });
    expect(refused.status_code).toBe(500);
    expect(String(refused.error)).toMatch(new RegExp(`^Could not reach ${dead.replace(/[.]/g, '\\.')}: .*ECONNREFUSED`));
    const slow = await call({ url_input: `${web.url}/slow`, timeout: 1 });
    expect(slow).toMatchObject({ status_code: 500, error: expect.stringContaining('timed out after 1 s') });
  });

  it('refuses an empty URL or an unsupported method', async () => {
    await expect(call({ url_input: '' })).rejects.toThrow('URL cannot be empty');
    await expect(call({ url_input: web.url, method: 'TRACE' })).rejects.toThrow('Unsupported method: TRACE');
  });

  it('runs a cURL command', async () => {
    const data = await call({ mode: 'cURL', curl_input: `curl -X PUT '${web.url}/echo' -H 'X-A: 1' -d '{"x": 1}'` });
    expect(data.result).toMatchObject({ method: 'PUT', body: { x: 1 }, headers: { 'x-a': '1' } });
    expect(parseCurl('curl https://a.example --data "k=v"')).toMatchObject({ method: 'POST', url: 'https://a.example', body: { data: 'k=v' } });
  });

  it('is a tool for an Agent, without requesting anything until called', async () => {
    const out = await APIRequest.run({ ...defaults }, testContext({ http, wanted: ['component_as_tool'] }));
    expect(out).not.toHaveProperty('data');
    const tool = out.component_as_tool as Tool;
    expect(isTool(tool)).toBe(true);
    expect(tool.name).toBe('make_api_request');
    const answer = await tool.invoke({ url_input: `${web.url}/api/items` }, new AbortController().signal);
    expect(JSON.parse(answer)).toMatchObject({ status_code: 200, result: { items: [{ name: 'pen' }, { name: 'ink' }] } });
  });

  it("gives the older Langflow dataframe output: the response as one row", async () => {
    const out = await APIRequest.run({ ...defaults, url_input: `${web.url}/api/items` }, testContext({ http, wanted: ['dataframe'] }));
    const rows = out.dataframe as Data[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.data).toMatchObject({ status_code: 200, source: `${web.url}/api/items`, result: { items: [{ name: 'pen', price: 2 }, { name: 'ink', price: 5 }] } });
    expect(rows[0]).toEqual(out.data);
  });
});
