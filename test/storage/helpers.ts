/** Shared helpers for the storage tests: temp data directories and sample records. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach } from 'vitest';
import { silentLogger } from '../../server/logger.js';
import { openStore, type OpenStoreOptions } from '../../server/storage/open-store.js';
import type { Store } from '../../server/storage/types.js';
import { makeTempDir } from '../support/temp-dir.js';

const dirs: string[] = [];
const stores: Store[] = [];

/** A fresh temp directory, removed after the test (with every store opened by `open`). */
export async function tempDir(): Promise<string> {
  const dir = await makeTempDir('flowdesk-storage-');
  dirs.push(dir);
  return dir;
}

/** Opens a store that is closed after the test if the test does not close it. */
export async function open(dataDir: string, options: Partial<OpenStoreOptions> = {}): Promise<Store> {
  const store = await openStore(dataDir, { logger: silentLogger, ...options });
  stores.push(store);
  return store;
}

afterEach(async () => {
  await Promise.allSettled(stores.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

/** Sample records: the store contract's, each with a new id. */
export { sampleFlow as makeFlow, sampleMessage as makeMessage } from './contract/records.js';

/** Every file under `dir` (recursively), with its content. */
export async function readAllFiles(dir: string): Promise<{ file: string; content: Buffer }[]> {
  const out: { file: string; content: Buffer }[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.push({ file, content: await fs.readFile(file) });
  }
  return out;
}
