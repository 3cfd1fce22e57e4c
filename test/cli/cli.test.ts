/**
 * The `flowdesk` command in-process, with a stand-in server: help, version, errors, the banner
 * after a real GET /health, and shutdown on signals.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { formatBanner, main, type CliDeps, type StartServer } from '../../server/cli/main.js';
import { RUN_FLAGS } from '../../server/config/resolve-config.js';
import type { ServerConfig } from '../../server/config/server-config.js';
import type { RunningServer } from '../../server/start-server-types.js';
import { StartupError } from '../../server/startup-error.js';
import { setTimeout as sleep } from 'node:timers/promises';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

interface Harness {
  deps: Partial<CliDeps>;
  out(): string;
  err(): string;
  signals: EventEmitter;
  forceExit: ReturnType<typeof vi.fn>;
}

function harness(startServer?: StartServer, env: NodeJS.ProcessEnv = {}): Harness {
  let out = '';
  let err = '';
  const signals = new EventEmitter();
  const forceExit = vi.fn();
  const deps: Partial<CliDeps> = {
    env,
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    signals: signals as CliDeps['signals'],
    forceExit,
    healthTimeoutMs: 2_000,
    loadStartServer: async () => startServer ?? (() => Promise.reject(new Error('not expected to start'))),
  };
  return { deps, out: () => out, err: () => err, signals, forceExit };
}

interface FakeServer {
  startServer: StartServer;
  configs: ServerConfig[];
  healthHits(): number;
  closeCalls(): number;
}

/** A stand-in for startServer: a real HTTP server answering /health with the given statuses (the last repeats). */
function fakeServer(options: { health?: number[]; warnings?: string[]; close?: () => Promise<void> } = {}): FakeServer {
  const configs: ServerConfig[] = [];
  let hits = 0;
  let closes = 0;
  const statuses = options.health ?? [200];
  const startServer: StartServer = async (config) => {
    configs.push(config);
    const server = http.createServer((req, res) => {
      if (req.url === '/health') {
        res.statusCode = statuses[Math.min(hits, statuses.length - 1)] ?? 200;
        hits += 1;
      } else res.statusCode = 404;
      res.end('{"status":"ok"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const running: RunningServer = {
      url: `http://127.0.0.1:${port}`,
      host: '127.0.0.1',
      port,
      dataDir: config.dataDir,
      warnings: options.warnings ?? [],
      close: async () => {
        closes += 1;
        await options.close?.();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
    return running;
  };
  return { startServer, configs, healthHits: () => hits, closeCalls: () => closes };
}

const RUN = ['run', '--port', '0', '--data-dir', '/tmp/flowdesk-cli-test', '--log-level', 'warn'];

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const BANNER_DONE = 'Press Ctrl+C to stop.';

describe('help and version', () => {
  for (const argv of [[], ['--help'], ['-h'], ['help']]) {
    it(`flowdesk ${argv.join(' ') || '(no command)'} prints the main help`, async () => {
      const h = harness();
      expect(await main(argv, h.deps)).toBe(0);
      expect(h.out()).toContain('Usage: flowdesk <command> [options]');
      expect(h.out()).toMatch(/^ {2}run\s/m);
      expect(h.out()).toContain('-v, --version');
      expect(h.err()).toBe('');
    });
  }

  for (const argv of [['run', '--help'], ['run', '-h'], ['help', 'run'], ['run', '--port', '1', '--help']]) {
    it(`flowdesk ${argv.join(' ')} lists every flag with its env twin and default`, async () => {
      const h = harness();
      expect(await main(argv, h.deps)).toBe(0);
      const help = h.out();
      expect(help).toContain('Usage: flowdesk run [options]');
      for (const flag of RUN_FLAGS) {
        expect(help).toContain(`--${flag.name}`);
        expect(help).toContain(`env ${flag.env}, default `);
      }
      expect(help).toContain('env FLOWDESK_HOST, default 127.0.0.1');
      expect(help).toContain('env FLOWDESK_PORT, default 7861');
      expect(help).toContain('env FLOWDESK_LOG_LEVEL, default info');
      expect(help).toContain('env FLOWDESK_MAX_BODY_SIZE, default 10mb');
      expect(help).toMatch(/env FLOWDESK_DATA_DIR, default \S*Flowdesk/);
    });
  }

  for (const flag of ['--version', '-v']) {
    it(`flowdesk ${flag} prints the package version`, async () => {
      const h = harness();
      expect(await main([flag], h.deps)).toBe(0);
      expect(h.out()).toBe(`flowdesk ${pkg.version}\n`);
    });
  }
});

describe('usage and configuration errors', () => {
  it('an unknown command: one line, exit 2', async () => {
    const h = harness();
    expect(await main(['serve'], h.deps)).toBe(2);
    expect(h.err()).toBe("flowdesk: unknown command 'serve' (see 'flowdesk --help')\n");
    expect(await main(['--bogus'], h.deps)).toBe(2);
    expect(await main(['help', 'nothing'], h.deps)).toBe(2);
  });

  it('an unknown flag of run: one line, exit 2, the server not started', async () => {
    const fake = fakeServer();
    const h = harness(fake.startServer);
    expect(await main(['run', '--bogus'], h.deps)).toBe(2);
    expect(h.err()).toBe("flowdesk: unknown option '--bogus' (see 'flowdesk run --help')\n");
    expect(fake.configs).toHaveLength(0);
  });

  it('a bad value in the environment: one line, exit 1', async () => {
    const h = harness(fakeServer().startServer, { FLOWDESK_PORT: 'seventy' });
    expect(await main(['run'], h.deps)).toBe(1);
    expect(h.err()).toBe("flowdesk: invalid FLOWDESK_PORT 'seventy': expected an integer from 0 to 65535\n");
  });

  it('a StartupError from the server: exactly its message on one line, exit 1, no stack', async () => {
    const h = harness(async () => {
      throw new StartupError('port_in_use', 'Port 7861 on 127.0.0.1 is already in use.');
    });
    expect(await main([...RUN, '--log-level', 'debug'], h.deps)).toBe(1);
    expect(h.err()).toBe('flowdesk: Port 7861 on 127.0.0.1 is already in use.\n');
    expect(h.out()).toBe('');
  });

  it('an unexpected error: one line, and the stack only at --log-level debug', async () => {
    const boom: StartServer = async () => {
      throw new TypeError('cannot read things\nof undefined');
    };
    const quiet = harness(boom);
    expect(await main(RUN, quiet.deps)).toBe(1);
    expect(quiet.err()).toBe('flowdesk: unexpected error: cannot read things of undefined (--log-level debug shows details)\n');

    const verbose = harness(boom);
    expect(await main([...RUN, '--log-level', 'debug'], verbose.deps)).toBe(1);
    const [first, ...rest] = verbose.err().trimEnd().split('\n');
    expect(first).toBe('flowdesk: unexpected error: cannot read things of undefined');
    expect(rest.join('\n')).toMatch(/TypeError: cannot read things[\s\S]*\n\s+at /);
  });
});

describe('flowdesk run', () => {
  it('starts with the resolved config, prints the banner once /health answered 200, and stops on SIGTERM with exit 0', async () => {
    const fake = fakeServer({ health: [503, 503, 200] });
    const h = harness(fake.startServer, { OPENAI_API_KEY: 'sk-x' });
    const exit = main(RUN, h.deps);
    await until(() => h.out().includes(BANNER_DONE), 'the banner');

    expect(fake.healthHits()).toBe(3);
    const config = fake.configs[0] as ServerConfig;
    expect(config).toMatchObject({ port: 0, dataDir: '/tmp/flowdesk-cli-test', logLevel: 'warn', env: { OPENAI_API_KEY: 'sk-x' } });
    const port = new URL(/API: (\S+)/.exec(h.out())?.[1] ?? 'http://missing').port;
    expect(Number(port)).toBeGreaterThan(0);
    expect(h.out()).toContain('Welcome to ⛓ Flowdesk\n');
    expect(h.out()).toContain(`API: http://127.0.0.1:${port}/api/v1/\n`);
    expect(h.out()).toContain(`Run a flow: POST http://127.0.0.1:${port}/api/v1/run/<flow id or endpoint name>\n`);
    expect(h.out()).toContain('Data directory: /tmp/flowdesk-cli-test\n');
    expect(h.out()).toContain(`Editor: http://127.0.0.1:${port}/\n`);
    expect(h.err()).toBe('');

    h.signals.emit('SIGTERM', 'SIGTERM');
    expect(await exit).toBe(0);
    expect(fake.closeCalls()).toBe(1);
    expect(h.forceExit).not.toHaveBeenCalled();
    expect(h.signals.listenerCount('SIGTERM') + h.signals.listenerCount('SIGINT')).toBe(0);
  });

  it('says backend-only instead of the editor URL, and prints store warnings on stderr', async () => {
    const fake = fakeServer({ warnings: ['flows.json was corrupt: set aside as flows.json.corrupt-1'] });
    const h = harness(fake.startServer);
    const exit = main([...RUN, '--backend-only'], h.deps);
    await until(() => h.out().includes(BANNER_DONE), 'the banner');
    expect(h.out()).toContain('backend-only');
    expect(h.out()).not.toContain('Editor:');
    expect(h.err()).toBe('flowdesk: warning: flows.json was corrupt: set aside as flows.json.corrupt-1\n');
    h.signals.emit('SIGINT', 'SIGINT');
    expect(await exit).toBe(0);
  });

  it('logs "Shutting down…" at info level', async () => {
    const h = harness(fakeServer().startServer);
    const exit = main([...RUN, '--log-level', 'info'], h.deps);
    await until(() => h.out().includes(BANNER_DONE), 'the banner');
    h.signals.emit('SIGINT', 'SIGINT');
    expect(await exit).toBe(0);
    expect(h.err()).toMatch(/INFO {2}Shutting down…/);
  });

  it('a second signal forces the exit at once: 130 for SIGINT, 143 for SIGTERM', async () => {
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      let release: () => void = () => {};
      const fake = fakeServer({ close: () => new Promise<void>((resolve) => (release = resolve)) });
      const h = harness(fake.startServer);
      const exit = main(RUN, h.deps);
      await until(() => h.out().includes(BANNER_DONE), 'the banner');
      h.signals.emit(signal, signal);
      await until(() => fake.closeCalls() === 1, 'close()');
      h.signals.emit(signal, signal);
      expect(h.forceExit).toHaveBeenCalledWith(code);
      release();
      await exit;
    }
  });

  it('a signal during startup closes the server once started, without a banner', async () => {
    const fake = fakeServer();
    const h: Harness = harness(async (config) => {
      h.signals.emit('SIGTERM', 'SIGTERM');
      return fake.startServer(config);
    });
    expect(await main(RUN, h.deps)).toBe(0);
    expect(h.out()).toBe('');
    expect(fake.closeCalls()).toBe(1);
  });

  it('a server whose /health never answers 200: one line, closed, exit 1', async () => {
    const fake = fakeServer({ health: [500] });
    const h = harness(fake.startServer);
    expect(await main(RUN, { ...h.deps, healthTimeoutMs: 300 })).toBe(1);
    expect(h.out()).toBe('');
    expect(h.err()).toMatch(/^flowdesk: the server did not answer GET http:\/\/127\.0\.0\.1:\d+\/health with 200 within 300 ms \(last: status 500\)\n$/);
    expect(fake.closeCalls()).toBe(1);
  });

  it('a failing close: one line, exit 1', async () => {
    const h = harness(fakeServer({ close: () => Promise.reject(new Error('disk full')) }).startServer);
    const exit = main(RUN, h.deps);
    await until(() => h.out().includes(BANNER_DONE), 'the banner');
    h.signals.emit('SIGTERM', 'SIGTERM');
    expect(await exit).toBe(1);
    expect(h.err()).toBe('flowdesk: shutdown failed: disk full\n');
  });
});

describe('formatBanner', () => {
  it('uses the real address, without doubling a trailing slash', () => {
    const banner = formatBanner({ url: 'http://[::1]:4000/', dataDir: '/d' }, { backendOnly: false });
    expect(banner.split('\n')).toEqual(expect.arrayContaining(['Welcome to ⛓ Flowdesk', 'API: http://[::1]:4000/api/v1/', 'Editor: http://[::1]:4000/']));
  });
});
