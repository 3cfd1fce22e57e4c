import { readFile, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import APIRequest, { parseCurl, responseFileName } from '../../server/components/api-request.js';
import { isTool, type Tool } from '../../server/engine/tool.js';
import { systemClock } from '../../server/services/clock.js';
import { createFileService } from '../../server/services/file-service.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import type { Data } from '../../shared/data.js';
import { DOWNLOAD_BYTES, deadUrl, startFakeWeb, type FakeWeb } from '../support/fake-web.js';
import { makeTempDir } from '../support/temp-dir.js';
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

  describe('Save to File', () => {
    const saving = async (extra: Record<string, unknown>) => {
      const dataDir = await makeTempDir('flowdesk-apireq-');
      const files = createFileService({ dataDir, clock: systemClock }).access();
      const folder = path.join(dataDir, 'files', 'saved', 'APIRequestComponent');
      const run = async (more: Record<string, unknown> = {}) =>
        ((await APIRequest.run({ ...defaults, save_to_file: true, ...extra, ...more }, testContext({ http, files, wanted: ['data'] }))).data as Data).data;
      return { folder, run };
    };

    it("is Langflow's advanced bool, off by default", () => {
      expect(APIRequest.fields.find((f) => f.name === 'save_to_file')).toMatchObject({ display_name: 'Save to File', kind: 'bool', default: false, advanced: true });
    });

    it('writes the body to a file named after the URL and the content type, and answers its path instead of the result', async () => {
      const { folder, run } = await saving({ url_input: `${web.url}/api/items` });
      const data = await run();
      const file = path.join(await realFolder(folder), 'items.json');
      expect(data).toEqual({ source: `${web.url}/api/items`, status_code: 200, response_headers: expect.objectContaining({ 'x-total': '2' }) as unknown, file_path: file });
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ items: [{ name: 'pen', price: 2 }, { name: 'ink', price: 5 }] });
    });

    it('keeps binary bodies byte for byte and uses the Content-Disposition file name', async () => {
      const { folder, run } = await saving({ url_input: `${web.url}/download/x?type=application/octet-stream&filename=photo.png` });
      const data = await run();
      expect(data.file_path).toBe(path.join(await realFolder(folder), 'photo.png'));
      expect(new Uint8Array(await readFile(data.file_path as string))).toEqual(new Uint8Array(DOWNLOAD_BYTES));
      expect(data).not.toHaveProperty('result');
    });

    it('never replaces a saved response: the next one gets a timestamp prefix', async () => {
      const { folder, run } = await saving({ url_input: `${web.url}/download/prices?type=text/plain` });
      const first = await run();
      const second = await run();
      const dir = await realFolder(folder);
      expect(first.file_path).toBe(path.join(dir, 'prices.txt'));
      expect(path.basename(second.file_path as string)).toMatch(/^\d{20}-prices\.txt$/);
      expect(path.dirname(second.file_path as string)).toBe(dir);
      expect(await readFile(second.file_path as string, 'utf8')).toBe('name,price\npen,2\n');
      expect((await readdir(dir)).sort()).toHaveLength(2);
    });

    it("keeps a server's file name inside the folder", async () => {
      const { folder, run } = await saving({ url_input: `${web.url}/download/a?type=text/csv&filename=../../../escape.csv` });
      const data = await run();
      expect(data.file_path).toBe(path.join(await realFolder(folder), 'escape.csv'));
    });

    it("names files as Langflow does: the path's last segment or 'response', the exact content type's extension", () => {
      expect(responseFileName('application/json', '', 'http://a.example/v1/users/')).toBe('users.json');
      expect(responseFileName('application/json; charset=utf-8', '', 'http://a.example/v1/users')).toBe('users.txt');
      expect(responseFileName('image/jpeg', '', 'http://a.example/')).toBe('response.jpg');
      expect(responseFileName('application/binary', '', 'http://a.example/blob')).toBe('blob.bin');
      expect(responseFileName('text/html', '', 'http://a.example/page.html')).toBe('page.html.txt');
      expect(responseFileName('text/plain', 'attachment; filename="report.pdf"', 'http://a.example/x')).toBe('report.pdf');
      expect(responseFileName('text/plain', 'attachment; filename=bare.pdf', 'http://a.example/x')).toBe('x.txt');
    });

    it('saves nothing when the request cannot be made', async () => {
      const { folder, run } = await saving({ url_input: await deadUrl() });
      expect(await run()).toMatchObject({ status_code: 500 });
      await expect(readdir(folder)).rejects.toThrow('ENOENT');
    });
  });
});

/** The folder as the file service reports it (the temp folder may be behind a link, as on macOS). */
async function realFolder(folder: string): Promise<string> {
  return path.join(await realpath(path.dirname(folder)), path.basename(folder));
}
