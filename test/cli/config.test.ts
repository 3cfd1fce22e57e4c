/** resolveRunConfig: flags, env twins, the env file, precedence, defaults and one-line errors. */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultDataDir, resolveRunConfig, resolveWorkerConfig, UsageError } from '../../server/config/resolve-config.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_SHUTDOWN_GRACE_MS } from '../../server/config/server-config.js';
import { StartupError } from '../../server/startup-error.js';
import { makeTempDir } from '../support/temp-dir.js';

const HOME = '/home/ada';
const CWD = '/srv/work';
const tmp = await makeTempDir('flowdesk-config-test-');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let fileCount = 0;
function envFile(text: string): string {
  const file = path.join(tmp, `env-${(fileCount += 1)}`);
  writeFileSync(file, text);
  return file;
}

const resolve = (argv: string[], env: NodeJS.ProcessEnv = {}) => resolveRunConfig(argv, env, 'linux', HOME, CWD);

/** The error resolveRunConfig throws, checked to be a one-line bad_config StartupError. */
function failure(argv: string[], env: NodeJS.ProcessEnv = {}): StartupError {
  try {
    resolve(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(StartupError);
    const startupError = error as StartupError;
    expect(startupError.code).toBe('bad_config');
    expect(startupError.message).not.toContain('\n');
    return startupError;
  }
  throw new Error(`expected ${JSON.stringify(argv)} to be refused`);
}

describe('defaults', () => {
  it('listens on 127.0.0.1:7861 with the editor, info logs, 10 MiB bodies, the per-user data dir', () => {
    const config = resolve([]);
    expect(config).toEqual({
      host: '127.0.0.1',
      port: 7861,
      dataDir: '/home/ada/.config/Flowdesk',
      databaseUrl: null,
      queueUrl: null,
      secretKey: null,
      backendOnly: false,
      logLevel: 'info',
      componentsPath: null,
      env: {},
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      shutdownGraceMs: DEFAULT_SHUTDOWN_GRACE_MS,
      requireApiKey: false,
      allowUnauthenticated: false,
      allowedHosts: [],
      corsOrigins: [],
      allowOutbound: [],
      maxUploadBytes: 50 * 1024 * 1024,
      maxConcurrentRuns: 100,
      requestTimeoutMs: 60_000,
      runTimeoutMs: 900_000,
      tweaksPolicy: 'permissive',
    });
    expect(DEFAULT_MAX_BODY_BYTES).toBe(10 * 1024 * 1024);
  });
});

describe('a database store', () => {
  const URL = 'postgres://flowdesk:pw@db.internal:5432/flowdesk';

  it('takes the URL and a key file (relative to the working directory), or both from the environment (the key itself)', () => {
    expect(resolve(['--database-url', URL, '--secret-key-file', 'keys/flowdesk.key'])).toMatchObject({ databaseUrl: URL, secretKey: { file: '/srv/work/keys/flowdesk.key' } });
    expect(resolve([], { FLOWDESK_DATABASE_URL: URL, FLOWDESK_SECRET_KEY: 'a2V5' })).toMatchObject({ databaseUrl: URL, secretKey: { text: 'a2V5', name: 'FLOWDESK_SECRET_KEY' } });
    expect(resolve([], { FLOWDESK_ENV_FILE: envFile(`FLOWDESK_DATABASE_URL=${URL}\nFLOWDESK_SECRET_KEY=a2V5\n`) })).toMatchObject({ databaseUrl: URL, secretKey: { text: 'a2V5' } });
    // The key file wins over the key in the environment; without a URL no key is needed or read.
    expect(resolve(['--database-url', URL, '--secret-key-file', '/k'], { FLOWDESK_SECRET_KEY: 'a2V5' }).secretKey).toEqual({ file: '/k' });
    expect(resolve([], { FLOWDESK_SECRET_KEY: 'a2V5' })).toMatchObject({ databaseUrl: null, secretKey: null });
  });

  it('needs the credential key with a URL, saying how to give it', () => {
    expect(failure(['--database-url', URL]).message).toMatch(/^--database-url needs the credential key .*--secret-key-file FILE or FLOWDESK_SECRET_KEY/);
  });

  it('refuses what is not a PostgreSQL URL (usage error on the command line)', () => {
    expect(() => resolve(['--database-url', 'sqlite:///x.db'])).toThrow(UsageError);
    expect(() => resolve(['--database-url', 'sqlite:///x.db'])).toThrow("invalid --database-url 'sqlite:///x.db': expected a PostgreSQL URL, postgres://user:password@host:5432/database");
    expect(failure([], { FLOWDESK_DATABASE_URL: 'not a url' }).message).toMatch(/^invalid FLOWDESK_DATABASE_URL 'not a url'/);
  });

  it('takes a queue URL (flag or FLOWDESK_QUEUE_URL) only with a database, and only a Redis URL', () => {
    const key = { FLOWDESK_SECRET_KEY: 'a2V5' };
    expect(resolve(['--database-url', URL, '--queue-url', 'redis://127.0.0.1:6379'], key)).toMatchObject({ queueUrl: 'redis://127.0.0.1:6379' });
    expect(resolve(['--database-url', URL], { ...key, FLOWDESK_QUEUE_URL: 'rediss://q.example:6380/2' })).toMatchObject({ queueUrl: 'rediss://q.example:6380/2' });
    expect(failure(['--queue-url', 'redis://127.0.0.1:6379']).message).toBe('--queue-url needs --database-url: the workers must see the same flows, variables and messages as the servers');
    expect(() => resolve(['--database-url', URL, '--queue-url', 'amqp://x'], key)).toThrow("invalid --queue-url 'amqp://x': expected a Redis URL, redis://[:password@]host:6379[/db]");
  });
});

describe('flowdesk worker settings', () => {
  const key = { FLOWDESK_SECRET_KEY: 'a2V5' };
  const URL = 'postgres://flowdesk:pw@db.internal:5432/flowdesk';
  it('needs the database and the queue, takes a concurrency (default 4), and refuses the server-only flags', () => {
    expect(resolveWorkerConfig(['--database-url', URL, '--queue-url', 'redis://r:6379'], key)).toMatchObject({ databaseUrl: URL, queueUrl: 'redis://r:6379', workerConcurrency: 4 });
    expect(resolveWorkerConfig(['--database-url', URL, '--queue-url', 'redis://r:6379', '--concurrency', '12'], key).workerConcurrency).toBe(12);
    expect(resolveWorkerConfig([], { ...key, FLOWDESK_DATABASE_URL: URL, FLOWDESK_QUEUE_URL: 'redis://r', FLOWDESK_WORKER_CONCURRENCY: '3' }).workerConcurrency).toBe(3);
    expect(() => resolveWorkerConfig(['--database-url', URL], key)).toThrow("flowdesk worker needs --database-url and --queue-url (see 'flowdesk worker --help')");
    expect(() => resolveWorkerConfig(['--database-url', URL, '--queue-url', 'redis://r', '--port', '1'], key)).toThrow("unknown option '--port' (see 'flowdesk worker --help')");
    expect(() => resolveWorkerConfig(['--database-url', URL, '--queue-url', 'redis://r', '--concurrency', '0'], key)).toThrow(UsageError);
  });
});

describe('default data directory (what Electron userData gives for productName Flowdesk)', () => {
  it('Linux: $XDG_CONFIG_HOME/Flowdesk, else ~/.config/Flowdesk', () => {
    expect(defaultDataDir('linux', {}, HOME)).toBe('/home/ada/.config/Flowdesk');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/xdg/conf' }, HOME)).toBe('/xdg/conf/Flowdesk');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '' }, HOME)).toBe('/home/ada/.config/Flowdesk');
    expect(resolveRunConfig([], { XDG_CONFIG_HOME: '/xdg/conf' }, 'linux', HOME, CWD).dataDir).toBe('/xdg/conf/Flowdesk');
  });

  it('macOS: ~/Library/Application Support/Flowdesk', () => {
    expect(resolveRunConfig([], { XDG_CONFIG_HOME: '/ignored' }, 'darwin', '/Users/ada', CWD).dataDir).toBe('/Users/ada/Library/Application Support/Flowdesk');
  });

  it('Windows: %APPDATA%\\Flowdesk, else <home>\\AppData\\Roaming\\Flowdesk', () => {
    const home = 'C:\\Users\\ada';
    expect(resolveRunConfig([], { APPDATA: 'D:\\Roaming' }, 'win32', home, 'C:\\work').dataDir).toBe('D:\\Roaming\\Flowdesk');
    expect(resolveRunConfig([], {}, 'win32', home, 'C:\\work').dataDir).toBe('C:\\Users\\ada\\AppData\\Roaming\\Flowdesk');
  });

  it('other Unix systems follow the Linux rule', () => {
    expect(defaultDataDir('freebsd', {}, HOME)).toBe('/home/ada/.config/Flowdesk');
  });
});

describe('each flag and its env twin', () => {
  const cases: { flag: string[]; env: NodeJS.ProcessEnv; key: string; value: unknown }[] = [
    { flag: ['--host', '0.0.0.0'], env: { FLOWDESK_HOST: '0.0.0.0' }, key: 'host', value: '0.0.0.0' },
    { flag: ['--port', '8080'], env: { FLOWDESK_PORT: '8080' }, key: 'port', value: 8080 },
    { flag: ['--port=0'], env: { FLOWDESK_PORT: '0' }, key: 'port', value: 0 },
    { flag: ['--backend-only'], env: { FLOWDESK_BACKEND_ONLY: 'true' }, key: 'backendOnly', value: true },
    { flag: ['--data-dir', 'data'], env: { FLOWDESK_DATA_DIR: 'data' }, key: 'dataDir', value: '/srv/work/data' },
    { flag: ['--data-dir', '/abs/dir'], env: { FLOWDESK_DATA_DIR: '/abs/dir' }, key: 'dataDir', value: '/abs/dir' },
    { flag: ['--data-dir', '~/flows'], env: { FLOWDESK_DATA_DIR: '~/flows' }, key: 'dataDir', value: '/home/ada/flows' },
    { flag: ['--log-level', 'debug'], env: { FLOWDESK_LOG_LEVEL: 'debug' }, key: 'logLevel', value: 'debug' },
    { flag: ['--log-level', 'silent'], env: { FLOWDESK_LOG_LEVEL: 'SILENT' }, key: 'logLevel', value: 'silent' },
    { flag: ['--components-path', 'comps'], env: { FLOWDESK_COMPONENTS_PATH: 'comps' }, key: 'componentsPath', value: '/srv/work/comps' },
    { flag: ['--max-body-size', '2048'], env: { FLOWDESK_MAX_BODY_SIZE: '2048' }, key: 'maxBodyBytes', value: 2048 },
    { flag: ['--max-body-size', '512kb'], env: { FLOWDESK_MAX_BODY_SIZE: '512KB' }, key: 'maxBodyBytes', value: 512 * 1024 },
    { flag: ['--max-body-size', '25mb'], env: { FLOWDESK_MAX_BODY_SIZE: '25mb' }, key: 'maxBodyBytes', value: 25 * 1024 * 1024 },
  ];
  for (const { flag, env, key, value } of cases) {
    it(`${flag.join(' ')} and ${Object.keys(env)[0]} set ${key}`, () => {
      expect(resolve(flag)[key as keyof ReturnType<typeof resolve>]).toEqual(value);
      expect(resolve([], env)[key as keyof ReturnType<typeof resolve>]).toEqual(value);
    });
  }

  it('FLOWDESK_BACKEND_ONLY accepts 1/true/yes/on and 0/false/no/off', () => {
    for (const word of ['1', 'true', 'yes', 'on', 'TRUE', 'On']) expect(resolve([], { FLOWDESK_BACKEND_ONLY: word }).backendOnly).toBe(true);
    for (const word of ['0', 'false', 'no', 'off', 'OFF']) expect(resolve([], { FLOWDESK_BACKEND_ONLY: word }).backendOnly).toBe(false);
  });

  it('--no-backend-only overrides FLOWDESK_BACKEND_ONLY', () => {
    expect(resolve(['--no-backend-only'], { FLOWDESK_BACKEND_ONLY: '1' }).backendOnly).toBe(false);
  });

  it('an empty variable counts as unset', () => {
    expect(resolve([], { FLOWDESK_PORT: '', FLOWDESK_HOST: '' })).toMatchObject({ port: 7861, host: '127.0.0.1' });
  });

  it('the last of a repeated flag wins', () => {
    expect(resolve(['--port', '1', '--port', '2']).port).toBe(2);
  });

  it('passes the process environment to components', () => {
    expect(resolve([], { OPENAI_API_KEY: 'sk-env' }).env).toEqual({ OPENAI_API_KEY: 'sk-env' });
  });
});

describe('the env file', () => {
  it('is read from --env-file or FLOWDESK_ENV_FILE, and relative paths resolve against the working directory', () => {
    const file = envFile('FLOWDESK_PORT=9001\n');
    expect(resolve(['--env-file', file]).port).toBe(9001);
    expect(resolve([], { FLOWDESK_ENV_FILE: file }).port).toBe(9001);
    expect(resolveRunConfig(['--env-file', path.basename(file)], {}, 'linux', HOME, tmp).port).toBe(9001);
  });

  it('sets every setting through its FLOWDESK_* key', () => {
    const file = envFile(
      [
        '# settings',
        'export FLOWDESK_HOST=0.0.0.0',
        'FLOWDESK_PORT="9002"',
        "FLOWDESK_BACKEND_ONLY='yes'",
        'FLOWDESK_DATA_DIR=/data/flowdesk  # a comment',
        'FLOWDESK_LOG_LEVEL=warn',
        'FLOWDESK_COMPONENTS_PATH=/opt/components',
        'FLOWDESK_MAX_BODY_SIZE=1mb',
      ].join('\n'),
    );
    expect(resolve(['--env-file', file])).toMatchObject({
      host: '0.0.0.0',
      port: 9002,
      backendOnly: true,
      dataDir: '/data/flowdesk',
      logLevel: 'warn',
      componentsPath: '/opt/components',
      maxBodyBytes: 1024 * 1024,
    });
  });

  it('feeds the environment components see, layered over the process environment', () => {
    const file = envFile('OPENAI_API_KEY=sk-file\nOPENAI_BASE_URL=http://localhost:1234/v1\n');
    const config = resolve(['--env-file', file], { OPENAI_API_KEY: 'sk-env', PATH: '/usr/bin' });
    expect(config.env).toMatchObject({ OPENAI_API_KEY: 'sk-file', OPENAI_BASE_URL: 'http://localhost:1234/v1', PATH: '/usr/bin' });
  });
});

describe('precedence: flags > env file > process environment > defaults', () => {
  const file = () => envFile('FLOWDESK_PORT=2222\nFLOWDESK_HOST=10.0.0.2\n');

  it('a flag beats the env file and the environment', () => {
    expect(resolve(['--env-file', file(), '--port', '1111'], { FLOWDESK_PORT: '3333' }).port).toBe(1111);
  });

  it('the env file beats the environment', () => {
    expect(resolve(['--env-file', file()], { FLOWDESK_PORT: '3333', FLOWDESK_HOST: '10.0.0.3' })).toMatchObject({ port: 2222, host: '10.0.0.2' });
  });

  it('the environment beats the defaults, setting by setting', () => {
    expect(resolve(['--env-file', file()], { FLOWDESK_LOG_LEVEL: 'error' })).toMatchObject({ port: 2222, logLevel: 'error', backendOnly: false });
  });

  it('--env-file beats FLOWDESK_ENV_FILE', () => {
    const other = envFile('FLOWDESK_PORT=4444\n');
    expect(resolve(['--env-file', other], { FLOWDESK_ENV_FILE: file() }).port).toBe(4444);
  });
});

describe('refusals: one clear line, StartupError bad_config', () => {
  it('an unknown flag is a usage error naming the flag', () => {
    const error = failure(['--bogus']);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe("unknown option '--bogus' (see 'flowdesk run --help')");
  });

  it('short, negated non-boolean and positional arguments are usage errors', () => {
    expect(failure(['-p', '80'])).toBeInstanceOf(UsageError);
    expect(failure(['--no-port']).message).toContain("unknown option '--no-port'");
    expect(failure(['extra']).message).toBe("unexpected argument 'extra' (see 'flowdesk run --help')");
  });

  it('a flag without its value', () => {
    expect(failure(['--port']).message).toBe("option '--port' needs a value: --port PORT");
    expect(failure(['--data-dir', '--backend-only']).message).toBe("option '--data-dir' needs a value: --data-dir DIR");
    expect(failure(['--backend-only=yes']).message).toContain("option '--backend-only' takes no value");
  });

  it('a bad port, from a flag (usage error) or from the environment', () => {
    for (const port of ['abc', '-1', '65536', '80.5', '0x50', '']) {
      expect(failure([`--port=${port}`]).message).toBe(`invalid --port '${port}': expected an integer from 0 to 65535`);
    }
    const fromEnv = failure([], { FLOWDESK_PORT: '99999' });
    expect(fromEnv).not.toBeInstanceOf(UsageError);
    expect(fromEnv.message).toBe("invalid FLOWDESK_PORT '99999': expected an integer from 0 to 65535");
  });

  it('a bad value in the env file names the file', () => {
    const file = envFile('FLOWDESK_LOG_LEVEL=loud\n');
    expect(failure(['--env-file', file]).message).toBe(`invalid FLOWDESK_LOG_LEVEL (in ${file}) 'loud': expected one of debug, info, warn, error, silent`);
  });

  it('bad booleans, log levels, sizes and hosts', () => {
    expect(failure([], { FLOWDESK_BACKEND_ONLY: 'maybe' }).message).toBe(
      "invalid FLOWDESK_BACKEND_ONLY 'maybe': expected one of 1, true, yes, on, 0, false, no, off",
    );
    expect(failure(['--log-level', 'verbose']).message).toContain('expected one of debug, info, warn, error, silent');
    for (const size of ['0', '10gb', '1.5mb', 'lots']) expect(failure(['--max-body-size', size]).message).toContain(`invalid --max-body-size '${size}'`);
    expect(failure(['--host', 'http://x/']).message).toContain("invalid --host 'http://x/'");
    expect(failure(['--data-dir=']).message).toBe("invalid --data-dir '': expected a non-empty path");
  });

  it('a missing env file, from the flag or the environment', () => {
    const missing = path.join(tmp, 'nope.env');
    expect(failure(['--env-file', missing]).message).toBe(`env file ${missing} not found`);
    expect(failure([], { FLOWDESK_ENV_FILE: missing }).message).toBe(`env file ${missing} not found`);
    expect(failure(['--env-file', tmp]).message).toBe(`env file ${tmp} is a directory`);
  });

  it('an env file with a syntax error names the file and the line', () => {
    const file = envFile('A=1\nthis is not an assignment\n');
    expect(failure(['--env-file', file]).message).toBe(`env file ${file}, line 2: expected KEY=value, found 'this is not an assignment'`);
  });
});
