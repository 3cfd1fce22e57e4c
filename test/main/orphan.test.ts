/**
 * No orphan keeps the port: a parent that supervises the real server is killed with SIGKILL (it
 * cannot clean up), and the server notices and stops by itself, gracefully, within seconds.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { probeHealth } from '../../main/health.js';
import { LOCK_FILE_NAME } from '../../server/storage/data-dir-lock.js';
import { childEnv, makeTempDir, REPO_ROOT } from '../support/spawn-server.js';
import { assertMainBuilt } from './support/built-main.js';
import { isGone, portOpen, waitFor } from './support/processes.js';

const PARENT = fileURLToPath(new URL('./fixtures/supervising-parent.mjs', import.meta.url));

beforeAll(() => assertMainBuilt());

const leftovers: number[] = [];
let dataDir: string | undefined;
afterEach(async () => {
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
});

it('the server exits within a few seconds after its parent is SIGKILLed, releasing port and lock', async () => {
  dataDir = await makeTempDir('flowdesk-orphan-');
  const parent = spawn(process.execPath, [PARENT, REPO_ROOT, dataDir], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  parent.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  parent.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  if (parent.pid) leftovers.push(parent.pid);

  const line = await waitFor(`the parent's ready line (stderr so far: ${stderr})`, () => stdout.split('\n').find((l) => l.startsWith('{')), 20_000);
  const { parent: parentPid, server, url } = JSON.parse(line) as { parent: number; server: number; url: string };
  leftovers.push(server);
  expect(parentPid).toBe(parent.pid);
  expect(await probeHealth(url)).toBe(true);
  const port = Number(new URL(url).port);

  const killedAt = Date.now();
  process.kill(parentPid, 'SIGKILL');
  await waitFor('the server process to exit', () => isGone(server), 5_000);
  const tookMs = Date.now() - killedAt;

  expect(tookMs).toBeLessThan(5_000);
  expect(await portOpen(port)).toBe(false);
  // The lock file is removed only by a graceful close: the server was not just killed.
  expect(existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
});
