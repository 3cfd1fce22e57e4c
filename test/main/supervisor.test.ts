/**
 * The supervisor with the real server: it forks dist/main/server-entry.js (that is `flowdesk run`)
 * with child_process.fork under plain Node, on temporary data directories.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probeHealth } from '../../main/health.js';
import { ServerSupervisor } from '../../main/supervisor.js';
import type { ServerSettings, SupervisorEvent, SupervisorOptions } from '../../main/supervisor-types.js';
import { LOCK_FILE_NAME } from '../../server/storage/data-dir-lock.js';
import { childEnv, makeTempDir, spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { assertMainBuilt, SERVER_ENTRY } from './support/built-main.js';
import { isGone, occupyPort, waitFor } from './support/processes.js';

beforeAll(() => assertMainBuilt());

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await makeTempDir('flowdesk-supervisor-');
  cleanups.push(() => rm(dir, { recursive: true, force: true, maxRetries: 5 }));
  return dir;
}

interface Harness {
  supervisor: ServerSupervisor;
  events: SupervisorEvent[];
  output: string[];
  next(type: SupervisorEvent['type'], after?: number): Promise<SupervisorEvent>;
}

function supervise(settings: Partial<ServerSettings> & { dataDir: string }, overrides: Partial<SupervisorOptions> = {}): Harness {
  const events: SupervisorEvent[] = [];
  const output: string[] = [];
  const supervisor = new ServerSupervisor({
    settings: { host: '127.0.0.1', port: 0, backendOnly: true, ...settings },
    entry: SERVER_ENTRY,
    execPath: process.execPath,
    runAsNode: false,
    env: childEnv({ FLOWDESK_LOG_LEVEL: 'info' }),
    onOutput: (line) => output.push(line),
    timing: { attachPollMs: 150, attachWaitMs: 1_000, stopTimeoutMs: 8_000 },
    restart: { initialDelayMs: 100, maxDelayMs: 400, maxAttempts: 4, stableAfterMs: 60_000 },
    ...overrides,
  });
  supervisor.onEvent((event) => events.push(event));
  cleanups.push(() => supervisor.stop());
  const next = (type: SupervisorEvent['type'], after = events.length): Promise<SupervisorEvent> =>
    waitFor(`a '${type}' event`, () => events.slice(after).find((event) => event.type === type), 15_000);
  return { supervisor, events, output, next };
}

async function external(dataDir: string): Promise<SpawnedServer> {
  const server = await spawnServer({ dataDir, args: ['--backend-only'] });
  cleanups.push(() => server.stop());
  return server;
}

describe('ServerSupervisor with the real server', () => {
  it('forks the server, waits for /health, and stops it gracefully (lock released, exit 0)', async () => {
    const dataDir = await tempDir();
    const { supervisor, output, events } = supervise({ dataDir });
    const result = await supervisor.start();
    if (!result.ok) throw new Error(result.failure.reason);
    expect(result.ready).toMatchObject({ attached: false, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    expect(await probeHealth(result.ready.url)).toBe(true);
    expect(output).toContain('Welcome to ⛓ Flowdesk');
    expect(existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(true);

    await supervisor.stop();
    expect(isGone(result.ready.pid)).toBe(true);
    expect(await probeHealth(result.ready.url)).toBe(false);
    // A graceful stop closes the store, which removes the lock; "Stopped." is the CLI's last line.
    expect(existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
    expect(output.at(-1)).toMatch(/INFO\s+Stopped\.$/);
    expect(events.map((event) => event.type)).toEqual(['starting', 'ready', 'stopped']);
  });

  it('restarts the server after it is killed, with growing backoff', async () => {
    const dataDir = await tempDir();
    const { supervisor, events, next } = supervise({ dataDir });
    const first = await supervisor.start();
    if (!first.ok) throw new Error(first.failure.reason);

    let mark = events.length;
    process.kill(first.ready.pid, 'SIGKILL');
    const crash = await next('crashed', mark);
    expect(crash).toMatchObject({ attempt: 1, restartInMs: 100, reason: 'The server process was killed by SIGKILL.' });
    const again = (await next('ready', mark)) as Extract<SupervisorEvent, { type: 'ready' }>;
    expect(again.ready.pid).not.toBe(first.ready.pid);
    expect(again.ready.attached).toBe(false);
    expect(await probeHealth(again.ready.url)).toBe(true);
    expect(supervisor.ready).toEqual(again.ready);

    mark = events.length;
    process.kill(again.ready.pid, 'SIGKILL');
    expect(await next('crashed', mark)).toMatchObject({ attempt: 2, restartInMs: 200 });
    await next('ready', mark);
    expect(supervisor.state).toBe('ready');
  });

  it('gives up after too many crashes in a row, with one failure', async () => {
    const dataDir = await tempDir();
    const { supervisor, events, next } = supervise({ dataDir }, { restart: { initialDelayMs: 50, maxDelayMs: 50, maxAttempts: 1, stableAfterMs: 60_000 } });
    const first = await supervisor.start();
    if (!first.ok) throw new Error(first.failure.reason);
    process.kill(first.ready.pid, 'SIGKILL');
    const second = (await next('ready', 2)) as Extract<SupervisorEvent, { type: 'ready' }>;
    const mark = events.length;
    process.kill(second.ready.pid, 'SIGKILL');
    const failed = (await next('failed', mark)) as Extract<SupervisorEvent, { type: 'failed' }>;
    expect(failed.failure.code).toBe('restarts_exhausted');
    expect(failed.failure.reason).toContain('restarted 1 times in a row');
    expect(supervisor.state).toBe('failed');
  });

  it('attaches to a Flowdesk server already running on the data directory, and never stops it', async () => {
    const dataDir = await tempDir();
    const running = await external(dataDir);
    const { supervisor } = supervise({ dataDir, port: 7861 });
    const result = await supervisor.start();
    if (!result.ok) throw new Error(result.failure.reason);
    expect(result.ready).toEqual({ url: running.url, attached: true, pid: running.child.pid });
    await supervisor.stop();
    expect(await probeHealth(running.url)).toBe(true);
  });

  it('takes over when the attached server goes away', async () => {
    const dataDir = await tempDir();
    const running = await external(dataDir);
    const { supervisor, next, events } = supervise({ dataDir });
    const result = await supervisor.start();
    expect(result.ok && result.ready.attached).toBe(true);
    const mark = events.length;
    await running.stop();
    const crash = (await next('crashed', mark)) as Extract<SupervisorEvent, { type: 'crashed' }>;
    expect(crash.reason).toContain('stopped answering');
    const own = (await next('ready', mark)) as Extract<SupervisorEvent, { type: 'ready' }>;
    expect(own.ready.attached).toBe(false);
    expect(await probeHealth(own.ready.url)).toBe(true);
  });

  it('port taken by another program: one clear failure, no restarts, no process left', async () => {
    const dataDir = await tempDir();
    const taken = await occupyPort();
    cleanups.push(() => taken.close());
    const { supervisor, events } = supervise({ dataDir, port: taken.port });
    const result = await supervisor.start();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure.code).toBe('port_in_use');
    expect(result.failure.title).toBe('Flowdesk cannot start: its port is taken');
    expect(result.failure.reason).toContain(`Port ${taken.port} on 127.0.0.1 is already in use by another program`);
    expect(result.failure.advice).toContain('--port');
    expect(events.map((event) => event.type)).toEqual(['starting', 'failed']);
    expect(existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it('data directory locked by a live process that is not answering: one clear failure', async () => {
    const dataDir = await tempDir();
    // A live process on this host holds the lock but never listens (a hung or foreign server).
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    cleanups.push(async () => holder.kill('SIGKILL'));
    const lock = { pid: holder.pid, hostname: os.hostname(), started_at: new Date().toISOString(), instance: 'test' };
    await writeFile(path.join(dataDir, LOCK_FILE_NAME), JSON.stringify(lock));
    const { supervisor } = supervise({ dataDir });
    const result = await supervisor.start();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure.code).toBe('data_dir_locked');
    expect(result.failure.reason).toContain(`locked by a Flowdesk server (pid ${holder.pid}) that has not started listening`);
    expect(result.failure.advice).toContain('--data-dir');
  });

  it('takes over a stale lock left by a dead server', async () => {
    const dataDir = await tempDir();
    const dead = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => dead.once('exit', resolve));
    const lock = { pid: dead.pid, hostname: os.hostname(), started_at: new Date().toISOString(), instance: 'old', url: 'http://127.0.0.1:1' };
    await writeFile(path.join(dataDir, LOCK_FILE_NAME), JSON.stringify(lock));
    const { supervisor } = supervise({ dataDir });
    const result = await supervisor.start();
    expect(result.ok && !result.ready.attached).toBe(true);
  });

  it('a missing server program: reported once, with what it printed', async () => {
    const dataDir = await tempDir();
    const { supervisor, events } = supervise({ dataDir }, { entry: path.join(dataDir, 'missing-entry.js') });
    const result = await supervisor.start();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure.code).toBe('server_exited');
    expect(result.failure.reason).toBe('The server process exited with code 1 before it was ready.');
    expect(result.failure.recentOutput.join('\n')).toContain('Cannot find module');
    expect(events.map((event) => event.type)).toEqual(['starting', 'failed']);
  });

  it('a runtime that cannot be run at all: spawn_failed', async () => {
    const dataDir = await tempDir();
    const { supervisor } = supervise({ dataDir }, { execPath: path.join(dataDir, 'no-such-electron') });
    const result = await supervisor.start();
    expect(result.ok ? 'ok' : result.failure.code).toBe('spawn_failed');
  });

  it('stop() during start leaves no process behind', async () => {
    const dataDir = await tempDir();
    const { supervisor, output } = supervise({ dataDir });
    const starting = supervisor.start();
    await waitFor('the server to print something', () => output.length > 0, 10_000, 5);
    await supervisor.stop();
    const result = await starting;
    expect(result.ok ? 'ok' : result.failure.code).toBe('stopped');
    await waitFor('the lock to be released', () => !existsSync(path.join(dataDir, LOCK_FILE_NAME)), 5_000);
  });
});
