/**
 * `flowdesk migrate [--data-dir DIR] --database-url URL [--secret-key-file FILE]`: copies a data
 * directory (the desktop's, by default) into a PostgreSQL database, as `flowdesk run
 * --database-url` uses it: flows, variables, API keys, chat messages and settings. Safe to run
 * again: what the database has is left alone. The data directory is locked meanwhile, so a server
 * running on it must be stopped first; it is only read.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { defaultDataDir, resolveUserPath } from '../config/paths.js';
import { secretKeySource, SECRET_KEY_ENV } from '../config/resolve-config.js';
import { parseDatabaseUrl } from '../config/values.js';

export interface MigrateCommandDeps {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export function formatMigrateHelp(defaultDir: string): string {
  return [
    'Usage: flowdesk migrate [--data-dir DIR] --database-url URL [--secret-key-file FILE]',
    '',
    'Copy a data directory (flows, variables, API keys, chat messages, settings) into the PostgreSQL',
    'database of `flowdesk run --database-url`, and say what was copied. Running it again copies only',
    'what is new. Stop the server that uses the data directory first.',
    '',
    'Options:',
    `  ${'--data-dir DIR'.padEnd(26)}The data directory to copy (env FLOWDESK_DATA_DIR, default ${defaultDir})`,
    `  ${'--database-url URL'.padEnd(26)}The database (env FLOWDESK_DATABASE_URL)`,
    `  ${'--secret-key-file FILE'.padEnd(26)}The database's credential key (env FLOWDESK_SECRET_KEY_FILE, or the key in ${SECRET_KEY_ENV})`,
    `  ${'-h, --help'.padEnd(26)}Show this help`,
    '',
  ].join('\n');
}

/** Returns the exit code: 0 copied, 1 failed, 2 usage error. */
export async function migrateCommand(argv: string[], deps: MigrateCommandDeps): Promise<number> {
  let values: { 'data-dir'?: string; 'database-url'?: string; 'secret-key-file'?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' }, 'database-url': { type: 'string' }, 'secret-key-file': { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    deps.stderr(`flowdesk: ${(error as Error).message.split('\n')[0]} (see 'flowdesk migrate --help')\n`);
    return 2;
  }
  const paths = { platform: process.platform, home: os.homedir(), cwd: process.cwd() };
  const dataDir = resolveUserPath(values['data-dir'] ?? (deps.env.FLOWDESK_DATA_DIR || defaultDataDir(process.platform, deps.env, paths.home)), paths);
  const url = values['database-url'] ?? deps.env.FLOWDESK_DATABASE_URL;
  const parsed = url ? parseDatabaseUrl(url) : undefined;
  if (!parsed?.ok) {
    deps.stderr(`flowdesk: migrate needs --database-url URL: ${parsed ? parsed.expected : 'the database to copy into'} (see 'flowdesk migrate --help')\n`);
    return 2;
  }
  try {
    const keyFile = values['secret-key-file'] ?? deps.env.FLOWDESK_SECRET_KEY_FILE;
    const source = secretKeySource(keyFile ? resolveUserPath(keyFile, paths) : null, deps.env[SECRET_KEY_ENV]);
    const lines = await copy(dataDir, parsed.value, source);
    deps.stdout(lines.map((line) => `${line}\n`).join(''));
    return 0;
  } catch (error) {
    deps.stderr(`flowdesk: cannot migrate: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  }
}

async function copy(dataDir: string, url: string, source: { file: string } | { text: string; name: string }): Promise<string[]> {
  const [{ openStore }, { openPostgresStore }, { readSecretKey }, { copyStore, formatCopyReport }, { describeDatabase }, { silentLogger }] = await Promise.all([
    import('../storage/open-store.js'),
    import('../storage/open-postgres-store.js'),
    import('../storage/secret-box.js'),
    import('../services/copy-store.js'),
    import('../storage/postgres/connect.js'),
    import('../logger.js'),
  ]);
  const secretKey = await readSecretKey(source);
  const from = await openStore(dataDir, { logger: silentLogger });
  try {
    const to = await openPostgresStore(url, { logger: silentLogger, dataDir, secretKey });
    try {
      const report = await copyStore(from, to);
      return [`Copied ${dataDir} into the database ${describeDatabase(url)}:`, ...formatCopyReport(report)];
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}
