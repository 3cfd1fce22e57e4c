/** bin/flowdesk.js routing: the desktop app by default, `start` as `npm start` uses it. */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { childEnv, FLOWDESK_BIN, makeTempDir, REPO_ROOT, runFlowdesk } from '../support/spawn-server.js';

const { findElectron } = (await import(new URL('../../dist/main/desktop-launcher.js', import.meta.url).href)) as { findElectron(): { ok: boolean } };
const electronInstalled = findElectron().ok;

describe('the flowdesk launcher', () => {
  // Where Electron's binary is installed, `flowdesk` would open a window instead.
  it.skipIf(electronInstalled)('without Electron, `flowdesk` says how to install it and how to use the browser, and exits 1', async () => {
    const res = await runFlowdesk([], { timeoutMs: 15_000 });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('cannot open the desktop app');
    expect(res.stderr).toContain('npm install-scripts approve electron');
    expect(res.stderr).toContain('flowdesk run');
  });

  it('`flowdesk start --backend-only` runs the server in plain Node, and SIGTERM stops it', async () => {
    const dataDir = await makeTempDir();
    const child = spawn(process.execPath, [FLOWDESK_BIN, 'start', '--backend-only', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'], {
      cwd: REPO_ROOT,
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner: ${stdout}`)), 15_000);
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('Press Ctrl+C to stop.')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    expect(stdout).toContain('Welcome to ⛓ Flowdesk');
    expect(stdout).toContain('backend-only');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('the main help lists the desktop, run, start and api-key commands', async () => {
    const res = await runFlowdesk(['--help']);
    expect(res.code).toBe(0);
    for (const command of ['desktop', 'run', 'start', 'api-key']) expect(res.stdout).toMatch(new RegExp(`^ {2}${command}\\s`, 'm'));
  });
});
