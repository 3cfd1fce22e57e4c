/**
 * `flowdesk api-key [--name NAME] [--data-dir DIR]`: creates an API key and prints it once, on
 * stdout alone (so `KEY=$(flowdesk api-key)` works). Only the data directory's owner can do this:
 * - a server runs on the directory (it holds the lock): the key is made by that server, over HTTP
 *   at the URL in its lock file, authenticated with the local admin token it wrote (mode 0600);
 * - no server runs: the store is opened directly (taking the lock for that moment);
 * - with `--database-url` (or FLOWDESK_DATABASE_URL): the key is stored in that database, where
 *   every server on it finds it at once.
 */
import http from 'node:http';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { commandDataDir } from '../config/paths.js';
import { readAdminToken } from '../services/admin-token.js';
import { StartupError } from '../startup-error.js';
import { lockHolderState, readLockInfo } from '../storage/data-dir-lock.js';

export interface ApiKeyCommandDeps {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

interface CreatedKey {
  key: string;
  name: string;
  /** Where it was made, e.g. `in /home/ada/.config/Flowdesk`. */
  where: string;
}

/** How long to wait for a server that holds the lock but does not listen yet. */
const SERVER_WAIT_MS = 10_000;

export function formatApiKeyHelp(defaultDir: string): string {
  return [
    'Usage: flowdesk api-key [--name NAME] [--data-dir DIR | --database-url URL]',
    '',
    'Create an API key and print it once on stdout. Send it as the x-api-key header (or the',
    'x-api-key query parameter). Works whether or not a server runs on that data directory.',
    '',
    'Options:',
    `  ${'--name NAME'.padEnd(26)}A name to tell keys apart (default "API key")`,
    `  ${'--data-dir DIR'.padEnd(26)}The server's data directory (env FLOWDESK_DATA_DIR, default ${defaultDir})`,
    `  ${'--database-url URL'.padEnd(26)}Store the key in the PostgreSQL database of \`flowdesk run --database-url\` (env FLOWDESK_DATABASE_URL)`,
    `  ${'-h, --help'.padEnd(26)}Show this help`,
    '',
  ].join('\n');
}

/** Returns the exit code: 0 created, 1 failed, 2 usage error. */
export async function apiKeyCommand(argv: string[], deps: ApiKeyCommandDeps): Promise<number> {
  let values: { name?: string; 'data-dir'?: string; 'database-url'?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { name: { type: 'string' }, 'data-dir': { type: 'string' }, 'database-url': { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    deps.stderr(`flowdesk: ${(error as Error).message.split('\n')[0]} (see 'flowdesk api-key --help')\n`);
    return 2;
  }
  const name = values.name?.trim() || 'API key';
  const databaseUrl = values['database-url'] ?? (values['data-dir'] === undefined ? deps.env.FLOWDESK_DATABASE_URL || undefined : undefined);
  if (databaseUrl !== undefined) return report(deps, () => viaDatabase(databaseUrl, name));
  const dataDir = commandDataDir(values['data-dir'], deps.env, { platform: process.platform, home: os.homedir(), cwd: process.cwd() });
  return report(deps, () => createKey(dataDir, name));
}

/** Prints a created key (stdout) and where it went (stderr), or why there is none. */
async function report(deps: ApiKeyCommandDeps, create: () => Promise<CreatedKey>): Promise<number> {
  try {
    const created = await create();
    deps.stdout(`${created.key}\n`);
    deps.stderr(`flowdesk: created API key "${created.name}" ${created.where}. It is shown only this once: store it now. Send it in the x-api-key header.\n`);
    return 0;
  } catch (error) {
    deps.stderr(`flowdesk: cannot create an API key: ${(error as Error).message}\n`);
    return 1;
  }
}

async function createKey(dataDir: string, name: string): Promise<CreatedKey> {
  for (let attempt = 0; ; attempt++) {
    const lock = await readLockInfo(dataDir);
    const state = lock ? lockHolderState(lock) : 'dead';
    if (lock && state === 'unknown') {
      throw new Error(`data directory ${dataDir} is in use by a server on host ${lock.hostname}: create the key there`);
    }
    if (state === 'alive') return viaServer(dataDir, name);
    try {
      return await viaStore(dataDir, name);
    } catch (error) {
      // A server took the lock between our look and our open: ask it instead, once.
      if (attempt === 0 && error instanceof StartupError && error.code === 'data_dir_locked') continue;
      throw error;
    }
  }
}

async function viaStore(dataDir: string, name: string): Promise<CreatedKey> {
  const [{ openStore }, { createApiKeyService }, { systemClock }, { silentLogger }] = await Promise.all([
    import('../storage/open-store.js'),
    import('../services/api-key-service.js'),
    import('../services/clock.js'),
    import('../logger.js'),
  ]);
  const store = await openStore(dataDir, { logger: silentLogger });
  try {
    const created = await createApiKeyService({ apiKeys: store.apiKeys, clock: systemClock }).create({ name });
    return { key: created.api_key, name: created.name, where: `in ${dataDir}` };
  } finally {
    await store.close();
  }
}

async function viaDatabase(url: string, name: string): Promise<CreatedKey> {
  const [{ openPostgresApiKeys }, { describeDatabase }, { createApiKeyService }, { systemClock }, { silentLogger }] = await Promise.all([
    import('../storage/open-postgres-store.js'),
    import('../storage/postgres/connect.js'),
    import('../services/api-key-service.js'),
    import('../services/clock.js'),
    import('../logger.js'),
  ]);
  const { apiKeys, close } = await openPostgresApiKeys(url, silentLogger);
  try {
    const created = await createApiKeyService({ apiKeys, clock: systemClock }).create({ name });
    return { key: created.api_key, name: created.name, where: `in the database ${describeDatabase(url)}` };
  } finally {
    await close();
  }
}

async function viaServer(dataDir: string, name: string): Promise<CreatedKey> {
  const deadline = Date.now() + SERVER_WAIT_MS;
  for (;;) {
    const lock = await readLockInfo(dataDir);
    const token = await readAdminToken(dataDir);
    if (lock?.url && token) {
      const answer = await postJson(new URL('/api/v1/api_key/', loopbackUrl(lock.url)), { name }, token);
      if (answer.status !== 200 && answer.status !== 201) {
        throw new Error(`the server running on ${dataDir} (pid ${lock.pid}) answered ${answer.status}: ${detailOf(answer.body)}`);
      }
      const body = answer.body as { api_key?: unknown; name?: unknown };
      if (typeof body.api_key !== 'string') throw new Error(`the server running on ${dataDir} sent no key`);
      return { key: body.api_key, name: typeof body.name === 'string' ? body.name : name, where: `by the server running on ${dataDir}` };
    }
    if (!lock || lockHolderState(lock) !== 'alive') return viaStore(dataDir, name);
    if (Date.now() >= deadline) {
      throw new Error(
        `a Flowdesk server (pid ${lock.pid}) holds data directory ${dataDir} but ${lock.url ? 'left no admin token' : 'does not listen yet'}: ` +
          'create the key in its editor (Settings, API keys), or stop it and run this again',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A server bound to every interface is reached on loopback. */
export function loopbackUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname === '0.0.0.0') parsed.hostname = '127.0.0.1';
  if (parsed.hostname === '[::]') parsed.hostname = '[::1]';
  return parsed.origin;
}

function postJson(url: URL, json: unknown, adminToken: string): Promise<{ status: number; body: unknown }> {
  const payload = JSON.stringify(json);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        timeout: 10_000,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'x-api-key': adminToken },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // Not JSON: keep the text for the message.
          }
          resolve({ status: response.statusCode ?? 0, body });
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url.origin} within 10 s`)));
    request.on('error', reject);
    request.end(payload);
  });
}

function detailOf(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'detail' in body) return JSON.stringify((body as { detail: unknown }).detail);
  return String(body).slice(0, 200);
}
