/**
 * The preload bridge, both halves: the compiled preload (dist/main/preload.cjs) run as a sandboxed
 * preload would be, with only 'electron' to require; and the main-process handlers behind it.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_CHANNELS, BRIDGE_KEY } from '../../main/bridge-contract.js';
import { registerBridge, safeFileName } from '../../main/bridge-handlers.js';
import { assertMainBuilt, PRELOAD } from './support/built-main.js';
import { FakeElectron } from './support/fake-electron.js';
import { makeTempDir } from '../support/temp-dir.js';

const SERVER = 'http://127.0.0.1:7861';

describe('preload (compiled, one CommonJS file)', () => {
  beforeAll(() => assertMainBuilt());

  async function loadPreload() {
    const source = await readFile(PRELOAD, 'utf8');
    const required: string[] = [];
    const exposed: Record<string, unknown> = {};
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: { invoke: async (...args: unknown[]) => void invoked.push(args) },
    };
    const requireInSandbox = (id: string): unknown => {
      required.push(id);
      if (id === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require '${id}'`);
    };
    const module = { exports: {} };
    // Like Electron's sandboxed preload: a function of (exports, require, module), no Node globals.
    const wrapper = vm.runInNewContext(`(function (exports, require, module) {\n${source}\n})`, {}, { filename: PRELOAD }) as (
      exports: unknown, require: (id: string) => unknown, module: unknown) => void;
    wrapper(module.exports, requireInSandbox, module);
    return { required, exposed, invoked };
  }

  it("requires nothing but 'electron' and exposes exactly the three bridge functions, frozen", async () => {
    const { required, exposed } = await loadPreload();
    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual([BRIDGE_KEY]);
    const bridge = exposed[BRIDGE_KEY] as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['openFlowFile', 'revealDataFolder', 'saveFlowFile']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('each function invokes its own channel; save passes only name and text', async () => {
    const { exposed, invoked } = await loadPreload();
    const bridge = exposed[BRIDGE_KEY] as Record<string, (...args: unknown[]) => Promise<unknown>>;
    await bridge.openFlowFile?.();
    await bridge.saveFlowFile?.({ suggestedName: 'a.json', text: '{}', path: '/etc/passwd', extra: 1 });
    await bridge.revealDataFolder?.('ignored');
    expect(invoked).toEqual([
      [BRIDGE_CHANNELS.openFlowFile],
      [BRIDGE_CHANNELS.saveFlowFile, { suggestedName: 'a.json', text: '{}' }],
      [BRIDGE_CHANNELS.revealDataFolder],
    ]);
  });
});

describe('bridge handlers', () => {
  let dir: string;
  const dirs: string[] = [];
  afterEach(async () => {
    for (const made of dirs.splice(0)) await rm(made, { recursive: true, force: true });
  });

  /** `origin` null: no server is shown (a status page). */
  async function setup(origin: string | null = SERVER) {
    dir = await makeTempDir('flowdesk-bridge-');
    dirs.push(dir);
    const electron = new FakeElectron({ userData: dir, documents: path.join(dir, 'Documents') });
    registerBridge({ electron, serverOrigin: () => origin ?? undefined, window: () => undefined, dataDir: path.join(dir, 'data'), documentsDir: path.join(dir, 'Documents') });
    return electron;
  }

  it('refuses callers other than the editor page of the current server', async () => {
    const electron = await setup();
    await expect(electron.invoke(BRIDGE_CHANNELS.revealDataFolder, 'https://evil.example/')).rejects.toThrow('Refused');
    await expect(electron.invoke(BRIDGE_CHANNELS.revealDataFolder, 'data:text/html,x')).rejects.toThrow('Refused');
    const noServer = await setup(null);
    await expect(noServer.invoke(BRIDGE_CHANNELS.openFlowFile, `${SERVER}/`)).rejects.toThrow('Refused');
    expect(electron.openedPaths).toEqual([]);
  });

  it('openFlowFile returns the chosen file, or null when cancelled', async () => {
    const electron = await setup();
    expect(await electron.invoke(BRIDGE_CHANNELS.openFlowFile, `${SERVER}/flows`)).toBeNull();
    const file = path.join(dir, 'my flow.json');
    await writeFile(file, '{"name":"x"}');
    electron.openDialogResult = file;
    expect(await electron.invoke(BRIDGE_CHANNELS.openFlowFile, `${SERVER}/flows`)).toEqual({ name: 'my flow.json', text: '{"name":"x"}' });
  });

  it('saveFlowFile writes where the user chose, validates its argument', async () => {
    const electron = await setup();
    expect(await electron.invoke(BRIDGE_CHANNELS.saveFlowFile, `${SERVER}/`, { suggestedName: 'a.json', text: '{}' })).toEqual({ saved: false });
    electron.saveDialogResult = path.join(dir, 'out.json');
    expect(await electron.invoke(BRIDGE_CHANNELS.saveFlowFile, `${SERVER}/`, { suggestedName: 'a.json', text: '{"a":1}' })).toEqual({ saved: true, name: 'out.json' });
    expect(await readFile(path.join(dir, 'out.json'), 'utf8')).toBe('{"a":1}');
    await expect(electron.invoke(BRIDGE_CHANNELS.saveFlowFile, `${SERVER}/`, { suggestedName: 1 })).rejects.toThrow('expects');
  });

  it('revealDataFolder opens the data directory in the file manager', async () => {
    const electron = await setup();
    await electron.invoke(BRIDGE_CHANNELS.revealDataFolder, `${SERVER}/settings`);
    expect(electron.openedPaths).toEqual([path.join(dir, 'data')]);
  });

  it('safeFileName strips folders and odd characters', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\x\\flow.json')).toBe('flow.json');
    expect(safeFileName('a<b>:c?.json')).toBe('abc.json');
    expect(safeFileName('..')).toBe('flow.json');
    expect(safeFileName('')).toBe('flow.json');
  });
});
