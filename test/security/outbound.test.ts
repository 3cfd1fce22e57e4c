/**
 * The outbound rule against the real server: the URL and API Request components never reach the
 * server itself (any spelling, after DNS, after a redirect); on an exposed server (keys required)
 * no loopback address either unless `--allow-outbound` names it; only http and https URLs.
 * All traffic stays on this machine's loopback addresses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAdminToken } from '../../server/services/admin-token.js';
import { deadUrl, startFakeWeb, type FakeWeb } from '../support/fake-web.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { raw, type RawResponse } from '../support/http.js';

let web: FakeWeb;
beforeAll(async () => {
  web = await startFakeWeb();
});
afterAll(async () => web?.close());

const webPort = () => Number(new URL(web.url).port);

function apiRequestFlow(values: Record<string, unknown>): Record<string, unknown> {
  return {
    name: `outbound ${Math.random().toString(36).slice(2)}`,
    data: {
      nodes: [
        { id: 'APIRequest-aaaaa', type: 'component', position: { x: 0, y: 0 }, data: { type: 'APIRequest', values } },
        { id: 'ChatOutput-bbbbb', type: 'component', position: { x: 300, y: 0 }, data: { type: 'ChatOutput', values: {} } },
      ],
      edges: [{ id: 'e1', source: 'APIRequest-aaaaa', sourceHandle: 'data', target: 'ChatOutput-bbbbb', targetHandle: 'input_value' }],
      viewport: { x: 0, y: 0, zoom: 1 },
    },
  };
}

function urlFlow(urls: string[]): Record<string, unknown> {
  return {
    name: `outbound url ${Math.random().toString(36).slice(2)}`,
    data: {
      nodes: [
        { id: 'URLComponent-aaaaa', type: 'component', position: { x: 0, y: 0 }, data: { type: 'URLComponent', values: { urls } } },
        { id: 'ChatOutput-bbbbb', type: 'component', position: { x: 300, y: 0 }, data: { type: 'ChatOutput', values: {} } },
      ],
      edges: [{ id: 'e1', source: 'URLComponent-aaaaa', sourceHandle: 'text', target: 'ChatOutput-bbbbb', targetHandle: 'input_value' }],
      viewport: { x: 0, y: 0, zoom: 1 },
    },
  };
}

/** Saves the flow and runs it once; the raw answer. */
async function runFlow(server: SpawnedServer, flow: Record<string, unknown>, headers: Record<string, string> = {}): Promise<RawResponse> {
  const post = (path: string, body: unknown) => raw(server.url, path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const created = await post('/api/v1/flows/', flow);
  expect(created.status, created.text).toBe(201);
  return post(`/api/v1/run/${created.json.id as string}`, { input_value: 'go' });
}

/** The text the Chat Output gave (the API Request's data as text). */
function answerText(res: RawResponse): string {
  expect(res.status, res.text).toBe(200);
  return String(res.json.outputs[0].outputs[0].results.message.text);
}

function expectRefused(res: RawResponse, why: RegExp): void {
  expect(res.status, res.text).toBe(500);
  expect(String(res.json.detail)).toMatch(/Refused to fetch /);
  expect(String(res.json.detail)).toMatch(why);
}

const OWN = /is the server's own address/;

describe('a loopback (desktop) server', () => {
  let server: SpawnedServer;
  beforeAll(async () => {
    server = await spawnServer({ env: { OPENAI_API_KEY: 'sk-test' } });
  });
  afterAll(async () => server?.stop());

  it("never reaches its own address, however it is spelled", async () => {
    const port = server.port;
    for (const host of ['127.0.0.1', '127.1', '2130706433', '0x7f000001', 'localhost', '[::1]', '0.0.0.0', '127.0.0.2', '[::ffff:127.0.0.1]']) {
      const res = await runFlow(server, apiRequestFlow({ url_input: `http://${host}:${port}/api/v1/variables/` }));
      expectRefused(res, OWN);
      expect(String(res.json.detail), host).not.toContain('"data"');
    }
    const urlRes = await runFlow(server, urlFlow([`http://localhost:${port}/api/v1/variables/`]));
    expectRefused(urlRes, OWN);
  });

  it("lets no model provider's client reach it either", async () => {
    const flow = {
      name: 'model at own address',
      data: {
        nodes: [
          { id: 'ChatInput-aaaaa', type: 'component', position: { x: 0, y: 0 }, data: { type: 'ChatInput', values: {} } },
          { id: 'OpenAIModel-bbbbb', type: 'component', position: { x: 300, y: 0 }, data: { type: 'OpenAIModel', values: { openai_api_base: `http://localhost:${server.port}/api/v1`, timeout: 5 } } },
          { id: 'ChatOutput-ccccc', type: 'component', position: { x: 600, y: 0 }, data: { type: 'ChatOutput', values: {} } },
        ],
        edges: [
          { id: 'e1', source: 'ChatInput-aaaaa', sourceHandle: 'message', target: 'OpenAIModel-bbbbb', targetHandle: 'input_value' },
          { id: 'e2', source: 'OpenAIModel-bbbbb', sourceHandle: 'text_output', target: 'ChatOutput-ccccc', targetHandle: 'input_value' },
        ],
        viewport: { x: 0, y: 0, zoom: 1 },
      },
    };
    const res = await runFlow(server, flow);
    expect(res.status, res.text).toBe(500);
    expect(String(res.json.detail)).toMatch(OWN);
  });

  it('mints no key through its own API', async () => {
    const before = (await raw(server.url, '/api/v1/api_key/')).json;
    const res = await runFlow(server, apiRequestFlow({ url_input: `http://127.0.0.1:${server.port}/api/v1/api_key/`, method: 'POST', body: [{ key: 'name', value: 'stolen' }] }));
    expectRefused(res, OWN);
    expect((await raw(server.url, '/api/v1/api_key/')).json).toEqual(before);
  });

  it('follows no redirect to its own address', async () => {
    const to = encodeURIComponent(`http://localhost:${server.port}/api/v1/variables/`);
    expectRefused(await runFlow(server, apiRequestFlow({ url_input: `${web.url}/redirect?to=${to}` })), OWN);
    expectRefused(await runFlow(server, urlFlow([`${web.url}/redirect?to=${to}`])), OWN);
    expect(web.hits.filter((hit) => hit === '/redirect').length).toBeGreaterThanOrEqual(2);
  });

  it('reaches other local services (another loopback port), as desktop users expect', async () => {
    const text = answerText(await runFlow(server, apiRequestFlow({ url_input: `${web.url}/api/items` })));
    expect(text).toContain('pen');
    expect(answerText(await runFlow(server, urlFlow([`${web.url}/`])))).toContain('Treasure Island');
  });

  it('fetches http and https URLs only', async () => {
    for (const url of ['file:///etc/passwd', `ftp://127.0.0.1:${webPort()}/`, 'data:text/plain,hello', 'javascript:alert(1)']) {
      for (const flow of [apiRequestFlow({ url_input: url }), urlFlow([url])]) {
        const res = await runFlow(server, flow);
        expect(res.status, `${url}: ${res.text}`).toBe(500);
        expect(String(res.json.detail), url).toMatch(/only http and https URLs can be fetched/);
      }
    }
  });

  it('adds https:// to a bare host name only', async () => {
    const text = answerText(await runFlow(server, apiRequestFlow({ url_input: `localhost:${webPort()}/api/items` })));
    // The fake web speaks plain HTTP, so the TLS attempt fails: the point is where it went.
    expect(text).toContain(`Could not reach https://localhost:${webPort()}/api/items`);
    expect(text).not.toContain('price');
    // Not a host name: another scheme, not `https://mailto:x@localhost:…` (user "mailto" at localhost).
    const res = await runFlow(server, apiRequestFlow({ url_input: `mailto:x@localhost:${webPort()}/api/items` }));
    expect(res.status, res.text).toBe(500);
    expect(String(res.json.detail)).toMatch(/Unsupported URL scheme mailto/);
  });

  it('refuses local addresses once keys are switched on in the settings', async () => {
    const token = (await readAdminToken(server.dataDir)) as string;
    const headers = { 'x-api-key': token };
    const on = await raw(server.url, '/api/v1/settings', { method: 'PATCH', headers: { ...headers, 'content-type': 'application/json' }, body: '{"require_api_key": true}' });
    expect(on.json, on.text).toMatchObject({ api_key_required: true });
    expectRefused(await runFlow(server, apiRequestFlow({ url_input: `${web.url}/api/items` }), headers), /is a loopback address; allow it with --allow-outbound 127\.0\.0\.1:\d+/);
  });
});

describe('an exposed server (keys required)', () => {
  it('reaches no loopback address but the ones --allow-outbound names, and never itself', async () => {
    const strict = await spawnServer({ args: ['--require-api-key'] });
    try {
      const headers = { 'x-api-key': (await readAdminToken(strict.dataDir)) as string };
      const refused = await runFlow(strict, apiRequestFlow({ url_input: `${web.url}/api/items` }), headers);
      expectRefused(refused, new RegExp(`127\\.0\\.0\\.1:${webPort()} is a loopback address; allow it with --allow-outbound 127\\.0\\.0\\.1:${webPort()}`));
      expectRefused(await runFlow(strict, urlFlow([`http://localhost:${webPort()}/`]), headers), /localhost:\d+ \(127\.0\.0\.1\) is a loopback address/);
    } finally {
      await strict.stop();
    }

    const other = await deadUrl();
    const allowing = await spawnServer({ args: ['--require-api-key', '--allow-outbound', `127.0.0.1:${webPort()}`] });
    try {
      const headers = { 'x-api-key': (await readAdminToken(allowing.dataDir)) as string };
      expect(answerText(await runFlow(allowing, apiRequestFlow({ url_input: `${web.url}/api/items` }), headers))).toContain('pen');
      // Another port of the same address is still refused.
      expectRefused(await runFlow(allowing, apiRequestFlow({ url_input: other }), headers), /is a loopback address/);
    } finally {
      await allowing.stop();
    }

    // Allowing a whole address never opens the server's own port.
    const wide = await spawnServer({ args: ['--require-api-key'], env: { FLOWDESK_ALLOW_OUTBOUND: '127.0.0.1,localhost' } });
    try {
      const headers = { 'x-api-key': (await readAdminToken(wide.dataDir)) as string };
      expect(answerText(await runFlow(wide, apiRequestFlow({ url_input: `http://localhost:${webPort()}/api/items` }), headers))).toContain('pen');
      expectRefused(await runFlow(wide, apiRequestFlow({ url_input: `http://127.0.0.1:${wide.port}/api/v1/variables/` }), headers), OWN);
    } finally {
      await wide.stop();
    }
  });
});
