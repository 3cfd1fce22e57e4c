/**
 * The real `flowdesk` command, spawned from bin/flowdesk.js (needs `npm run build` first, as
 * `npm test` does): banner, signals, refusals, exit codes.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FLOWDESK_BIN, makeTempDir, runFlowdesk, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const started: SpawnedServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});

async function start(...options: Parameters<typeof spawnServer>): Promise<SpawnedServer> {
  const server = await spawnServer(...options);
  started.push(server);
  return server;
}

/** stderr as lines, after checking it holds exactly one `flowdesk: ` line and no stack trace. */
function oneErrorLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^flowdesk: /);
  expect(stderr).not.toMatch(/^\s+at /m);
  return lines[0] as string;
}

describe('bin/flowdesk.js without a server', () => {
  it('--version prints the package version', async () => {
    const result = await runFlowdesk(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `flowdesk ${pkg.version}\n`, stderr: '' });
  });

  it('--help and run --help print the help', async () => {
    const main = await runFlowdesk(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain('Usage: flowdesk <command> [options]');
    const run = await runFlowdesk(['run', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('env FLOWDESK_PORT, default 7861');
  });

  it('an unknown flag: one line on stderr, exit 2', async () => {
    const result = await runFlowdesk(['run', '--bogus']);
    expect(result.code).toBe(2);
    expect(oneErrorLine(result.stderr)).toBe("flowdesk: unknown option '--bogus' (see 'flowdesk run --help')");
  });

  it('a missing env file named by FLOWDESK_ENV_FILE: one line on stderr, exit 1', async () => {
    const result = await runFlowdesk(['run'], { env: { FLOWDESK_ENV_FILE: '/nonexistent/flowdesk.env' } });
    expect(result.code).toBe(1);
    expect(oneErrorLine(result.stderr)).toBe('flowdesk: env file /nonexistent/flowdesk.env not found');
  });

  it('a missing env file named by --env-file: one line naming it, non-zero exit', async () => {
    // Node 20 itself scans the script's arguments for `--env-file` (up to a `--`) and exits 9
    // with "node: <file>: not found" before flowdesk runs; flowdesk's own check says the same.
    const result = await runFlowdesk(['run', '--env-file', '/nonexistent/flowdesk.env']);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('/nonexistent/flowdesk.env');
    expect(result.stderr).toContain('not found');
  });

  it('without dist/ it says to build, in one line, exit 1', async () => {
    const root = await makeTempDir('flowdesk-nodist-');
    try {
      mkdirSync(path.join(root, 'bin'));
      copyFileSync(FLOWDESK_BIN, path.join(root, 'bin', 'flowdesk.js'));
      writeFileSync(path.join(root, 'package.json'), '{"type":"module"}');
      const result = await runFlowdesk(['--version'], { bin: path.join(root, 'bin', 'flowdesk.js') });
      expect(result.code).toBe(1);
      expect(oneErrorLine(result.stderr)).toContain('npm run build');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('flowdesk run (needs server/start-server.ts built into dist)', () => {
  it('prints the banner with the real port, answers /health, and exits 0 on SIGTERM', async () => {
    const server = await start();
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const out = server.stdout();
    expect(out).toContain('Welcome to ⛓ Flowdesk');
    expect(out).toContain(`API: http://127.0.0.1:${server.port}/api/v1/`);
    expect(out).toContain(`Data directory: ${server.dataDir}`);
    expect(out).toContain(`Editor: http://127.0.0.1:${server.port}/`);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await server.stop('SIGTERM')).toBe(0);
  });

  it('exits 0 on SIGINT too', async () => {
    const server = await start();
    expect(await server.stop('SIGINT')).toBe(0);
  });

  it('takes settings from an env file: backend-only banner', async () => {
    const dir = await makeTempDir();
    try {
      const envFile = path.join(dir, 'flowdesk.env');
      writeFileSync(envFile, 'FLOWDESK_BACKEND_ONLY=yes\n');
      const server = await start({ args: ['--env-file', envFile] });
      expect(server.stdout()).toContain('backend-only');
      expect(server.stdout()).not.toContain('Editor:');
      expect(await server.stop()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a port already in use: one line on stderr, exit 1, no stack trace', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    const dataDir = await makeTempDir();
    try {
      const result = await runFlowdesk(['run', '--port', String(port), '--data-dir', dataDir, '--log-level', 'warn']);
      expect(result.code).toBe(1);
      expect(oneErrorLine(result.stderr)).toContain(String(port));
      expect(result.stdout).toBe('');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a second server on the same data directory is refused, naming the first one’s pid', async () => {
    const first = await start();
    const result = await runFlowdesk(['run', '--port', '0', '--data-dir', first.dataDir, '--log-level', 'warn']);
    expect(result.code).toBe(1);
    expect(oneErrorLine(result.stderr)).toContain(String(first.child.pid));
    expect(first.child.exitCode).toBeNull();
    expect((await fetch(`${first.url}/health`)).status).toBe(200);
  });
});
