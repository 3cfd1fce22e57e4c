/**
 * Starting the desktop app from the `flowdesk` command (bin/flowdesk.js): find the Electron binary
 * the `electron` package installed and run this project with it, or explain how to get it.
 * Electron's binary comes from its install script, which npm 11 skips until it is approved
 * (`npm install-scripts approve electron`), so a plain `npm install` works offline.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type ElectronLookup = { ok: true; path: string } | { ok: false; reason: string };

/** The project root: two levels above dist/main/. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The `electron` package exports the binary's path, and throws when the binary was never downloaded. */
export function findElectron(load: (id: string) => unknown = createRequire(import.meta.url)): ElectronLookup {
  try {
    const found = load('electron');
    return typeof found === 'string' ? { ok: true, path: found } : { ok: false, reason: 'the electron package did not give a binary path' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'MODULE_NOT_FOUND' ? 'the electron package is not installed' : error instanceof Error ? error.message : String(error) };
  }
}

export function electronMissingHelp(reason: string): string {
  return [
    `flowdesk: cannot open the desktop app: ${reason}.`,
    '',
    'Install Electron (it downloads its binary from GitHub, so this needs internet access):',
    '  npm install-scripts approve electron   # npm 11 skips dependency install scripts until approved',
    '  npm rebuild electron',
    '(or, without changing package.json: node node_modules/electron/install.js)',
    '',
    'Or use the editor in your browser instead:',
    '  flowdesk run            then open http://127.0.0.1:7861/',
    '',
  ].join('\n');
}

/** Runs the desktop app with `args`; resolves Electron's exit code. Ctrl+C reaches Electron, which stops the server. */
export function launchDesktop(electronPath: string, args: readonly string[], projectRoot = PROJECT_ROOT): Promise<number> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE; // would make Electron a plain Node
    const child = spawn(electronPath, [projectRoot, ...args], { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
  });
}
