/** The shared client for third-party services: key lookup, base URL configuration and errors a user can act on, against a local server. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callServiceJson, serviceBaseUrl, serviceFetch, serviceKey, type WebService } from '../../server/components/lib/web-service.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import { testContext } from '../engine/support.js';

let server: http.Server;
let base: string;
const seen: { path: string; auth: string | undefined; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    let body = '';
    for await (const part of req) body += String(part);
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ path: `${url.pathname}${url.search}`, auth: req.headers.authorization, body });
    const status = Number(url.searchParams.get('status') ?? 200);
    if (url.pathname === '/slow') return void setTimeout(() => res.end('{}'), 2_000);
    if (url.pathname === '/text') return void res.end('<html>not json</html>');
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(status === 200 ? { ok: true, echo: body ? JSON.parse(body) : null } : { detail: { error: `refused with ${status}` } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

const SERVICE: WebService = { name: 'Acme Search', baseUrl: 'https://api.acme.example', baseUrlEnv: 'ACME_BASE_URL', keyVariable: 'ACME_API_KEY', timeoutMs: 500 };
const ctx = (env: Record<string, string> = {}, variables: Record<string, string> = {}) =>
  testContext({ http: createHttpAccess(), env: { ACME_BASE_URL: base, ...env }, variables: { get: async (name) => variables[name] } });

describe('web services', () => {
  it("uses the service's own base URL unless the environment names another", () => {
    expect(serviceBaseUrl(SERVICE, testContext())).toBe('https://api.acme.example');
    expect(serviceBaseUrl(SERVICE, testContext({ env: { ACME_BASE_URL: 'http://127.0.0.1:9/v1/' } }))).toBe('http://127.0.0.1:9/v1');
  });

  it('reads the key from the field, else the variable, else the environment; none names the variable to create', async () => {
    expect(await serviceKey(SERVICE, ' k1 ', ctx())).toBe('k1');
    expect(await serviceKey(SERVICE, '', ctx({}, { ACME_API_KEY: 'from-variable' }))).toBe('from-variable');
    expect(await serviceKey(SERVICE, '', ctx({ ACME_API_KEY: 'from-env' }))).toBe('from-env');
    await expect(serviceKey(SERVICE, '', ctx())).rejects.toThrow('Acme Search needs an API key: set the API Key field, or create a Credential variable named ACME_API_KEY');
  });

  it('sends JSON and query parameters, and gives the answer', async () => {
    const answer = await callServiceJson<{ echo: unknown }>(SERVICE, ctx(), '/search', { method: 'POST', query: { q: 'x y', skip: undefined }, json: { a: 1 }, headers: { authorization: 'Bearer k' } });
    expect(answer.echo).toEqual({ a: 1 });
    expect(seen.at(-1)).toMatchObject({ path: '/search?q=x+y', auth: 'Bearer k' });
  });

  it('words refused keys, quotas, server failures, timeouts and non-JSON answers for the user', async () => {
    const call = (path: string, query?: Record<string, number>) => callServiceJson(SERVICE, ctx(), path, { query });
    await expect(call('/x', { status: 401 })).rejects.toThrow('Acme Search refused the API key (the API Key field, or the ACME_API_KEY variable) (HTTP 401): refused with 401');
    await expect(call('/x', { status: 429 })).rejects.toThrow("Acme Search's rate limit or quota was reached (HTTP 429); try again later: refused with 429");
    await expect(call('/x', { status: 402 })).rejects.toThrow('credits or plan are used up (HTTP 402)');
    await expect(call('/x', { status: 503 })).rejects.toThrow('Acme Search failed on its side (HTTP 503)');
    await expect(call('/x', { status: 404 })).rejects.toThrow('Acme Search answered HTTP 404: refused with 404');
    await expect(call('/slow')).rejects.toThrow('Acme Search did not answer within 1 s');
    await expect(call('/text')).rejects.toThrow('Acme Search answered something that is not JSON: <html>not json</html>');
  });

  it('says when the service cannot be reached, and gives vendor clients a fetch with the same rules', async () => {
    const closed = { ...SERVICE };
    await expect(callServiceJson(closed, ctx({ ACME_BASE_URL: 'http://127.0.0.1:9' }), '/x')).rejects.toThrow(/^Acme Search could not be reached: http:\/\/127\.0\.0\.1:9\/x/);
    const fetcher = serviceFetch(SERVICE, ctx());
    expect((await fetcher(`${base}/ok`)).status).toBe(200);
    await expect(fetcher(`${base}/slow`)).rejects.toThrow('Acme Search did not answer within 1 s');
  });
});
