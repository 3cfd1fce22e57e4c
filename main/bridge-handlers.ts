/**
 * The main-process side of the preload bridge: one IPC handler per bridge method. Each checks that
 * the request comes from the editor page of the current server and validates its arguments.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BRIDGE_CHANNELS, type OpenedFile, type SaveRequest, type SaveResult } from './bridge-contract.js';
import type { DesktopWindow, ElectronSurface, FileFilter } from './electron-surface.js';
import { isFromServer } from './navigation-policy.js';

/** Largest flow file opened or saved through the bridge. */
export const MAX_FLOW_FILE_BYTES = 50 * 1024 * 1024;

const FLOW_FILTERS: FileFilter[] = [
  { name: 'Flow files (JSON)', extensions: ['json'] },
  { name: 'All files', extensions: ['*'] },
];

export interface BridgeContext {
  electron: Pick<ElectronSurface, 'dialog' | 'shell' | 'ipc'>;
  /** The origin of the server the window shows now (it can change after a restart on port 0). */
  serverOrigin(): string | undefined;
  /** The editor window, to make the dialogs modal to it. */
  window(): DesktopWindow | undefined;
  dataDir: string;
  /** Where the Save dialog starts. */
  documentsDir: string;
}

/** A file name without folders or control characters, never empty. */
export function safeFileName(name: string): string {
  const base = name.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f<>:"|?*]/g, '').trim().slice(0, 200);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'flow.json' : cleaned;
}

function parseSaveRequest(args: unknown[]): SaveRequest {
  const raw = args[0] as Partial<SaveRequest> | undefined;
  if (typeof raw !== 'object' || raw === null || typeof raw.suggestedName !== 'string' || typeof raw.text !== 'string') {
    throw new Error('saveFlowFile expects {suggestedName: string, text: string}');
  }
  if (Buffer.byteLength(raw.text) > MAX_FLOW_FILE_BYTES) throw new Error('The flow is larger than 50 MB');
  return { suggestedName: raw.suggestedName, text: raw.text };
}

export function registerBridge(ctx: BridgeContext): void {
  const { dialog, shell, ipc } = ctx.electron;
  const handle = (channel: string, handler: (args: unknown[]) => Promise<unknown>): void => {
    ipc.handle(channel, async (sender, args) => {
      if (!isFromServer(sender.url, ctx.serverOrigin())) throw new Error('Refused: only the Flowdesk editor may use this');
      return handler(args);
    });
  };

  handle(BRIDGE_CHANNELS.openFlowFile, async (): Promise<OpenedFile | null> => {
    const file = await dialog.showOpen(ctx.window(), { title: 'Open a flow', filters: FLOW_FILTERS });
    if (!file) return null;
    if ((await stat(file)).size > MAX_FLOW_FILE_BYTES) throw new Error(`${path.basename(file)} is larger than 50 MB`);
    return { name: path.basename(file), text: await readFile(file, 'utf8') };
  });

  handle(BRIDGE_CHANNELS.saveFlowFile, async (args): Promise<SaveResult> => {
    const request = parseSaveRequest(args);
    const defaultPath = path.join(ctx.documentsDir, safeFileName(request.suggestedName));
    const file = await dialog.showSave(ctx.window(), { title: 'Save the flow', defaultPath, filters: FLOW_FILTERS });
    if (!file) return { saved: false };
    await writeFile(file, request.text);
    return { saved: true, name: path.basename(file) };
  });

  handle(BRIDGE_CHANNELS.revealDataFolder, async (): Promise<void> => {
    const error = await shell.openPath(ctx.dataDir);
    if (error) throw new Error(`Cannot open ${ctx.dataDir}: ${error}`);
  });
}
