/** The store contract against the embedded implementation: a data directory (openStore). */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../../server/logger.js';
import { openStore } from '../../../server/storage/open-store.js';
import { describeStoreContract } from './store-contract.js';

const open = (dataDir: string) => openStore(dataDir, { logger: silentLogger });

describeStoreContract('embedded data directory', {
  open: async () => open(await fs.mkdtemp(path.join(os.tmpdir(), 'flowdesk-contract-'))),
  reopen: async (store) => {
    await store.close();
    return open(store.dataDir);
  },
  close: async (store) => {
    await store.close();
    await fs.rm(store.dataDir, { recursive: true, force: true });
  },
});
