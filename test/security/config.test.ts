/** The security settings of `flowdesk run`: flags, env twins, defaults and one-line refusals. */
import { describe, expect, it } from 'vitest';
import { resolveRunConfig, UsageError } from '../../server/config/resolve-config.js';
import { formatRunHelp } from '../../server/config/help.js';
import { StartupError } from '../../server/startup-error.js';

const resolve = (argv: string[], env: NodeJS.ProcessEnv = {}) => resolveRunConfig(argv, env, 'linux', '/home/ada', '/srv');

function refusal(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    resolve(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(argv)} ${JSON.stringify(env)} to be refused`);
}

describe('security settings', () => {
  it('have safe defaults', () => {
    expect(resolve([])).toMatchObject({
      requireApiKey: false,
      allowUnauthenticated: false,
      allowedHosts: [],
      corsOrigins: [],
      maxUploadBytes: 50 * 1024 * 1024,
      maxConcurrentRuns: 100,
      requestTimeoutMs: 60_000,
      runTimeoutMs: 900_000,
      tweaksPolicy: 'permissive',
    });
  });

  it('come from flags and from their FLOWDESK_* twins', () => {
    const flags = resolve([
      '--require-api-key',
      '--allow-unauthenticated',
      '--allowed-hosts',
      'Flowdesk.LAN, 10.0.0.5:7861',
      '--cors-origins',
      'https://app.example,http://localhost:5173',
      '--max-upload-size',
      '100mb',
      '--max-concurrent-runs',
      '8',
      '--request-timeout',
      '2.5',
      '--run-timeout',
      '30',
      '--tweaks-policy',
      'declared',
    ]);
    const env = resolve([], {
      FLOWDESK_REQUIRE_API_KEY: 'yes',
      FLOWDESK_ALLOW_UNAUTHENTICATED: '1',
      FLOWDESK_ALLOWED_HOSTS: 'Flowdesk.LAN, 10.0.0.5:7861',
      FLOWDESK_CORS_ORIGINS: 'https://app.example,http://localhost:5173',
      FLOWDESK_MAX_UPLOAD_SIZE: '100mb',
      FLOWDESK_MAX_CONCURRENT_RUNS: '8',
      FLOWDESK_REQUEST_TIMEOUT: '2.5',
      FLOWDESK_RUN_TIMEOUT: '30',
      FLOWDESK_TWEAKS_POLICY: 'Declared',
    });
    const expected = {
      requireApiKey: true,
      allowUnauthenticated: true,
      allowedHosts: ['flowdesk.lan', '10.0.0.5:7861'],
      corsOrigins: ['https://app.example', 'http://localhost:5173'],
      maxUploadBytes: 100 * 1024 * 1024,
      maxConcurrentRuns: 8,
      requestTimeoutMs: 2500,
      runTimeoutMs: 30_000,
      tweaksPolicy: 'declared',
    };
    expect(flags).toMatchObject(expected);
    expect(env).toMatchObject(expected);
    expect(resolve(['--no-require-api-key'], { FLOWDESK_REQUIRE_API_KEY: 'true' }).requireApiKey).toBe(false);
  });

  it('never caps uploads below bodies unless told to', () => {
    expect(resolve(['--max-body-size', '80mb']).maxUploadBytes).toBe(80 * 1024 * 1024);
    expect(resolve(['--max-body-size', '80mb', '--max-upload-size', '1mb']).maxUploadBytes).toBe(1024 * 1024);
  });

  it('refuses values that would open the server or make no sense, in one line', () => {
    expect(refusal([], { FLOWDESK_CORS_ORIGINS: '*' })).toMatch(/FLOWDESK_CORS_ORIGINS '\*': expected origins/);
    expect(refusal([], { FLOWDESK_CORS_ORIGINS: 'https://app.example/path' })).toMatch(/expected origins/);
    expect(refusal([], { FLOWDESK_CORS_ORIGINS: 'ftp://x' })).toMatch(/expected origins/);
    expect(refusal([], { FLOWDESK_ALLOWED_HOSTS: 'http://x' })).toMatch(/expected host names/);
    expect(refusal([], { FLOWDESK_MAX_CONCURRENT_RUNS: '0' })).toMatch(/whole number/);
    expect(refusal([], { FLOWDESK_RUN_TIMEOUT: '0' })).toMatch(/seconds/);
    expect(refusal([], { FLOWDESK_REQUEST_TIMEOUT: 'soon' })).toMatch(/seconds/);
    expect(refusal([], { FLOWDESK_TWEAKS_POLICY: 'strict' })).toMatch(/FLOWDESK_TWEAKS_POLICY 'strict': expected one of permissive, declared, off/);
    expect(() => resolve(['--tweaks-policy', 'none'])).toThrow(UsageError);
    expect(() => resolve(['--cors-origins', '*'])).toThrow(UsageError);
  });

  it('are all in the help, with their env twins and defaults', () => {
    const help = formatRunHelp('/home/ada/.config/Flowdesk');
    for (const flag of ['require-api-key', 'allow-unauthenticated', 'allowed-hosts', 'cors-origins', 'max-upload-size', 'max-concurrent-runs', 'request-timeout', 'run-timeout', 'tweaks-policy']) {
      expect(help).toContain(`--${flag}`);
    }
    expect(help).toContain('env FLOWDESK_CORS_ORIGINS, default none (CORS off)');
    expect(help).toContain('env FLOWDESK_RUN_TIMEOUT, default 900');
    expect(help).toContain('env FLOWDESK_TWEAKS_POLICY, default permissive');
  });
});
