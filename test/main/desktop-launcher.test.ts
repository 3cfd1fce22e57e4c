import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronMissingHelp, findElectron, launchDesktop } from '../../main/desktop-launcher.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('desktop launcher', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('without the Electron binary (as here: ELECTRON_SKIP_BINARY_DOWNLOAD), says why', () => {
    const found = findElectron();
    expect(found.ok).toBe(false);
    if (!found.ok) expect(found.reason).toMatch(/Electron failed to install correctly|not installed/);
    expect(findElectron(() => '/opt/electron')).toEqual({ ok: true, path: '/opt/electron' });
    expect(findElectron(() => { throw Object.assign(new Error('x'), { code: 'MODULE_NOT_FOUND' }); })).toEqual({ ok: false, reason: 'the electron package is not installed' });
  });

  it('the help says how to install Electron under npm 11 and offers the browser instead', () => {
    const help = electronMissingHelp('the electron package is not installed');
    expect(help).toContain('npm install-scripts approve electron');
    expect(help).toContain('flowdesk run');
    expect(help).toContain('http://127.0.0.1:7861/');
  });

  it('runs the binary on the project with the arguments, and returns its exit code', async () => {
    dir = await makeTempDir('flowdesk-launcher-');
    const fake = path.join(dir, 'electron');
    const record = path.join(dir, 'args.json');
    await writeFile(fake, `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null }));\nprocess.exit(3);\n`);
    await chmod(fake, 0o755);
    process.env.ELECTRON_RUN_AS_NODE = '1';
    try {
      expect(await launchDesktop(fake, ['--port', '9000'], '/projects/flowdesk')).toBe(3);
    } finally {
      delete process.env.ELECTRON_RUN_AS_NODE;
    }
    expect(JSON.parse(await readFile(record, 'utf8'))).toEqual({ args: ['/projects/flowdesk', '--port', '9000'], runAsNode: null });
  });
});
