/**
 * The editor window's preload: one self-contained CommonJS file (a sandboxed preload can require
 * nothing but 'electron'), exposing the typed bridge of bridge-contract.ts as `window.flowdesk`.
 * The page never touches ipcRenderer: it gets three functions, each bound to one channel.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { BridgeChannels, FlowdeskBridge, SaveRequest } from './bridge-contract.js';

const CHANNELS: BridgeChannels = {
  openFlowFile: 'flowdesk:open-flow-file',
  saveFlowFile: 'flowdesk:save-flow-file',
  revealDataFolder: 'flowdesk:reveal-data-folder',
};

const bridge: FlowdeskBridge = {
  openFlowFile: () => ipcRenderer.invoke(CHANNELS.openFlowFile),
  // Copy just the two fields: nothing else from the page crosses into the main process.
  saveFlowFile: (request: SaveRequest) =>
    ipcRenderer.invoke(CHANNELS.saveFlowFile, { suggestedName: String(request?.suggestedName ?? ''), text: String(request?.text ?? '') }),
  revealDataFolder: () => ipcRenderer.invoke(CHANNELS.revealDataFolder),
};

contextBridge.exposeInMainWorld('flowdesk', Object.freeze(bridge));
