/**
 * The preload bridge: the only things the editor page gets beyond HTTP, exposed as
 * `window.flowdesk` in the desktop app (absent in a browser, so the editor must feature-test it).
 * Native file dialogs for flow files, and showing the data folder. Nothing generic, no raw IPC.
 */

/** IPC channel per bridge method. preload.cts repeats these literals, checked against this type. */
export interface BridgeChannels {
  readonly openFlowFile: 'flowdesk:open-flow-file';
  readonly saveFlowFile: 'flowdesk:save-flow-file';
  readonly revealDataFolder: 'flowdesk:reveal-data-folder';
}

export const BRIDGE_CHANNELS: BridgeChannels = {
  openFlowFile: 'flowdesk:open-flow-file',
  saveFlowFile: 'flowdesk:save-flow-file',
  revealDataFolder: 'flowdesk:reveal-data-folder',
};

/** The name of the bridge on `window`. */
export const BRIDGE_KEY = 'flowdesk';

export interface OpenedFile {
  /** The file's name, without its folder. */
  name: string;
  text: string;
}

export interface SaveRequest {
  /** Proposed file name, e.g. `My flow.json`; folders are stripped. */
  suggestedName: string;
  text: string;
}

export interface SaveResult {
  saved: boolean;
  /** The chosen file's name, when saved. */
  name?: string;
}

export interface FlowdeskBridge {
  /** Shows the native Open dialog for a flow file (JSON); null when cancelled. */
  openFlowFile(): Promise<OpenedFile | null>;
  /** Shows the native Save dialog and writes `text` to the chosen file. */
  saveFlowFile(request: SaveRequest): Promise<SaveResult>;
  /** Opens the data folder in the system file manager. */
  revealDataFolder(): Promise<void>;
}
