/**
 * Settings → MCP servers in Debian's Chromium against the real server: add a URL server (the
 * official SDK's server, in-process), count its tools, see a bad configuration refused, delete it.
 * The server's API is the witness that the page did what it shows.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMcp, type FakeMcpServer } from '../support/fake-mcp.js';
import { request } from '../support/http.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { browserAvailable, ensureEditorBuilt, launch, shot, watchConsole } from './browser.js';

describe.runIf(browserAvailable())('MCP servers in the settings', () => {
  let server: SpawnedServer;
  let fake: FakeMcpServer;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    await ensureEditorBuilt();
    fake = await startFakeMcp();
    server = await spawnServer();
    browser = await launch();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    consoleErrors = watchConsole(page);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await fake?.close();
  }, 30_000);

  it('adds, checks and deletes an MCP server', async () => {
    await page.goto(`${server.url}/settings`);
    await page.getByRole('heading', { name: 'MCP servers' }).waitFor();
    await page.getByText('No MCP servers.').waitFor();

    await page.getByLabel('MCP server name').fill('remote');
    await page.getByLabel('MCP server configuration (JSON)').fill(JSON.stringify({ url: fake.url }));
    await page.getByRole('button', { name: 'Add MCP server' }).click();
    await page.getByRole('cell', { name: fake.url }).waitFor();
    expect((await request(server.url, 'GET', '/api/v2/mcp/servers/remote')).body).toEqual({ url: fake.url });

    await page.getByRole('button', { name: 'Count tools' }).click();
    await page.getByRole('cell', { name: '5 (streamable_http)' }).waitFor();
    await shot(page, 'mcp-01-counted');

    // A configuration the server refuses: the page says why.
    await page.getByLabel('MCP server name').fill('broken');
    await page.getByLabel('MCP server configuration (JSON)').fill('{"args": ["x"]}');
    await page.getByRole('button', { name: 'Add MCP server' }).click();
    await page.getByText(/Could not add the MCP server: .*either "command"/).waitFor();

    await page.getByRole('button', { name: 'Delete remote' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No MCP servers.').waitFor();
    expect((await request(server.url, 'GET', '/api/v2/mcp/servers')).body).toEqual([]);
    expect(consoleErrors.filter((e) => !/422|Unprocessable/.test(e))).toEqual([]);
  }, 60_000);
});
