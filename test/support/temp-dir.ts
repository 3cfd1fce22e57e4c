/** Temporary folders for tests: one helper, under the system's temp folder, named after what they hold. */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export async function makeTempDir(prefix = 'flowdesk-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}
