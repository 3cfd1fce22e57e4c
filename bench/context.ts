/** What every bench phase gets: the settings, the pinning plan, logging and temporary directories. */
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BenchConfig } from './config.js';
import type { Pinning } from './procs.js';

export interface BenchContext {
  config: BenchConfig;
  pinning: Pinning;
  /** Node flags for Flowdesk processes under load (e.g. --cpu-prof), empty by default. */
  profileFlags: string[];
  log(message: string): void;
  /** A new empty directory under the bench's temp dir, removed when the bench ends. */
  tempDir(prefix: string): Promise<string>;
  /** Removes every directory tempDir() made. */
  cleanup(): Promise<void>;
}

export function createContext(config: BenchConfig, pinning: Pinning, profileFlags: string[], log: (m: string) => void): BenchContext {
  const dirs: string[] = [];
  return {
    config,
    pinning,
    profileFlags,
    log,
    async tempDir(prefix) {
      const dir = await mkdtemp(path.join(config.tmpDir, `flowdesk-bench-${prefix}-`));
      dirs.push(dir);
      return dir;
    },
    async cleanup() {
      await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true, maxRetries: 3 })));
    },
  };
}


/** The request body of every /run in the bench. */
export const RUN_BODY = { input_value: 'Hello from the bench' };
