/** Shared helpers for the storage tests: temp data directories and sample records. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { Flow } from '../../shared/flow.js';
import type { Message } from '../../shared/message.js';
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

let counter = 0;

export function makeFlow(overrides: Partial<Flow> = {}): Flow {
  counter++;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    name: `Flow ${counter}`,
    description: '',
    endpoint_name: null,
    data: {
      nodes: [{ id: 'ChatInput-abcde', type: 'component', position: { x: 0, y: 0 }, data: { type: 'ChatInput', values: { input_value: 'hi' } } }],
      edges: [],
      viewport: { x: 0, y: 0, zoom: 1 },
    },
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function makeMessage(overrides: Partial<Message> = {}): Message {
  counter++;
  return {
    id: `msg-${counter}`,
    text: `message ${counter}`,
    sender: 'User',
    sender_name: 'User',
    session_id: 'session-1',
    flow_id: 'flow-1',
    timestamp: '2025-01-01 00:00:00 UTC',
    files: [],
    error: false,
    properties: { source: { id: null, display_name: null, source: null } },
    ...overrides,
  };
}

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
