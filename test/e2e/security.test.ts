/**
 * Browser attacks in Debian's Chromium against the real server. A page served by another local
 * server (another origin: `localhost:<other port>` is cross-site, `127.0.0.1:<other port>` same-site)
 * tries to read the flow list and to run a flow or create one, by simple fetch, no-cors fetch,
 * preflighted fetch and HTML form post, against a keyless server and against one where keys are on
 * and the browser holds a valid editor session. All of it fails, the server saw and refused what
 * the browser sent, and nothing changed. A page reached under a foreign name (DNS rebinding) gets
 * 403. And the editor's own page keeps working with keys on, signed in from the banner's link.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { chatFlow } from '../security/support.js';
import { raw } from '../support/http.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const available = existsSync(CHROMIUM) || Boolean(process.env.CI);

/** The attacker's page: tries everything against `target`, reports what it could read. */
const ATTACK_PAGE = `<!doctype html><meta charset="utf-8"><title>not Flowdesk</title>
<iframe name="sink" style="display:none"></iframe>
<script>
async function attack(target, flowId) {
  const results = {};
  const attempt = async (name, fn) => {
    try { results[name] = await fn(); } catch (error) { results[name] = 'failed: ' + error.name; }
  };
  const run = target + '/api/v1/run/' + flowId;
  const body = JSON.stringify({ input_value: 'attack-fetch' });
  await attempt('read flows (cors)', async () => (await fetch(target + '/api/v1/flows/')).text());
  await attempt('read flows (cors, credentials)', async () => (await fetch(target + '/api/v1/flows/', { credentials: 'include' })).text());
  await attempt('read flows (no-cors)', async () => { const r = await fetch(target + '/api/v1/flows/', { mode: 'no-cors', credentials: 'include' }); return r.type + ':' + (await r.text()); });
  await attempt('run (simple, text/plain)', async () => (await fetch(run, { method: 'POST', headers: { 'content-type': 'text/plain' }, body, credentials: 'include' })).text());
  await attempt('run (no-cors)', async () => { const r = await fetch(run, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body, credentials: 'include' }); return r.type + ':' + (await r.text()); });
  await attempt('run (no-cors, no body)', async () => { const r = await fetch(run, { method: 'POST', mode: 'no-cors', credentials: 'include' }); return r.type; });
  await attempt('run (preflighted JSON)', async () => (await fetch(run, { method: 'POST', headers: { 'content-type': 'application/json' }, body, credentials: 'include' })).text());
  await attempt('run (preflighted key header)', async () => (await fetch(run, { method: 'POST', headers: { 'x-api-key': 'sk-guess' }, body })).text());
  await attempt('create flow (simple)', async () => (await fetch(target + '/api/v1/flows/', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ name: 'planted-fetch' }), credentials: 'include' })).text());
  await attempt('create flow (preflighted)', async () => (await fetch(target + '/api/v1/flows/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'planted-json' }) })).text());
  await attempt('webhook (no-cors)', async () => { const r = await fetch(target + '/api/v1/webhook/' + flowId, { method: 'POST', mode: 'no-cors', body: 'attack-webhook', credentials: 'include' }); return r.type; });
  await attempt('settings off (no-cors)', async () => { const r = await fetch(target + '/api/v1/settings', { method: 'PATCH', mode: 'no-cors', body: '{"require_api_key": false}' }); return r.type; });
  // HTML forms: text/plain smuggling JSON, url-encoded and multipart, each to run, create and webhook.
  const post = (action, enctype, name, value) => new Promise((resolve) => {
    const form = document.createElement('form');
    form.method = 'POST'; form.action = action; form.enctype = enctype; form.target = 'sink';
    const input = document.createElement('input');
    input.name = name; input.value = value; form.appendChild(input);
    document.body.appendChild(form); form.submit(); setTimeout(resolve, 150);
  });
  await post(run, 'text/plain', '{"input_value": "attack-form", "x": "', '"}');
  await post(run, 'application/x-www-form-urlencoded', 'input_value', 'attack-form-urlencoded');
  await post(target + '/api/v1/flows/', 'text/plain', '{"name": "planted-form", "x": "', '"}');
  await post(target + '/api/v1/flows/upload/', 'multipart/form-data', 'file', '{"name": "planted-upload"}');
  await post(target + '/api/v1/webhook/' + flowId, 'text/plain', 'attack-form-webhook', 'x');
  return results;
}
</script>`;

interface Target {
  server: SpawnedServer;
  flowId: string;
}

async function attackerServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(ATTACK_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function snapshot(target: Target, headers: Record<string, string> = {}) {
  const flows = ((await raw(target.server.url, '/api/v1/flows/?header_flows=true', { headers })).json as any[]).map((f) => f.name).sort();
  const messages = ((await raw(target.server.url, '/api/v1/monitor/messages', { headers })).json as any[]).map((m) => m.text);
  return { flows, messages };
}

/** Access-log lines of refused requests the server saw (it runs at debug level). */
const refusals = (server: SpawnedServer) => server.stderr().split('\n').filter((line) => / (POST|PATCH) \/api\/v1\/\S+ 403 /.test(line));

describe.runIf(available)('browser attacks from another origin', () => {
  let browser: Browser;
  let context: BrowserContext;
  let attacker: Awaited<ReturnType<typeof attackerServer>>;
  let keyless: Target;
  let keyed: Target;
  let admin: Record<string, string>;

  beforeAll(async () => {
    const [a, b] = await Promise.all([spawnServer({ args: ['--log-level', 'debug'] }), spawnServer({ args: ['--log-level', 'debug', '--require-api-key'] })]);
    const { readAdminToken } = await import('../../server/services/admin-token.js');
    admin = { 'x-api-key': (await readAdminToken(b.dataDir)) as string };
    const create = async (server: SpawnedServer, headers: Record<string, string> = {}) =>
      (await raw(server.url, '/api/v1/flows/', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(chatFlow('target flow')) })).json.id as string;
    keyless = { server: a, flowId: await create(a) };
    keyed = { server: b, flowId: await create(b, admin) };
    attacker = await attackerServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, '--host-resolver-rules=MAP rebind.test 127.0.0.1'] });
    context = await browser.newContext();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await attacker?.close();
    await keyless?.server.stop();
    await keyed?.server.stop();
  });

  it('the editor keeps working with keys on: signed in from the banner link, its page reads and writes', async () => {
    const link = /^Editor: (\S+)$/m.exec(keyed.server.stdout())?.[1] as string;
    const page = await context.newPage();
    const response = await page.goto(link);
    expect(new URL(page.url()).search).toBe(''); // the token left the address bar
    expect(response?.status()).toBe(200);
    const cookies = await context.cookies(keyed.server.url);
    expect(cookies).toEqual([expect.objectContaining({ name: `flowdesk_session_${keyed.server.port}`, httpOnly: true, sameSite: 'Strict' })]);
    const fromEditor = await page.evaluate(async () => {
      const list = await fetch('/api/v1/flows/?header_flows=true');
      const created = await fetch('/api/v1/flows/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'made in the editor' }) });
      // The page runs in the browser: its `document` is not in this file's (Node) types.
      const cookieVisible = (globalThis as unknown as { document: { cookie: string } }).document.cookie;
      const names = ((await list.json()) as { name: string }[]).map((f) => f.name);
      return { list: list.status, names, created: created.status, cookieVisible };
    });
    expect(fromEditor).toMatchObject({ list: 200, created: 201, cookieVisible: '' });
    expect(fromEditor.names).toContain('target flow');
    await page.close();
  });

  for (const site of ['cross-site (localhost)', 'same-site (127.0.0.1, another port)']) {
    for (const which of ['keyless', 'keyed (browser signed in)'] as const) {
      it(`a ${site} page cannot read the flow list, run a flow or change anything on a ${which} server`, async () => {
        const target = which === 'keyless' ? keyless : keyed;
        const headers = which === 'keyless' ? {} : admin;
        const before = await snapshot(target, headers);
        const refusedBefore = refusals(target.server).length;
        const page = await context.newPage();
        const host = site.startsWith('cross') ? 'localhost' : '127.0.0.1';
        await page.goto(`http://${host}:${attacker.port}/`);
        const results = (await page.evaluate(({ url, id }) => (globalThis as any).attack(url, id), { url: target.server.url, id: target.flowId })) as Record<string, string>;
        await page.close();

        // Nothing the page could read: every CORS fetch failed; no-cors ones were blocked
        // (Cross-Origin-Resource-Policy) or at best opaque.
        for (const [name, result] of Object.entries(results)) {
          if (name.includes('no-cors')) expect(result, name).toMatch(/^(opaque(:)?$|failed: )/);
          else expect(result, name).toBe('failed: TypeError');
        }
        // The server saw the simple requests and form posts, and refused them.
        await sleep(300);
        expect(refusals(target.server).length - refusedBefore).toBeGreaterThanOrEqual(8);
        // Nothing changed: no new flow, no message from a run or a webhook.
        expect(await snapshot(target, headers)).toEqual(before);
      });
    }
  }

  it('a page reached under a foreign name (DNS rebinding) gets 403 for the editor and the API', async () => {
    const page = await context.newPage();
    const editor = await page.goto(`http://rebind.test:${keyless.server.port}/`);
    expect(editor?.status()).toBe(403);
    const api = await page.goto(`http://rebind.test:${keyless.server.port}/api/v1/flows/`);
    expect(api?.status()).toBe(403);
    expect(JSON.parse(await page.locator('body').innerText())).toEqual({ detail: 'Invalid Host header' });
    const sameOrigin = await page.evaluate(async () => {
      const res = await fetch('/api/v1/run/basic-prompting', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input_value": "rebound"}' });
      return res.status;
    });
    expect(sameOrigin).toBe(403);
    await page.close();
  });
});
