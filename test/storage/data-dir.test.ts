import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger.js';
import { StartupError } from '../../server/startup-error.js';
import { openStore, readLockInfo } from '../../server/storage/open-store.js';
import { open, tempDir } from './helpers.js';

/** A pid that is certainly not running: a child that already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('data-directory lock', () => {
  it('writes a lock with pid, host and start time, records the URL, and releases it on close', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    const info = await readLockInfo(dir);
    expect(info).toMatchObject({ pid: process.pid, hostname: os.hostname() });
    expect(Date.parse(info?.started_at ?? '')).toBeGreaterThan(Date.now() - 60_000);
    await store.setLockInfo({ url: 'http://127.0.0.1:7861' });
    expect((await readLockInfo(dir))?.url).toBe('http://127.0.0.1:7861');
    await store.close();
    await store.close(); // idempotent
    expect(await readLockInfo(dir)).toBeUndefined();
  });

  it('refuses a second store on the same directory, in the same process too', async () => {
    const dir = await tempDir();
    await open(dir);
    const second = openStore(dir, { logger: silentLogger });
    await expect(second).rejects.toBeInstanceOf(StartupError);
    await expect(second).rejects.toMatchObject({
      code: 'data_dir_locked',
      message: `Data directory ${dir} is in use by another Flowdesk server (pid ${process.pid}). Stop it or use --data-dir.`,
    });
  });

  it('refuses two stores opened at the same moment: exactly one wins', async () => {
    const dir = await tempDir();
    const results = await Promise.allSettled([openStore(dir, { logger: silentLogger }), openStore(dir, { logger: silentLogger })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected');
    expect(failed?.reason).toMatchObject({ code: 'data_dir_locked' });
    for (const r of results) if (r.status === 'fulfilled') await r.value.close();
  });

  it('refuses a lock held by another live process', async () => {
    const dir = await tempDir();
    const lock = { pid: process.ppid, hostname: os.hostname(), started_at: new Date().toISOString(), instance: 'other' };
    await fs.writeFile(path.join(dir, 'flowdesk.lock'), JSON.stringify(lock));
    await expect(openStore(dir, { logger: silentLogger })).rejects.toMatchObject({ code: 'data_dir_locked', message: expect.stringContaining(`(pid ${process.ppid})`) });
    // Refusing must leave the other server's lock alone.
    expect((await readLockInfo(dir))?.instance).toBe('other');
  });

  it('takes over a stale lock (dead pid) with a warning', async () => {
    const dir = await tempDir();
    const pid = deadPid();
    await fs.writeFile(path.join(dir, 'flowdesk.lock'), JSON.stringify({ pid, hostname: os.hostname(), started_at: new Date().toISOString(), instance: 'dead' }));
    const warned: string[] = [];
    const store = await open(dir, { logger: { ...silentLogger, warn: (m: string) => warned.push(m) } });
    expect(store.warnings).toHaveLength(1);
    expect(store.warnings[0]).toMatch(new RegExp(`Took over the lock of data directory .* left by pid ${pid}`));
    expect(warned).toEqual(store.warnings);
    expect((await readLockInfo(dir))?.pid).toBe(process.pid);
  });

  it('takes over an unreadable lock file, and one from before this process started with our pid', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'flowdesk.lock'), '');
    const store = await open(dir);
    expect(store.warnings[0]).toMatch(/unreadable lock file/);
    await store.close();

    const old = new Date(Date.now() - process.uptime() * 1000 - 10_000).toISOString();
    await fs.writeFile(path.join(dir, 'flowdesk.lock'), JSON.stringify({ pid: process.pid, hostname: os.hostname(), started_at: old, instance: 'previous-life' }));
    const again = await open(dir);
    expect(again.warnings[0]).toMatch(/Took over the lock/);
  });

  it('respects a lock written on another host', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'flowdesk.lock'), JSON.stringify({ pid: 1, hostname: 'elsewhere.example', started_at: new Date().toISOString(), instance: 'x' }));
    await expect(openStore(dir, { logger: silentLogger })).rejects.toMatchObject({ code: 'data_dir_locked', message: expect.stringContaining('on host elsewhere.example') });
  });
});

describe('data directory', () => {
  it('is created with mode 0700 when missing', async () => {
    const dir = path.join(await tempDir(), 'nested', 'data');
    const store = await open(dir);
    expect(store.dataDir).toBe(dir);
    if (process.platform !== 'win32') expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('reports an unusable directory in one line naming it and the OS error', async () => {
    const parent = await tempDir();
    const file = path.join(parent, 'a-file');
    await fs.writeFile(file, 'x');
    await expect(openStore(file, { logger: silentLogger })).rejects.toMatchObject({ code: 'data_dir_unusable', message: expect.stringMatching(new RegExp(`^Data directory ${file} is unusable: .*EEXIST`)) });
    const below = path.join(file, 'data');
    await expect(openStore(below, { logger: silentLogger })).rejects.toMatchObject({ code: 'data_dir_unusable', message: expect.stringContaining('ENOTDIR') });
  });

  it('health check passes while the directory works and fails once it is gone', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    expect(await store.healthCheck()).toBe(true);
    expect((await fs.readdir(dir)).some((f) => f.startsWith('.health'))).toBe(false);
    await fs.rm(dir, { recursive: true, force: true });
    expect(await store.healthCheck()).toBe(false);
  });

  it('keeps meta across reopen', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    expect(store.getMeta()).toEqual({ seeded: false });
    await store.setMeta({ seeded: true });
    await store.close();
    expect((await open(dir)).getMeta()).toEqual({ seeded: true });
  });

  it('writes meta.json.bak as a copy of the newest settings, never the state before them', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    await store.setMeta({ seeded: true });
    await store.setMeta({ require_api_key: true });
    const main = await fs.readFile(path.join(dir, 'meta.json'), 'utf8');
    expect(JSON.parse(main)).toEqual({ version: 1, backup: 'mirror', meta: { seeded: true, require_api_key: true } });
    expect(await fs.readFile(path.join(dir, 'meta.json.bak'), 'utf8')).toBe(main);
  });

  it('rewrites a meta.json left by an older Flowdesk so that its .bak is a current copy', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'meta.json'), JSON.stringify({ version: 1, meta: { seeded: true, require_api_key: true } }));
    await fs.writeFile(path.join(dir, 'meta.json.bak'), JSON.stringify({ version: 1, meta: { seeded: true } }));
    const store = await open(dir);
    expect(store.getMeta()).toEqual({ seeded: true, require_api_key: true });
    expect(store.warnings).toEqual([]);
    const main = await fs.readFile(path.join(dir, 'meta.json'), 'utf8');
    expect(JSON.parse(main)).toMatchObject({ backup: 'mirror', meta: { require_api_key: true } });
    expect(await fs.readFile(path.join(dir, 'meta.json.bak'), 'utf8')).toBe(main);
  });

  it('treats a require_api_key that is not a boolean as unreadable, and requires keys', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'meta.json'), JSON.stringify({ version: 1, backup: 'mirror', meta: { seeded: true, require_api_key: 'yes' } }));
    const store = await open(dir);
    expect(store.getMeta()).toEqual({ seeded: false, require_api_key: true });
    expect(store.warnings.join('\n')).toMatch(/"require_api_key" is not a boolean[\s\S]*API keys are now required/);
  });

  it('refuses writes after close', async () => {
    const store = await open(await tempDir());
    await store.close();
    await expect(store.setMeta({ seeded: true })).rejects.toMatchObject({ code: 'storage' });
    expect(await store.healthCheck()).toBe(false);
  });
});
