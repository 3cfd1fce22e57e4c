/**
 * Settings → Knowledge bases in Debian's Chromium against the real server: create a knowledge base,
 * see it listed with its embedding model, see a bad name refused, delete it. The server's API is
 * the witness that the page did what it shows.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { request } from '../support/http.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { browserAvailable, ensureEditorBuilt, launch, shot, watchConsole } from './browser.js';

describe.runIf(browserAvailable())('knowledge bases in the settings', () => {
  let server: SpawnedServer;
  let ollama: FakeOllama;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    await ensureEditorBuilt();
    // Creating a knowledge base embeds a test text first (as Langflow does): the fake Ollama answers it.
    ollama = await startFakeOllama();
    server = await spawnServer({ env: { OLLAMA_BASE_URL: ollama.baseURL } });
    browser = await launch();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    consoleErrors = watchConsole(page);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await ollama?.close();
  }, 30_000);

  it('creates, lists and deletes a knowledge base', async () => {
    await page.goto(`${server.url}/settings`);
    await page.getByRole('heading', { name: 'Knowledge bases' }).waitFor();
    await page.getByText('No knowledge bases.').waitFor();

    await page.getByLabel('Knowledge base name').fill('team-docs');
    await page.getByLabel('Embedding provider').selectOption('Ollama');
    expect(await page.getByLabel('Embedding model').inputValue()).toBe('nomic-embed-text');
    await page.getByRole('button', { name: 'Create knowledge base' }).click();
    await page.getByRole('cell', { name: 'Ollama · nomic-embed-text' }).waitFor();
    await shot(page, 'knowledge-01-created');
    const listed = (await request(server.url, 'GET', '/api/v1/knowledge_bases')).body as { id: string; embedding_provider: string }[];
    expect(listed).toEqual([expect.objectContaining({ id: 'team-docs', embedding_provider: 'Ollama', chunks: 0 })]);
    expect(ollama.requests.map((r) => [r.path, r.body.model, r.body.input])).toEqual([['/api/embed', 'nomic-embed-text', ['test']]]);

    // A name the server refuses: the page says why and lists nothing new.
    await page.getByLabel('Knowledge base name').fill('team-docs');
    await page.getByRole('button', { name: 'Create knowledge base' }).click();
    await page.getByText(/Could not create the knowledge base: .*already exists/).waitFor();

    await page.getByRole('button', { name: 'Delete team-docs' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No knowledge bases.').waitFor();
    expect((await request(server.url, 'GET', '/api/v1/knowledge_bases')).body).toEqual([]);
    expect(consoleErrors.filter((e) => !/409|Conflict/.test(e))).toEqual([]);
  }, 60_000);
});
