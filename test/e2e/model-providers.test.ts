/**
 * Settings → Model providers in Debian's Chromium against the real server: with no key anywhere,
 * the user saves the OpenAI key and base URL (a local fake OpenAI), turns a model off, picks the
 * default model, and Langflow's Basic Prompting (`model: []`) then runs against it with that key.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { request } from '../support/http.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { browserAvailable, ensureEditorBuilt, launch, shot, watchConsole } from './browser.js';

const STARTER = path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'langflow-starters', 'Basic Prompting.json');

describe.runIf(browserAvailable())('model providers in the settings, in Chromium', () => {
  let server: SpawnedServer;
  let fake: FakeOpenAI;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    await ensureEditorBuilt();
    fake = await startFakeOpenAI({ reply: 'Ahoy from the default model' });
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

  it('sets the OpenAI key, base URL and default model; a model: [] starter then runs on it', async () => {
    await page.goto(`${server.url}/settings`);
    const openai = page.getByTestId('provider-OpenAI');
    await openai.getByText('not configured').waitFor();
    expect(await page.getByLabel('Default model').inputValue()).toBe('');

    await page.getByLabel('OpenAI API key', { exact: true }).fill('sk-from-the-settings-page');
    await openai.getByRole('button', { name: 'Save key' }).click();
    await openai.getByText('key set (OPENAI_API_KEY)').waitFor();
    await page.getByLabel('OpenAI base URL', { exact: true }).fill(fake.baseURL);
    await openai.getByRole('button', { name: 'Save URL' }).click();
    await page.getByText('OpenAI base URL saved').waitFor();

    await openai.getByText(/^Models \(/).click();
    // The box shows what the server holds: it turns off once the change is saved.
    await page.getByLabel('Enable OpenAI gpt-4o', { exact: true }).click();
    await openai.getByText('Models (9 enabled)').waitFor();
    expect(await page.getByLabel('Enable OpenAI gpt-4o', { exact: true }).isChecked()).toBe(false);
    expect(await page.getByRole('option', { name: 'OpenAI · gpt-4o', exact: true }).count()).toBe(0);

    await page.getByLabel('Default model').selectOption({ label: 'OpenAI · gpt-4.1-mini' });
    await page.getByText('Default model: OpenAI gpt-4.1-mini').waitFor();
    await shot(page, 'model-providers');
    expect(await page.getByText('sk-from-the-settings-page').count()).toBe(0);

    // The choice survives a reload, and the API reads the same.
    await page.reload();
    await page.getByTestId('provider-OpenAI').getByText('enabled', { exact: true }).waitFor();
    expect(await page.getByLabel('Default model').inputValue()).toBe('OpenAI\u0000gpt-4.1-mini');
    expect((await request(server.url, 'GET', '/api/v1/models/default_model')).body.default_model).toMatchObject({ provider: 'OpenAI', model_name: 'gpt-4.1-mini' });

    const uploaded = await request(server.url, 'POST', '/api/v1/flows/upload/', { json: JSON.parse(readFileSync(STARTER, 'utf8')) });
    expect(uploaded.status).toBe(201);
    const flow = Array.isArray(uploaded.body) ? uploaded.body[0] : uploaded.body;
    const res = await request(server.url, 'POST', `/api/v1/run/${flow.id}`, { json: { input_value: 'hello' } });
    expect(res.status).toBe(200);
    expect(res.body.outputs[0].outputs[0].results.message.text).toBe('Ahoy from the default model');
    expect(fake.requests.at(-1)?.body.model).toBe('gpt-4.1-mini');
    expect(fake.requests.at(-1)?.headers.authorization).toBe('Bearer sk-from-the-settings-page');
    expect(consoleErrors).toEqual([]);
  }, 60_000);
});
