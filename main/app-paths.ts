/** Where the desktop app keeps its own (non-server) files, inside Electron's userData folder. */
import path from 'node:path';

/** Chromium's session data and the window state: `<userData>/desktop`. */
export const SESSION_DATA_SUBDIR = 'desktop';

export function windowStateFile(userData: string): string {
  return path.join(userData, SESSION_DATA_SUBDIR, 'window-state.json');
}
