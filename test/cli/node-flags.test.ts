/** The server's Node flags (server/node-flags.ts) are the same at every place that starts it. */
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../server/node-flags.js';
import { childEnv, FLOWDESK_BIN, makeTempDir, REPO_ROOT } from '../support/spawn-server.js';

describe('the server Node flags', () => {
  it('are in the flowdesk command shebang and in npm start', () => {
    const shebang = readFileSync(FLOWDESK_BIN, 'utf8').split('\n')[0];
    expect(shebang).toBe(`#!/usr/bin/env -S node ${SERVER_NODE_FLAGS.join(' ')} --`);
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(`node ${SERVER_NODE_FLAGS.join(' ')} -- bin/flowdesk.js start`);
  });

  it.skipIf(process.platform === 'win32')('reach Node through the shebang (env -S), before the script name', async () => {
    // The bin renames its process (`flowdesk`), which hides its command line: run a script with the
    // same first line that prints the flags Node was given instead.
    const dir = await makeTempDir();
    const script = path.join(dir, 'probe.mjs');
    const shebang = readFileSync(FLOWDESK_BIN, 'utf8').split('\n')[0] as string;
    writeFileSync(script, `${shebang}\nconsole.log(JSON.stringify(process.execArgv));\n`);
    chmodSync(script, 0o755);
    const out = execFileSync(script, ['run', '--port', '1'], { env: childEnv(), encoding: 'utf8' });
    await rm(dir, { recursive: true, force: true });
    expect(JSON.parse(out)).toEqual([...SERVER_NODE_FLAGS]);
  });
});
