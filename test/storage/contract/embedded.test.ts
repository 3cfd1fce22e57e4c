/** The store contract against the embedded implementation: a data directory (openStore). */
import fs from 'node:fs/promises';
import path from 'node:path';
import { silentLogger } from '../../../server/logger.js';
import { openStore } from '../../../server/storage/open-store.js';
import { describeStoreContract } from './store-contract.js';
import { makeTempDir } from '../../support/temp-dir.js';

const open = (dataDir: string) => openStore(dataDir, { logger: silentLogger });

describeStoreContract('embedded data directory', {
  open: async () => open(await makeTempDir('flowdesk-contract-')),
  reopen: async (store) => {
    await store.close();
    return open(store.dataDir);
  },
  close: async (store) => {
    await store.close();
    await fs.rm(store.dataDir, { recursive: true, force: true });
  },
  rawVariable: async (store, id) => {
    const file = JSON.parse(await fs.readFile(path.join(store.dataDir, 'variables.json'), 'utf8')) as { variables: Record<string, unknown>[] };
    return file.variables.find((v) => v.id === id);
  },
});
