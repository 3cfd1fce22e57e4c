import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EditorWindow } from '../../main/editor-window.js';
import { decideNavigation, decideWindowOpen, isFromServer } from '../../main/navigation-policy.js';
import { escapeHtml, statusPageHtml, statusPageUrl } from '../../main/status-page.js';
import { parseWindowState, placeWindow } from '../../main/window-state.js';
import { FakeElectron, type FakeWindow } from './support/fake-electron.js';
import { makeTempDir } from '../support/temp-dir.js';

const SERVER = 'http://127.0.0.1:7861';

describe('navigation policy', () => {
  it("allows the server's own pages only", () => {
    expect(decideNavigation(`${SERVER}/flows/1`, SERVER)).toBe('allow');
    expect(decideNavigation('http://127.0.0.1:7862/', SERVER)).toBe('open-external');
    expect(decideNavigation('http://localhost:7861/', SERVER)).toBe('open-external');
    expect(decideNavigation(`${SERVER}/`, undefined)).toBe('open-external');
  });

  it('sends web and mail links to the system browser, refuses everything else', () => {
    expect(decideNavigation('https://docs.langflow.org/', SERVER)).toBe('open-external');
    expect(decideNavigation('mailto:team@example.com', SERVER)).toBe('open-external');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi', 'vscode://x', 'not a url']) {
      expect(decideNavigation(url, SERVER), url).toBe('deny');
    }
  });

  it('never opens a new window in-app', () => {
    expect(decideWindowOpen(`${SERVER}/docs`)).toBe('open-external');
    expect(decideWindowOpen('https://example.com')).toBe('open-external');
    expect(decideWindowOpen('file:///tmp/x')).toBe('deny');
    expect(decideWindowOpen('about:blank')).toBe('deny');
  });

  it('accepts bridge calls from the editor page only', () => {
    expect(isFromServer(`${SERVER}/flows`, SERVER)).toBe(true);
    expect(isFromServer('https://evil.example/', SERVER)).toBe(false);
    expect(isFromServer('data:text/html,x', SERVER)).toBe(false);
    expect(isFromServer(`${SERVER}/`, undefined)).toBe(false);
  });
});

describe('window state', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

  it('parses what it saves and rejects junk', () => {
    expect(parseWindowState('{"bounds":{"x":10,"y":20,"width":900,"height":700},"maximized":true}')).toEqual({
      bounds: { x: 10, y: 20, width: 900, height: 700 },
      maximized: true,
    });
    for (const text of ['', '{', 'null', '{"bounds":{"x":"1","y":0,"width":1,"height":1}}', '{"bounds":{"x":0,"y":0,"width":0,"height":5}}']) {
      expect(parseWindowState(text), text).toBeUndefined();
    }
  });

  it('puts the window back where it was when that is on a display', () => {
    expect(placeWindow({ bounds: { x: 200, y: 100, width: 1000, height: 700 }, maximized: false }, screen)).toEqual({
      x: 200, y: 100, width: 1000, height: 700, maximized: false,
    });
  });

  it('centers it when its display is gone, and caps its size to the display', () => {
    expect(placeWindow({ bounds: { x: 3000, y: 100, width: 1000, height: 700 }, maximized: true }, screen)).toEqual({ width: 1280, height: 820, maximized: true });
    expect(placeWindow(undefined, [{ x: 0, y: 0, width: 1024, height: 700 }])).toEqual({ width: 1024, height: 700, maximized: false });
    expect(placeWindow({ bounds: { x: 0, y: 0, width: 5000, height: 3000 }, maximized: false }, screen)).toMatchObject({ width: 1920, height: 1080 });
  });
});

describe('status page', () => {
  it('escapes everything it shows and allows no script', () => {
    const html = statusPageHtml({ title: 'Down <b>', reason: '"x" & y', next: 'Restarting…', recentOutput: ['<script>alert(1)</script>'] });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain(`default-src 'none'`);
    expect(escapeHtml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
    expect(decodeURIComponent(statusPageUrl({ title: 't', reason: 'r', next: 'n' }).replace(/^data:text\/html;charset=utf-8,/, ''))).toContain('<h1>t</h1>');
  });
});

describe('EditorWindow', () => {
  let dir: string;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function open(electron: FakeElectron, stateFile: string, logs: string[] = []): Promise<{ editor: EditorWindow; window: FakeWindow }> {
    const editor = await EditorWindow.open({ electron, preload: '/app/preload.cjs', stateFile, log: (line) => logs.push(line) });
    return { editor, window: electron.windows.at(-1) as FakeWindow };
  }

  it('is locked down: isolated, sandboxed, no Node, the one preload', async () => {
    dir = await makeTempDir('flowdesk-window-');
    const electron = new FakeElectron({ userData: dir });
    const { window } = await open(electron, path.join(dir, 'state.json'));
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
    expect(window.options.show).toBe(false);
  });

  it('keeps navigation on the server, sends links out, denies new windows', async () => {
    dir = await makeTempDir('flowdesk-window-');
    const electron = new FakeElectron({ userData: dir });
    const { editor, window } = await open(electron, path.join(dir, 'state.json'));
    await editor.showServer(`${SERVER}`);
    expect(window.url).toBe(`${SERVER}/`);
    expect(window.shown).toBe(true);

    expect(window.navigate(`${SERVER}/flows/abc`)).toBe(false);
    expect(window.navigate('https://openai.com/pricing')).toBe(true);
    expect(window.navigate('file:///etc/passwd')).toBe(true);
    window.requestWindow('https://docs.example.com/');
    window.requestWindow('file:///tmp/x');
    await Promise.resolve();
    expect(electron.external).toEqual(['https://openai.com/pricing', 'https://docs.example.com/']);
    expect(electron.windows).toHaveLength(1);

    // While a status page shows, even the server's origin is not a place to navigate to.
    await editor.showStatus({ title: 'Down', reason: 'crashed', next: 'Restarting' });
    expect(window.url).toMatch(/^data:text\/html/);
    expect(window.navigate(`${SERVER}/`)).toBe(true);
  });

  it('reloads the editor when its page process dies', async () => {
    dir = await makeTempDir('flowdesk-window-');
    const electron = new FakeElectron({ userData: dir });
    const logs: string[] = [];
    const { editor, window } = await open(electron, path.join(dir, 'state.json'), logs);
    await editor.showServer(SERVER);
    window.crashRenderer('oom');
    await Promise.resolve();
    expect(window.loaded).toEqual([`${SERVER}/`, `${SERVER}/`]);
    expect(logs.join('\n')).toContain('oom');
  });

  it('remembers its bounds in a JSON file and reopens there', async () => {
    dir = await makeTempDir('flowdesk-window-');
    const stateFile = path.join(dir, 'desktop', 'window-state.json');
    const electron = new FakeElectron({ userData: dir });
    const first = await open(electron, stateFile);
    first.window.bounds = { x: 300, y: 200, width: 1100, height: 750 };
    first.window.maximized = true;
    first.window.close();
    await first.editor.saveBounds();
    expect(JSON.parse(await readFile(stateFile, 'utf8'))).toEqual({ bounds: { x: 300, y: 200, width: 1100, height: 750 }, maximized: true });

    const second = await open(electron, stateFile);
    expect(second.window.options).toMatchObject({ x: 300, y: 200, width: 1100, height: 750 });
    expect(second.window.maximized).toBe(true);
  });

  it('ignores a corrupt state file', async () => {
    dir = await makeTempDir('flowdesk-window-');
    const stateFile = path.join(dir, 'window-state.json');
    await writeFile(stateFile, '{not json');
    const { window } = await open(new FakeElectron({ userData: dir }), stateFile);
    expect(window.options).toMatchObject({ width: 1280, height: 820 });
    expect(window.options.x).toBeUndefined();
  });
});
