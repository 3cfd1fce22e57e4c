/**
 * The editor's second round, in Debian's Chromium against the real server: the flow list by project
 * (add, move, search, sort, download, delete), and one test per bug a new user tripped on (each
 * failed before its fix): importing several files imports each on its own and
 * names the refused ones; Fit view is not an unsaved change; dragging an output to an output says
 * so; the playground focuses its input and closes on Esc.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../support/http.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { makeTempDir } from '../support/temp-dir.js';
import { drawEdge, handle, node, waitSaved } from './canvas.js';
import { browserAvailable, ensureEditorBuilt, launch, shot, watchConsole } from './browser.js';

const LANGFLOW_EXPORT = path.join(REPO_ROOT, 'test', 'fixtures', 'langflow', 'basic-prompting.json');
const UNSUPPORTED_EXPORT = path.join(REPO_ROOT, 'test', 'fixtures', 'langflow', 'unsupported-components.json');

/** The boxes of the canvas's nodes on screen, in the order of the flow's nodes. */
async function nodeBoxes(page: Page): Promise<{ x: number; y: number; width: number; height: number }[]> {
  return page.locator('.react-flow__node').evaluateAll((els) =>
    els.map((el) => {
      const r = (el as unknown as { getBoundingClientRect(): { x: number; y: number; width: number; height: number } }).getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

/** Index pairs of boxes that meet, counting only pairs with a box at `from` or later. */
function overlaps(boxes: readonly { x: number; y: number; width: number; height: number }[], from = 0): [number, number][] {
  const pairs: [number, number][] = [];
  boxes.forEach((a, i) =>
    boxes.forEach((b, j) => {
      if (j <= i || Math.max(i, j) < from) return;
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) pairs.push([i, j]);
    }),
  );
  return pairs;
}

describe.runIf(browserAvailable())('editor, second round, in Chromium', () => {
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

  it('the starter gallery shows each starter with a picture and what it needs, and makes a flow of one', async () => {
    consoleErrors.length = 0; // the import test's refused upload was logged by the browser
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    await page.getByRole('button', { name: '+ New flow' }).click();
    const cards = page.locator('.template-card:not(.template-blank)');
    await cards.first().waitFor();
    const names = await cards.locator('strong').allTextContents();
    expect(names).toEqual(['Basic Prompting', 'Text Template', 'Memory Chatbot', 'Document Q&A', 'Blog Writer', 'Simple Agent', 'Vector Store RAG']);
    // Every card has a picture of its nodes: one box per node of the template.
    const templates = (await request(server.url, 'GET', '/api/v1/starter-projects/')).body as { name: string; data: { nodes: unknown[] } }[];
    for (const [i, template] of templates.entries()) {
      expect(await cards.nth(i).locator('svg.flow-picture rect').count(), template.name).toBe(template.data.nodes.length);
    }
    const needsOf = async (name: string) => (await cards.filter({ has: page.locator('strong', { hasText: name }) }).locator('.template-needs').textContent()) ?? '';
    expect(await needsOf('Text Template')).toBe('Runs as it is: no key needed');
    expect(await needsOf('Document Q&A')).toBe('Needs OPENAI_API_KEY, a file');
    expect(await needsOf('Simple Agent')).toBe('Needs OPENAI_API_KEY, web access');
    await shot(page, 'round-two-gallery');

    await cards.filter({ has: page.locator('strong', { hasText: 'Memory Chatbot' }) }).click();
    await page.waitForURL(/\/flow\//);
    await page.getByTestId('canvas').waitFor();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(6);
    await shot(page, 'round-two-gallery-memory-chatbot');
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it("the Basic Prompting starter opens tidy: its note covers no node", async () => {
    const flows = (await request(server.url, 'GET', '/api/v1/flows/?format=flowdesk')).body as { id: string; endpoint_name: string | null }[];
    const starter = flows.find((f) => f.endpoint_name === 'basic-prompting');
    expect(starter).toBeDefined();
    await page.goto(`${server.url}/flow/${starter?.id}`);
    await node(page, 'OpenAIModel').waitFor();
    await expect.poll(async () => (await nodeBoxes(page)).every((b) => b.height > 0)).toBe(true);
    await shot(page, 'round-two-00-basic-prompting-starter');
    expect(overlaps(await nodeBoxes(page))).toEqual([]);
  }, 30_000);

  it('lists flows by project: add a project, move a flow into it, search, sort, download it as a zip, delete it', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    const projects = page.getByRole('navigation', { name: 'Projects' });
    await projects.getByRole('button', { name: /^Starter Project/ }).waitFor();
    await page.getByRole('heading', { name: 'Starter Project' }).waitFor();

    await page.getByLabel('New project name').fill('Pirates');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('heading', { name: 'Pirates' }).waitFor();
    await page.getByText('No flows in this project yet').waitFor();
    const listed = (await request(server.url, 'GET', '/api/v1/projects/')).body as { id: string; name: string }[];
    const pirates = listed.find((p) => p.name === 'Pirates');
    expect(pirates).toBeDefined();

    await projects.getByRole('button', { name: /^Starter Project/ }).click();
    await page.getByLabel('Move Text Template to a project').selectOption({ label: 'Pirates' });
    await page.getByText('Moved “Text Template” to Pirates').waitFor();
    const moved = ((await request(server.url, 'GET', '/api/v1/flows/?format=flowdesk')).body as { name: string; folder_id: string }[]).find((f) => f.name === 'Text Template');
    expect(moved?.folder_id).toBe(pirates?.id);
    expect(await page.getByTestId('flow-card').filter({ hasText: 'Text Template' }).count()).toBe(0);

    // Search and sort within the Starter Project.
    await page.getByLabel('Search flows').fill('basic prompting');
    await expect.poll(() => page.getByTestId('flow-card').count()).toBeGreaterThan(0);
    const names = async () => (await page.getByTestId('flow-card').getByRole('heading').allTextContents()).map((n) => n.trim());
    expect((await names()).every((n) => /basic prompting/i.test(n))).toBe(true);
    await page.getByLabel('Search flows').fill('no such flow anywhere');
    await page.getByText('No flow in this project matches “no such flow anywhere”.').waitFor();
    await page.getByLabel('Search flows').fill('');
    await page.getByLabel('Sort flows').selectOption({ label: 'Name' });
    const sorted = await names();
    expect(sorted).toEqual([...sorted].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true })));
    await shot(page, 'round-two-01-projects');

    await projects.getByRole('button', { name: /^Pirates/ }).click();
    await page.getByTestId('flow-card').filter({ hasText: 'Text Template' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download project Pirates' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    const zip = await readFile(await download.path());
    expect(zip.subarray(0, 2).toString()).toBe('PK');

    await page.getByRole('button', { name: 'Delete project Pirates' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Deleted project “Pirates”').waitFor();
    await page.getByRole('heading', { name: 'Starter Project' }).waitFor();
    expect(((await request(server.url, 'GET', '/api/v1/projects/')).body as { name: string }[]).map((p) => p.name)).not.toContain('Pirates');
  }, 60_000);

  describe('on the Basic Prompting flow', () => {
    let flowId: string;

    beforeAll(async () => {
      const data = JSON.parse(await readFile(path.join(REPO_ROOT, 'test', 'renderer', 'fixtures', 'basic-prompting-flow.json'), 'utf8')) as unknown;
      flowId = (await request(server.url, 'POST', '/api/v1/flows/?format=flowdesk', { json: { name: 'Round two', data } })).body.id as string;
      await page.goto(`${server.url}/flow/${flowId}`);
      await node(page, 'OpenAIModel').waitFor();
      await waitSaved(page);
    }, 30_000);

    it('Fit view moves the view without making an unsaved change, and the view is still saved', async () => {
      const seen: string[] = [];
      await page.exposeFunction('recordSaveStatus', (status: string) => seen.push(status));
      // Every text the status shows from now on, as the page's own observer sees it (a string: this runs in the page).
      await page.evaluate(`new MutationObserver(() => window.recordSaveStatus(document.querySelector('[data-testid="save-status"]').textContent))
        .observe(document.querySelector('[data-testid="save-status"]'), { childList: true, characterData: true, subtree: true })`);
      const before = ((await request(server.url, 'GET', `/api/v1/flows/${flowId}?format=flowdesk`)).body as { data: { viewport: unknown } }).data.viewport;
      await page.mouse.move(700, 450);
      await page.mouse.wheel(0, 400);
      await page.getByRole('button', { name: 'Fit View' }).click();
      await expect
        .poll(async () => ((await request(server.url, 'GET', `/api/v1/flows/${flowId}?format=flowdesk`)).body as { data: { viewport: unknown } }).data.viewport, { timeout: 10_000 })
        .not.toEqual(before);
      expect(seen.filter((s) => s !== 'Saved')).toEqual([]);
      expect(await page.getByTestId('save-status').textContent()).toBe('Saved');
    }, 30_000);

    it('dragging an output onto an output says what went wrong, not "Unknown port"', async () => {
      await drawEdge(page, handle(page, 'ChatInput', 'source', 'message'), handle(page, 'OpenAIModel', 'source', 'text_output'));
      const refusal = page.getByRole('alert').filter({ hasText: 'Connection refused' }).last();
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain('joins an output to an output');
      expect(await refusal.textContent()).not.toContain('Unknown port');
      await shot(page, 'round-two-01-output-to-output');
    }, 30_000);

    it('renaming a Prompt variable keeps its edge; removing it says the edge went', async () => {
      const template = node(page, 'Prompt').locator('[data-field="template"] textarea');
      const edgesIntoPrompt = async () =>
        ((await request(server.url, 'GET', `/api/v1/flows/${flowId}?format=flowdesk`)).body as { data: { edges: { target: string; targetHandle: string }[] } }).data.edges
          .filter((e) => e.target === 'Prompt-pKfl9')
          .map((e) => e.targetHandle);
      expect(await edgesIntoPrompt()).toEqual(['persona']);
      // Select the variable's name inside the braces and type the new one, as a user does.
      await template.click();
      await page.keyboard.press('End');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      for (let i = 0; i < 'persona'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
      await page.keyboard.type('role');
      expect(await template.inputValue()).toBe('Answer as a {role}.');
      await handle(page, 'Prompt', 'target', 'role').waitFor();
      await expect.poll(edgesIntoPrompt, { timeout: 10_000 }).toEqual(['role']);
      await shot(page, 'round-two-02-prompt-variable-renamed');

      await template.fill('Answer as a pirate.');
      await page.getByRole('status').filter({ hasText: 'Removed the connection into {role}' }).waitFor();
      await expect.poll(edgesIntoPrompt, { timeout: 10_000 }).toEqual([]);
    }, 30_000);

    it('components added by clicking land in free space, never on another node', async () => {
      for (const type of ['TextInput', 'TextOutput', 'TextInput']) await page.getByTestId(`sidebar-${type}`).click();
      const before = 5; // the fixture's four components and its note
      await expect.poll(() => page.locator('.react-flow__node').count()).toBe(before + 3);
      // The added nodes are the last three; none may meet any other node.
      const overlapping = overlaps(await nodeBoxes(page), before);
      await shot(page, 'round-two-04-added-in-free-space');
      expect(overlapping).toEqual([]);
      await page.keyboard.press('Control+z');
      await page.keyboard.press('Control+z');
      await page.keyboard.press('Control+z');
      await expect.poll(() => page.locator('.react-flow__node').count()).toBe(before);
    }, 30_000);

    it('the playground focuses its message box on opening and closes on Esc', async () => {
      await page.getByRole('button', { name: /Playground/ }).click();
      const message = page.getByLabel('Message');
      await message.waitFor();
      await expect.poll(() => page.evaluate("document.activeElement?.getAttribute('aria-label')")).toBe('Message');
      await shot(page, 'round-two-05-playground-focused');
      await page.keyboard.press('Escape');
      await expect.poll(() => message.count()).toBe(0);
      expect(consoleErrors.filter((e) => !e.startsWith('Failed to load resource: the server responded with a status of 4'))).toEqual([]);
    }, 30_000);
  });
});
