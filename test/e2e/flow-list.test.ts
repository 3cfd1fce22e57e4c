/**
 * The flow list in Debian's Chromium against the real server: importing several files imports each
 * on its own and says, by name, which were refused and why (before, the first failure stopped the
 * rest without a word).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../support/http.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { makeTempDir } from '../support/temp-dir.js';
import { browserAvailable, ensureEditorBuilt, launch, shot, watchConsole } from './browser.js';

const LANGFLOW_EXPORT = path.join(REPO_ROOT, 'test', 'fixtures', 'langflow', 'basic-prompting.json');
const UNSUPPORTED_EXPORT = path.join(REPO_ROOT, 'test', 'fixtures', 'langflow', 'unsupported-components.json');

describe.runIf(browserAvailable())('the flow list in Chromium', () => {
  let server: SpawnedServer;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    await ensureEditorBuilt();
    server = await spawnServer();
    browser = await launch();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    consoleErrors = watchConsole(page);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 30_000);

  it('imports each of several files, and names the one refused', async () => {
    const dir = await makeTempDir('flowdesk-import-');
    const broken = path.join(dir, 'broken-flow.json');
    await writeFile(broken, '{"name": "half a flow", "data": ');
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    const before = ((await request(server.url, 'GET', '/api/v1/flows/?format=flowdesk')).body as unknown[]).length;

    await page.getByTestId('import-input').setInputFiles([LANGFLOW_EXPORT, broken, UNSUPPORTED_EXPORT]);
    await page.getByText('Imported 2 flows').waitFor();
    const refusal = page.getByRole('alert').filter({ hasText: 'Could not import broken-flow.json:' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/JSON/i);
    await shot(page, 'flow-list-01-import-several');

    const after = (await request(server.url, 'GET', '/api/v1/flows/?format=flowdesk')).body as { name: string }[];
    expect(after).toHaveLength(before + 2);
    expect(after.map((f) => f.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^Basic Prompting/)]));
    await expect.poll(() => page.getByTestId('flow-card').count()).toBe(before + 2);
    // The browser logs the refused upload's 400 itself; nothing else may be logged.
    expect(consoleErrors.filter((e) => !e.startsWith('Failed to load resource: the server responded with a status of 4'))).toEqual([]);
  }, 60_000);
});
