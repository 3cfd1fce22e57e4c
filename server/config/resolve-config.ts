/**
 * Resolves `flowdesk run`'s settings into a ServerConfig.
 * Precedence: flags > env file > process environment > defaults.
 * Every problem is a StartupError('bad_config') worded as one line; command-line mistakes are
 * its subclass UsageError (the CLI exits 2 for those, 1 for the rest).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { DotenvSyntaxError, parseDotenv } from './dotenv.js';
import { RUN_FLAGS, UsageError, WORKER_FLAGS, parseRunFlags, type RunFlag, type RunFlagName, type RunFlagValues } from './flags.js';
import { defaultDataDir, resolveUserPath, type PathContext } from './paths.js';
import {
  parseBoolean,
  parseByteSize,
  parseDatabaseUrl,
  parseQueueUrl,
  parseHost,
  parseHostList,
  parseLogLevel,
  parseNonEmpty,
  parseOriginList,
  parseOutboundList,
  parsePort,
  parsePositiveInt,
  parseSeconds,
  parseTweaksPolicy,
  type Parsed,
} from './values.js';
import {
  DEFAULT_HOST,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_CONCURRENT_RUNS,
  DEFAULT_MAX_UPLOAD_BYTES,
  DEFAULT_PORT,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_RUN_TIMEOUT_MS,
  DEFAULT_SHUTDOWN_GRACE_MS,
  DEFAULT_WORKER_CONCURRENCY,
  type SecretKeySource,
  type ServerConfig,
} from './server-config.js';
import { StartupError } from '../startup-error.js';
import { DEFAULT_TWEAKS_POLICY } from '../../shared/tweak-policy.js';

export { RUN_FLAGS, UsageError, hasHelpFlag, type RunFlag, type RunFlagName } from './flags.js';
export { defaultDataDir } from './paths.js';
export { parseDotenv } from './dotenv.js';

interface EnvFile {
  path: string;
  vars: Record<string, string>;
}

/** One place a setting's text came from, named the way the error message names it. */
interface Found {
  raw: string;
  label: string;
  fromFlag: boolean;
}

export function resolveRunConfig(
  argv: string[],
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
  cwd: string = process.cwd(),
  command: { table: readonly RunFlag[]; name: string } = { table: RUN_FLAGS, name: 'run' },
): ServerConfig {
  const flags = parseRunFlags(argv, command.table, command.name);
  const paths: PathContext = { platform, home, cwd };
  const envFile = loadEnvFile(flags, env, paths);

  const find = (name: RunFlagName): Found | undefined => {
    const flagValue = flags[name];
    if (flagValue !== undefined) return { raw: String(flagValue), label: `--${name}`, fromFlag: true };
    const key = envKey(name);
    const fileValue = envFile?.vars[key];
    if (envFile && fileValue !== undefined && fileValue !== '') return { raw: fileValue, label: `${key} (in ${envFile.path})`, fromFlag: false };
    const envValue = env[key];
    if (envValue !== undefined && envValue !== '') return { raw: envValue, label: key, fromFlag: false };
    return undefined;
  };

  const read = <T>(name: RunFlagName, parse: (raw: string) => Parsed<T>, fallback: T): T => {
    const found = find(name);
    if (!found) return fallback;
    const parsed = parse(found.raw);
    if (parsed.ok) return parsed.value;
    const message = `invalid ${found.label} '${found.raw}': expected ${parsed.expected}`;
    throw found.fromFlag ? new UsageError(message) : new StartupError('bad_config', message);
  };

  const readPath = (name: RunFlagName): string | null => {
    const raw = read<string | null>(name, parseNonEmpty, null);
    return raw === null ? null : resolveUserPath(raw, paths);
  };

  const maxBodyBytes = read('max-body-size', parseByteSize, DEFAULT_MAX_BODY_BYTES);
  const databaseUrl = read<string | null>('database-url', parseDatabaseUrl, null);
  const queueUrl = read<string | null>('queue-url', parseQueueUrl, null);
  if (queueUrl !== null && databaseUrl === null) {
    throw new StartupError('bad_config', '--queue-url needs --database-url: the workers must see the same flows, variables and messages as the servers');
  }
  return {
    databaseUrl,
    queueUrl,
    ...(command.name === 'worker' ? { workerConcurrency: read('concurrency', parsePositiveInt, DEFAULT_WORKER_CONCURRENCY) } : {}),
    secretKey: databaseUrl === null ? null : secretKeySource(readPath('secret-key-file'), envFile?.vars[SECRET_KEY_ENV] || env[SECRET_KEY_ENV]),
    host: read('host', parseHost, DEFAULT_HOST),
    port: read('port', parsePort, DEFAULT_PORT),
    dataDir: readPath('data-dir') ?? resolveUserPath(defaultDataDir(platform, env, home), paths),
    backendOnly: read('backend-only', parseBoolean, false),
    logLevel: read('log-level', parseLogLevel, 'info'),
    componentsPath: readPath('components-path'),
    env: { ...env, ...envFile?.vars },
    maxBodyBytes,
    shutdownGraceMs: DEFAULT_SHUTDOWN_GRACE_MS,
    requireApiKey: read('require-api-key', parseBoolean, false),
    allowUnauthenticated: read('allow-unauthenticated', parseBoolean, false),
    allowedHosts: read('allowed-hosts', parseHostList, []),
    corsOrigins: read('cors-origins', parseOriginList, []),
    allowOutbound: read('allow-outbound', parseOutboundList, []),
    // An upload is never capped below an ordinary body.
    maxUploadBytes: read('max-upload-size', parseByteSize, Math.max(DEFAULT_MAX_UPLOAD_BYTES, maxBodyBytes)),
    maxConcurrentRuns: read('max-concurrent-runs', parsePositiveInt, DEFAULT_MAX_CONCURRENT_RUNS),
    requestTimeoutMs: read('request-timeout', parseSeconds, DEFAULT_REQUEST_TIMEOUT_MS),
    runTimeoutMs: read('run-timeout', parseSeconds, DEFAULT_RUN_TIMEOUT_MS),
    tweaksPolicy: read('tweaks-policy', parseTweaksPolicy, DEFAULT_TWEAKS_POLICY),
  };
}

/** `flowdesk worker`'s settings: the same resolution as `run`, on the worker's flags. */
export function resolveWorkerConfig(argv: string[], env: NodeJS.ProcessEnv): ServerConfig {
  const config = resolveRunConfig(argv, env, process.platform, os.homedir(), process.cwd(), { table: WORKER_FLAGS, name: 'worker' });
  if (!config.databaseUrl || !config.queueUrl) throw new UsageError("flowdesk worker needs --database-url and --queue-url (see 'flowdesk worker --help')");
  return config;
}

/** The environment variable that holds the credential key itself (the flag names a file). */
export const SECRET_KEY_ENV = 'FLOWDESK_SECRET_KEY';

/** Where the credential key of a database comes from: the file if named, else FLOWDESK_SECRET_KEY; a StartupError when neither. */
export function secretKeySource(file: string | null, text: string | undefined): SecretKeySource {
  if (file !== null) return { file };
  if (text !== undefined && text !== '') return { text, name: SECRET_KEY_ENV };
  throw new StartupError(
    'bad_config',
    `--database-url needs the credential key that encrypts credential variables: --secret-key-file FILE or ${SECRET_KEY_ENV} (32 bytes in base64, e.g. from \`openssl rand -base64 32\`; every server of the database needs the same one)`,
  );
}

function envKey(name: RunFlagName): string {
  return [...RUN_FLAGS, ...WORKER_FLAGS].find((flag) => flag.name === name)?.env ?? '';
}

/** The env file named by `--env-file` or FLOWDESK_ENV_FILE, read and parsed; null when none is named. */
function loadEnvFile(flags: RunFlagValues, env: NodeJS.ProcessEnv, paths: PathContext): EnvFile | null {
  const fromFlag = flags['env-file'];
  const raw = typeof fromFlag === 'string' ? fromFlag : env.FLOWDESK_ENV_FILE;
  if (raw === undefined || raw === '') {
    if (fromFlag !== undefined) throw new UsageError("invalid --env-file '': expected a file path");
    return null;
  }
  const file = resolveUserPath(raw, paths);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? String(error)})`;
    throw new StartupError('bad_config', `env file ${file} ${why}`, { cause: error });
  }
  try {
    return { path: file, vars: parseDotenv(text) };
  } catch (error) {
    if (error instanceof DotenvSyntaxError) {
      throw new StartupError('bad_config', `env file ${file}, line ${error.line}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
