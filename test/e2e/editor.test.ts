/**
 * The editor end to end, in Debian's Chromium against the real server (spawned on a free port with a
 * temporary data directory) and a local fake OpenAI: build Basic Prompting from an empty canvas by
 * dragging and connecting, undo/redo a deletion, copy/paste, a failed save and its retry, run it in
 * the playground and watch the answer stream in, run the API panel's curl command, reload and find
 * everything saved, import a Langflow export, run it and export it for Langflow, manage variables
 * and API keys, follow a dark OS theme, require API keys and sign in. Screenshots go to test-artifacts/e2e/.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { browserAvailable, ensureEditorBuilt, launch, shot, watchConsole } from './browser.js';
import { drawEdge, dropComponent, handle, node, waitSaved } from './canvas.js';

const CHUNKS = ['Ahoy ', 'matey, ', 'the answer ', 'be 42!'];
const ANSWER = CHUNKS.join('');
const LANGFLOW_EXPORT = path.join(REPO_ROOT, 'test', 'fixtures', 'langflow', 'basic-prompting.json');
const UNSUPPORTED_EXPORT = path.join(REPO_ROOT, 'test', 'fixtures', 'langflow', 'unsupported-components.json');
const STEP = 60_000;

describe.runIf(browserAvailable())('editor in Chromium', () => {
  let server: SpawnedServer;
  let fake: FakeOpenAI;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let consoleErrors: string[];
  let flowId = '';

  beforeAll(async () => {
    await ensureEditorBuilt();
    fake = await startFakeOpenAI({ reply: ANSWER, chunks: CHUNKS, holdAfterChunks: 2 });
    // The imported Langflow flow reads its key from OPENAI_API_KEY and its address from OPENAI_BASE_URL.
    server = await spawnServer({ env: { OPENAI_API_KEY: 'sk-fake-env', OPENAI_BASE_URL: fake.baseURL } });
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = await context.newPage();
    consoleErrors = watchConsole(page);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await fake?.close();
  }, 30_000);

  it('lists the flows without loading the canvas code, and opens a new blank flow', async () => {
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    await page.getByTestId('flow-card').first().waitFor();
    await shot(page, '01-flow-list');
    // Code-split: the first screen loads no editor (React Flow) chunk.
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((s) => s.includes('editor-page'))).toEqual([]);

    await page.getByRole('button', { name: '+ New flow' }).click();
    await page.getByRole('button', { name: /Blank flow/ }).waitFor();
    await shot(page, '02-new-flow-dialog');
    await page.getByRole('button', { name: /Blank flow/ }).click();
    await page.waitForURL(/\/flow\//);
    flowId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');
    await page.getByTestId('canvas').waitFor();
    expect(await page.locator('.react-flow__node').count()).toBe(0);

    await page.getByRole('button', { name: 'Untitled flow' }).click();
    await page.getByLabel('Flow name').fill('Pirate Prompting');
    await page.getByLabel('Flow name').press('Enter');
    await page.getByRole('button', { name: 'Pirate Prompting' }).waitFor();
    expect(scripts.some((s) => s.includes('editor-page'))).toBe(true);
    await shot(page, '03-empty-canvas');
  }, STEP);

  it('builds Basic Prompting by dragging components and connecting them', async () => {
    await dropComponent(page, 'Prompt', 40, 40);
    await dropComponent(page, 'ChatInput', 40, 400);
    await dropComponent(page, 'OpenAIModel', 380, 120);
    await dropComponent(page, 'ChatOutput', 720, 260);

    // A Prompt grows one input per {variable} while its template is typed, and loses it again.
    const template = node(page, 'Prompt').locator('[data-field="template"] textarea');
    await template.fill('You are a pirate. Talk about {topic}.');
    await handle(page, 'Prompt', 'target', 'topic').waitFor();
    await template.fill('Answer the user as if you were a pirate.');
    await handle(page, 'Prompt', 'target', 'topic').waitFor({ state: 'detached' });

    const edges = page.locator('.react-flow__edge');
    await drawEdge(page, handle(page, 'ChatInput', 'source', 'message'), handle(page, 'OpenAIModel', 'target', 'input_value'));
    await expect.poll(() => edges.count()).toBe(1);
    await drawEdge(page, handle(page, 'Prompt', 'source', 'prompt'), handle(page, 'OpenAIModel', 'target', 'system_message'));
    await expect.poll(() => edges.count()).toBe(2);
    await drawEdge(page, handle(page, 'OpenAIModel', 'source', 'text_output'), handle(page, 'ChatOutput', 'target', 'input_value'));
    await expect.poll(() => edges.count()).toBe(3);
    await expect.poll(() => node(page, 'OpenAIModel').locator('.fd-connected').count()).toBe(2);

    // LanguageModel cannot feed a Chat Output: the connection is refused, visibly.
    await drawEdge(page, handle(page, 'OpenAIModel', 'source', 'model_output'), handle(page, 'ChatOutput', 'target', 'input_value'), async () => {
      await page.locator('.fd-connection-refused').waitFor();
      await shot(page, '04-refused-connection');
    });
    const refusal = page.locator('.toast', { hasText: /Connection refused: Language Model/ });
    await refusal.waitFor();
    expect(await page.locator('.react-flow__edge').count()).toBe(3);
    await refusal.getByRole('button', { name: 'Dismiss' }).click();

    const model = node(page, 'OpenAIModel');
    await model.locator('[data-field="api_key"] input[type="password"]').fill('sk-typed-in-the-editor');
    await model.getByRole('button', { name: /Show \d+ advanced/ }).click();
    await model.locator('[data-field="openai_api_base"] input').fill(fake.baseURL);
    await model.getByRole('button', { name: 'Hide advanced' }).click();

    await page.getByRole('button', { name: 'Fit View' }).click();
    await waitSaved(page);
    await shot(page, '05-built-flow');
  }, STEP);

  it('undoes and redoes a deletion, and copies and pastes nodes', async () => {
    const components = page.locator('.react-flow__node');
    const edges = page.locator('.react-flow__edge');
    await node(page, 'ChatOutput').locator('.fd-node-header').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => components.count()).toBe(3);
    expect(await edges.count()).toBe(2);

    await page.keyboard.press('Control+z');
    await expect.poll(() => components.count()).toBe(4);
    await expect.poll(() => edges.count()).toBe(3);

    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => components.count()).toBe(3);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => components.count()).toBe(4);
    await expect.poll(() => edges.count()).toBe(3);

    await node(page, 'Prompt').locator('.fd-node-header').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(() => node(page, 'Prompt').count()).toBe(2);
    await page.keyboard.press('Control+z');
    await expect.poll(() => node(page, 'Prompt').count()).toBe(1);
    await waitSaved(page);
  }, STEP);

  it('shows a failed save, and saves on retry', async () => {
    const failPatches = async (route: Route) => {
      if (route.request().method() === 'PATCH') await route.fulfill({ status: 500, contentType: 'application/json', body: '{"detail":"disk full"}' });
      else await route.fallback();
    };
    const thisFlow = (url: URL) => url.pathname === `/api/v1/flows/${flowId}`;
    await page.route(thisFlow, failPatches);
    await node(page, 'ChatInput').locator('[data-field="input_value"] textarea').fill('draft');
    await page.getByTestId('save-status').filter({ hasText: 'Save failed' }).waitFor();
    expect(await page.getByTestId('save-status').getAttribute('title')).toBe('disk full');
    await shot(page, '06-save-failed');
    await page.unroute(thisFlow, failPatches);
    // The browser logs the injected 500s; they are this test's doing, not the editor's.
    const injected = (e: string) => e.includes('status of 500') && e.includes(`/api/v1/flows/${flowId}`);
    consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !injected(e)));
    await page.getByTestId('save-status').getByRole('button', { name: 'Retry' }).click();
    await waitSaved(page);
    await node(page, 'ChatInput').locator('[data-field="input_value"] textarea').fill('');
    await waitSaved(page);
  }, STEP);

  it('runs the flow in the playground and streams the answer', async () => {
    await page.getByRole('button', { name: /Playground/ }).click();
    await page.getByLabel('Message').fill('What is the answer?');
    await page.getByLabel('Message').press('Enter');

    const answer = page.locator('[data-testid="chat-message"][data-sender="Machine"]').last();
    // The fake model holds after two chunks: the partial answer is on screen, still streaming.
    await answer.filter({ hasText: 'Ahoy matey,' }).waitFor();
    expect(await answer.textContent()).not.toContain('42');
    expect(await answer.locator('.caret').count()).toBe(1);
    await shot(page, '07-playground-streaming');

    fake.release();
    await answer.filter({ hasText: ANSWER }).waitFor();
    await expect.poll(() => answer.locator('.caret').count()).toBe(0);
    await node(page, 'ChatOutput').locator('.fd-status-dot-done').waitFor();
    await shot(page, '08-playground-answer');

    const sent = fake.requests.at(-1)?.body as { messages: { role: string; content: string }[] };
    expect(sent.messages).toEqual([
      { role: 'system', content: 'Answer the user as if you were a pirate.' },
      { role: 'user', content: 'What is the answer?' },
    ]);
    expect(fake.requests.at(-1)?.headers.authorization).toBe('Bearer sk-typed-in-the-editor');
  }, STEP);

  it('shows an API panel whose curl command runs the flow', async () => {
    await page.getByRole('button', { name: '</> API' }).click();
    const code = page.getByTestId('api-code');
    await code.waitFor();
    const curl = (await code.textContent()) ?? '';
    expect(curl).toContain(`${server.url}/api/v1/run/${flowId}`);
    for (const type of ['ChatInput', 'Prompt', 'OpenAIModel', 'ChatOutput']) expect(curl).toMatch(new RegExp(`"${type}-[A-Za-z0-9]{5}": \\{\\}`));
    await shot(page, '09-api-panel');

    await page.getByRole('button', { name: 'Copy code' }).click();
    await page.getByRole('button', { name: 'Copied ✓' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(curl);

    const { stdout } = await promisify(execFile)('bash', ['-c', `${curl} -sS -w '\\n%{http_code}'`]);
    const status = stdout.slice(stdout.lastIndexOf('\n') + 1);
    const body = JSON.parse(stdout.slice(0, stdout.lastIndexOf('\n'))) as { outputs: { outputs: { results: { message: { text: string } } }[] }[] };
    expect(status).toBe('200');
    expect(body.outputs[0]?.outputs[0]?.results.message.text).toBe(ANSWER);

    // The panel states the tweak policy and which fields a tweak may set: the key never, the temperature yes.
    await page.getByTestId('tweak-policy').getByText('Tweak policy: permissive.').waitFor();
    await page.getByText('Tweakable fields').click();
    const fieldRow = (name: string) => page.locator(`[data-testid=tweak-fields] li[data-field^="OpenAIModel-"][data-field$=".${name}"]`);
    expect(await fieldRow('api_key').getAttribute('data-tweakable')).toBe('false');
    expect(await fieldRow('api_key').textContent()).toContain('not tweakable');
    expect(await fieldRow('temperature').getAttribute('data-tweakable')).toBe('true');
    await shot(page, '09b-api-panel-tweakable-fields');

    // An endpoint name set here replaces the id in the snippets.
    await page.getByLabel('Endpoint name').fill('pirate-bot');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    expect(await code.textContent()).toContain(`${server.url}/api/v1/run/pirate-bot`);
    await page.getByRole('tab', { name: 'Python' }).click();
    expect(await code.textContent()).toContain('requests.post(url, json=payload, headers=headers)');

    // The flow as an MCP tool: the client configuration to paste, and the switch that takes it off the tools.
    await page.getByText('Use as an MCP tool').click();
    expect(JSON.parse((await page.getByTestId('mcp-http-config').textContent()) ?? '')).toEqual({ mcpServers: { flowdesk: { type: 'http', url: `${server.url}/api/v1/mcp/streamable` } } });
    const mcpSwitch = page.getByRole('switch', { name: "Serve this flow as a tool of Flowdesk's MCP server" });
    expect(await mcpSwitch.isChecked()).toBe(true);
    await shot(page, '09c-api-panel-mcp');
    await mcpSwitch.uncheck();
    await expect.poll(async () => ((await (await fetch(`${server.url}/api/v1/flows/${flowId}`)).json()) as { mcp_enabled: boolean }).mcp_enabled).toBe(false);
    await mcpSwitch.check();
    await expect.poll(async () => ((await (await fetch(`${server.url}/api/v1/flows/${flowId}`)).json()) as { mcp_enabled: boolean }).mcp_enabled).toBe(true);
    await page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).click();
  }, STEP);

  it('finds everything saved after a reload', async () => {
    await waitSaved(page);
    await page.reload();
    await node(page, 'OpenAIModel').waitFor();
    expect(await page.locator('.react-flow__node').count()).toBe(4);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    expect(await node(page, 'Prompt').locator('[data-field="template"] textarea').inputValue()).toBe('Answer the user as if you were a pirate.');
    await page.getByRole('button', { name: 'Pirate Prompting' }).waitFor();

    await page.getByRole('button', { name: /Playground/ }).click();
    // The playground's run and the curl run share the default session (the flow's id).
    await page.locator('[data-testid="chat-message"][data-sender="User"]').filter({ hasText: 'What is the answer?' }).waitFor();
    await page.locator('[data-testid="chat-message"][data-sender="User"]').filter({ hasText: 'hello world!' }).waitFor();
    expect(await page.locator('[data-testid="chat-message"][data-sender="Machine"]').filter({ hasText: ANSWER }).count()).toBe(2);
    await shot(page, '10-reloaded');

    // A new session starts empty; the earlier one is still there to switch back to.
    await page.getByRole('button', { name: '+ New session' }).click();
    await page.getByText('No messages in this session yet').waitFor();
    await page.getByLabel('Session', { exact: true }).selectOption({ label: 'Default session' });
    await page.locator('[data-testid="chat-message"][data-sender="User"]').filter({ hasText: 'What is the answer?' }).waitFor();

    const saved = (await (await fetch(`${server.url}/api/v1/flows/${flowId}?format=flowdesk`)).json()) as { name: string; endpoint_name: string; data: { nodes: { data: { type: string; values: Record<string, unknown> } }[] } };
    expect(saved.name).toBe('Pirate Prompting');
    expect(saved.endpoint_name).toBe('pirate-bot');
    const model = saved.data.nodes.find((n) => n.data.type === 'OpenAIModel');
    expect(model?.data.values.openai_api_base).toBe(fake.baseURL);
  }, STEP);

  it('imports a Langflow export and runs it', async () => {
    await page.getByRole('link', { name: 'Back to flows' }).click();
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    const before = await page.getByTestId('flow-card').count();
    await page.getByTestId('import-input').setInputFiles(LANGFLOW_EXPORT);
    await page.getByText(/Imported “Basic Prompting/).waitFor();
    await expect.poll(() => page.getByTestId('flow-card').count()).toBe(before + 1);
    await shot(page, '11-imported');

    const imported = page.getByTestId('flow-card').filter({ hasText: /Basic Prompting \(\d+\)/ }).first();
    await imported.getByRole('link').click();
    await node(page, 'OpenAIModel').waitFor();
    await page.getByRole('button', { name: /Playground/ }).click();
    await page.getByLabel('Message').fill('Hello from the import');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('[data-testid="chat-message"][data-sender="Machine"]').filter({ hasText: ANSWER }).waitFor();
    await shot(page, '12-imported-run');
  }, STEP);

  it("exports the imported flow for Langflow from the flow list: a Langflow file with the flow's nodes", async () => {
    await page.getByRole('link', { name: 'Back to flows' }).click();
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    const card = page.getByTestId('flow-card').filter({ hasText: /Basic Prompting \(\d+\)/ }).first();
    const name = (await card.getByRole('heading').textContent()) ?? '';
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: `Export ${name} for Langflow`, exact: true }).click()]);
    const file = await download.path();
    const exported = JSON.parse(await readFile(file, 'utf8')) as { is_component: boolean; data: { nodes: { id: string; type: string }[] } };
    expect(exported.is_component).toBe(false);
    expect(exported.data.nodes.some((n) => n.type === 'genericNode' && n.id.startsWith('OpenAIModel-'))).toBe(true);
    // Back in the editor, where the next step starts.
    await card.getByRole('link').click();
    await node(page, 'OpenAIModel').waitFor();
  }, STEP);

  it('imports a Langflow flow with components it lacks, and shows them marked unsupported on the canvas', async () => {
    await page.getByRole('link', { name: 'Back to flows' }).click();
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    await page.getByTestId('import-input').setInputFiles(UNSUPPORTED_EXPORT);
    await page.getByText(/Imported “Vector Store RAG/).waitFor();
    await page.getByTestId('flow-card').filter({ hasText: /Vector Store RAG/ }).first().getByRole('link').click();
    const couchbase = page.locator('[data-testid="component-node"][data-unsupported="langflow_component"]').filter({ hasText: 'Couchbase' });
    await couchbase.waitFor();
    await expect(couchbase.getByTestId('unsupported-message').textContent()).resolves.toContain('unsupported: Langflow component "Couchbase" is not available in Flowdesk');
    // Its OpenAI Embeddings node is a Flowdesk component now: Couchbase is the one unsupported node.
    await expect(page.locator('[data-testid="component-node"][data-unsupported]').count()).resolves.toBe(1);
    await shot(page, '12b-unsupported-nodes');
  }, STEP);

  it("shows a run's warnings on the node: a field bound to a global variable that does not exist took its default", async () => {
    const echo = JSON.parse(await readFile(path.join(REPO_ROOT, 'test', 'fixtures', 'flows', 'chat-echo.json'), 'utf8')) as { data: { nodes: { id: string; data: Record<string, unknown> }[] } };
    echo.data.nodes.find((n) => n.id === 'ChatOutput-out01')!.data.global_variables = { sender_name: 'NO_SUCH_VARIABLE' };
    const created = await fetch(`${server.url}/api/v1/flows/?format=flowdesk`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...echo, name: 'Warned echo' }) });
    expect(created.status).toBe(201);
    await page.goto(`${server.url}/flow/${((await created.json()) as { id: string }).id}`);
    await node(page, 'ChatOutput').waitFor();
    await page.getByRole('button', { name: /Playground/ }).click();
    await page.getByLabel('Message').fill('warn me');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('[data-testid="chat-message"][data-sender="Machine"]').filter({ hasText: 'Echo: warn me' }).waitFor();
    const warnings = node(page, 'ChatOutput').getByTestId('node-warnings');
    await expect(warnings.textContent()).resolves.toContain('Global variable "NO_SUCH_VARIABLE" (field "sender_name") not found: the field takes its default ("AI")');
    await shot(page, '12c-node-warning');
  }, STEP);

  it('manages global variables and API keys in the settings', async () => {
    await page.goto(`${server.url}/settings`);
    await page.getByLabel('Variable name').fill('MY_SECRET');
    await page.getByLabel('Variable value').fill('hunter2');
    await page.getByRole('button', { name: 'Add variable' }).click();
    await page.getByRole('cell', { name: 'MY_SECRET', exact: true }).waitFor();
    expect(await page.getByText('hunter2').count()).toBe(0);

    await page.getByLabel('Key name').fill('e2e');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('new-api-key').textContent()) ?? '';
    expect(key).toMatch(/^sk-[A-Za-z0-9_-]{32,}$/);
    await shot(page, '13-new-api-key');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('cell', { name: 'e2e', exact: true }).waitFor();
    expect(await page.getByText(key).count()).toBe(0);
    await shot(page, '14-settings');

    await page.getByRole('button', { name: 'Revoke e2e' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('cell', { name: 'e2e', exact: true }).waitFor({ state: 'detached' });
  }, STEP);

  it('follows a dark OS theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${server.url}/flow/${flowId}`);
    await node(page, 'OpenAIModel').waitFor();
    await page.locator('.react-flow.dark').waitFor();
    await shot(page, '15-dark-editor');
    await page.emulateMedia({ colorScheme: 'light' });
  }, STEP);

  it('requires API keys when switched on: snippets carry the key, and a signed-out browser signs in', async () => {
    await page.goto(`${server.url}/settings`);
    await page.getByLabel('Key name').fill('access');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('new-api-key').textContent()) ?? '';
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('switch', { name: 'Require an API key to use the API' }).check();
    await page.getByText('API keys are now required').waitFor();
    await shot(page, '16-keys-required');

    // Programs now need a key; this browser, signed in by its session, keeps working.
    expect((await fetch(`${server.url}/api/v1/flows/`)).status).toBe(403);
    await page.goto(`${server.url}/flow/${flowId}`);
    await node(page, 'OpenAIModel').waitFor();
    await page.getByRole('button', { name: '</> API' }).click();
    // The panel learns that keys are required from the server, after it opens.
    await page.getByTestId('api-code').filter({ hasText: 'x-api-key' }).waitFor();
    const curl = (await page.getByTestId('api-code').textContent()) ?? '';
    expect(curl).toContain('-H "x-api-key: $FLOWDESK_API_KEY"');
    const run = (env: Record<string, string>) => promisify(execFile)('bash', ['-c', `${curl} -sS -o /dev/null -w '%{http_code}'`], { env: { ...process.env, ...env } });
    expect((await run({ FLOWDESK_API_KEY: key })).stdout).toBe('200');
    expect((await run({ FLOWDESK_API_KEY: 'sk-not-a-key' })).stdout).toBe('403');
    await page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).click();

    await page.getByRole('link', { name: 'Back to flows' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Flowdesk' }).waitFor();
    await page.getByLabel('API key').fill('sk-wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Invalid or missing API key').waitFor();
    await shot(page, '17-sign-in');
    // That refusal is the test's doing.
    consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !(e.includes('status of 403') && e.includes('/api/v1/session'))));
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Flows' }).waitFor();

    await page.goto(`${server.url}/settings`);
    await page.getByRole('switch', { name: 'Require an API key to use the API' }).uncheck();
    await page.getByText('API keys are no longer required').waitFor();
    expect((await fetch(`${server.url}/api/v1/flows/`)).status).toBe(200);
  }, STEP);

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
