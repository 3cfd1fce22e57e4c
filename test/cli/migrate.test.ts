/**
 * `flowdesk migrate`: a real data directory copied into a new PostgreSQL database by the real
 * command, twice (the second run copies nothing), then read back through the database store.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger.js';
import { openPostgresStore } from '../../server/storage/open-postgres-store.js';
import { openStore } from '../../server/storage/open-store.js';
import { createTestDatabase, postgresUnavailable, serviceSuiteName, type TestDatabase } from '../support/postgres.js';
import { makeTempDir, runFlowdesk } from '../support/spawn-server.js';
import { sampleApiKey, sampleFlow, sampleMessage, sampleVariable } from '../storage/contract/records.js';

const unavailable = await postgresUnavailable();
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe.skipIf(unavailable !== undefined)(serviceSuiteName('flowdesk migrate', unavailable), () => {
  it('copies flows, variables, keys, messages and settings once, and says what it copied', async () => {
    const dataDir = await makeTempDir('flowdesk-migrate-');
    cleanup.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const db: TestDatabase = await createTestDatabase();
    cleanup.push(() => db.drop());
    const keyFile = path.join(dataDir, '..', `${path.basename(dataDir)}.key`);
    await fs.writeFile(keyFile, Buffer.alloc(32, 3).toString('base64') + '\n');
    cleanup.push(() => fs.rm(keyFile, { force: true }));

    const flows = [sampleFlow({ endpoint_name: 'first' }), sampleFlow()];
    const secret = sampleVariable({ name: 'OPENAI_API_KEY', type: 'Credential', value: 'sk-migrated-secret-value' });
    const key = sampleApiKey({ total_uses: 4 });
    const messages = [sampleMessage({ session_id: 's1' }, 1), sampleMessage({ session_id: 's1', sender: 'Machine' }, 2), sampleMessage({ session_id: 's2' }, 3)];
    const source = await openStore(dataDir, { logger: silentLogger });
    for (const flow of flows) await source.flows.create(flow);
    await source.variables.create(secret);
    await source.apiKeys.create(key);
    for (const message of messages) await source.messages.add(message);
    await source.setMeta({ seeded: true, require_api_key: true });
    await source.mcpServers.set({ web: { url: 'http://127.0.0.1:9/mcp' } });
    await source.close();

    const args = ['migrate', '--data-dir', dataDir, '--database-url', db.url, '--secret-key-file', keyFile];
    const first = await runFlowdesk(args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout.split('\n')).toEqual([
      `Copied ${dataDir} into the database 127.0.0.1:5432/${db.name}:`,
      // The source's Starter Project is the database's (same name); the project its sample flows name was given back to them at open.
      'projects: 1 copied, 1 already there',
      'flows: 2 copied, 0 already there',
      'variables: 1 copied, 0 already there',
      'API keys: 1 copied, 0 already there',
      'messages: 3 copied, 0 already there',
      'settings: starters seeded, require an API key, MCP servers',
      '',
    ]);
    const again = await runFlowdesk(args);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('projects: 0 copied, 2 already there\nflows: 0 copied, 2 already there\nvariables: 0 copied, 1 already there\nAPI keys: 0 copied, 1 already there\nmessages: 0 copied, 3 already there\nsettings: nothing to copy\n');

    const secretKey = { key: Buffer.alloc(32, 3), source: keyFile };
    const target = await openPostgresStore(db.url, { logger: silentLogger, dataDir, secretKey });
    cleanup.push(() => target.close());
    expect(target.flows.list()).toEqual(flows);
    // Every flow's project came along.
    expect(target.flows.list().every((f) => target.projects.get(f.folder_id) !== undefined)).toBe(true);
    expect(target.flows.getByEndpointName('first')?.id).toBe(flows[0]?.id);
    expect(target.variables.getByName('OPENAI_API_KEY')?.value).toBe('sk-migrated-secret-value');
    expect(target.apiKeys.getByHash(key.hash)).toEqual(key);
    expect(await target.messages.list({})).toEqual(messages);
    expect(target.getMeta()).toEqual({ seeded: true, require_api_key: true });
    expect(target.mcpServers.all()).toEqual({ web: { url: 'http://127.0.0.1:9/mcp' } });
  });

  it('says in one line what is missing', async () => {
    const noUrl = await runFlowdesk(['migrate', '--data-dir', '/nonexistent'], { env: {} });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toMatch(/^flowdesk: migrate needs --database-url URL/);
    const noKey = await runFlowdesk(['migrate', '--database-url', 'postgres://postgres@127.0.0.1:5432/x']);
    expect(noKey.code).toBe(1);
    expect(noKey.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^flowdesk: cannot migrate: --database-url needs the credential key/)]);
  });
});
