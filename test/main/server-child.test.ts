/** The pieces the forked server process and its supervisor share, tested without spawning anything. */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { readLines, RecentLines } from '../../main/output-lines.js';
import { watchParent, type ParentLink } from '../../main/parent-watch.js';
import { DEFAULT_RESTART_POLICY, restartDelay } from '../../main/restart-policy.js';
import { isServerMessage, isShutdownMessage } from '../../main/server-ipc.js';
import { ShutdownSignals } from '../../main/shutdown-signals.js';
import { describeFailure, formatFailure } from '../../main/start-failure.js';

class FakeProcess extends EventEmitter implements ParentLink {
  connected = true;
  ppid = 4242;
}

describe('watchParent', () => {
  it('fires once when the IPC channel closes', () => {
    const proc = new FakeProcess();
    const gone = vi.fn();
    watchParent(proc, gone);
    proc.emit('disconnect');
    proc.emit('disconnect');
    expect(gone).toHaveBeenCalledTimes(1);
    expect(gone.mock.calls[0]?.[0]).toContain('IPC channel');
  });

  it('fires when the process is re-parented (the parent died)', () => {
    vi.useFakeTimers();
    try {
      const proc = new FakeProcess();
      const gone = vi.fn();
      watchParent(proc, gone, 100);
      vi.advanceTimersByTime(250);
      expect(gone).not.toHaveBeenCalled();
      proc.ppid = 1;
      vi.advanceTimersByTime(100);
      expect(gone).toHaveBeenCalledWith('the parent process 4242 exited');
    } finally {
      vi.useRealTimers();
    }
  });

  it('does nothing for a process started without IPC (a plain `flowdesk run`), and can be disposed', () => {
    const standalone = new FakeProcess();
    standalone.connected = false;
    const gone = vi.fn();
    watchParent(standalone, gone);
    standalone.emit('disconnect');
    const watched = new FakeProcess();
    watchParent(watched, gone)();
    watched.emit('disconnect');
    expect(gone).not.toHaveBeenCalled();
  });
});

describe('ShutdownSignals', () => {
  it('a stop request reaches the CLI as one SIGTERM; later requests are ignored', () => {
    const target = new EventEmitter();
    const signals = new ShutdownSignals(target);
    const listener = vi.fn();
    signals.on('SIGINT', listener).on('SIGTERM', listener);
    signals.request();
    signals.request();
    expect(listener.mock.calls).toEqual([['SIGTERM']]);
    expect(signals.requested).toBe(true);
  });

  it('real signals pass through, and a request after one does not force a second stop', () => {
    const target = new EventEmitter();
    const signals = new ShutdownSignals(target);
    const listener = vi.fn();
    signals.on('SIGINT', listener).on('SIGTERM', listener);
    target.emit('SIGINT', 'SIGINT');
    signals.request();
    expect(listener.mock.calls).toEqual([['SIGINT']]);
    // A second real signal still reaches the CLI (which then exits at once).
    target.emit('SIGTERM', 'SIGTERM');
    expect(listener.mock.calls).toEqual([['SIGINT'], ['SIGTERM']]);
  });

  it('a request before the CLI listens is delivered when it starts listening', async () => {
    const signals = new ShutdownSignals(new EventEmitter());
    signals.request();
    const listener = vi.fn();
    signals.on('SIGINT', listener);
    signals.on('SIGTERM', listener);
    await Promise.resolve();
    expect(listener.mock.calls).toEqual([['SIGTERM']]);
  });

  it('off removes the listener from the real signals too', () => {
    const target = new EventEmitter();
    const signals = new ShutdownSignals(target);
    const listener = vi.fn();
    signals.on('SIGTERM', listener);
    signals.off('SIGTERM', listener);
    expect(target.listenerCount('SIGTERM')).toBe(0);
  });
});

describe('IPC messages', () => {
  it('accepts only well-formed messages', () => {
    expect(isServerMessage({ type: 'flowdesk:listening', url: 'http://127.0.0.1:1', pid: 3 })).toBe(true);
    expect(isServerMessage({ type: 'flowdesk:startup-error', code: 'port_in_use', message: 'taken' })).toBe(true);
    expect(isServerMessage({ type: 'flowdesk:startup-error', code: 'nope', message: 'x' })).toBe(false);
    expect(isServerMessage({ type: 'flowdesk:listening', url: 1 })).toBe(false);
    expect(isServerMessage(null)).toBe(false);
    expect(isShutdownMessage({ type: 'flowdesk:shutdown' })).toBe(true);
    expect(isShutdownMessage('flowdesk:shutdown')).toBe(false);
  });
});

describe('restart policy', () => {
  it('doubles from the initial delay up to the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 40].map((attempt) => restartDelay(DEFAULT_RESTART_POLICY, attempt));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});

describe('output lines', () => {
  it('splits chunks into lines and keeps the last N', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    readLines(stream, (line) => lines.push(line));
    stream.write('one\ntw');
    stream.write('o\r\nthree');
    stream.end();
    await new Promise((resolve) => stream.on('end', resolve));
    expect(lines).toEqual(['one', 'two', 'three']);
    const recent = new RecentLines(2);
    for (const line of lines) recent.push(line);
    expect(recent.snapshot()).toEqual(['two', 'three']);
  });
});

describe('start failures', () => {
  const ctx = { host: '127.0.0.1', port: 7861, dataDir: '/home/ada/.config/Flowdesk', recentOutput: ['a', 'b'] };

  it('say why and what to do, for each known reason', () => {
    const port = describeFailure('port_in_use', 'Port 7861 on 127.0.0.1 is already in use by another program.', ctx);
    expect(port.title).toBe('Flowdesk cannot start: its port is taken');
    expect(port.advice).toContain('--port');
    const locked = describeFailure('data_dir_locked', 'Data directory … is in use by another Flowdesk server (pid 12).', ctx);
    expect(locked.advice).toContain('--data-dir');
    expect(describeFailure('data_dir_unusable', 'x', ctx).advice).toContain('permissions');
  });

  it('format as one message with the output tail', () => {
    const text = formatFailure(describeFailure('server_exited', 'The server process exited with code 1 before it was ready.', ctx));
    expect(text.split('\n')[0]).toBe('Flowdesk cannot start: the server stopped');
    expect(text).toContain('exited with code 1');
    expect(text).toContain('Last server output:\n  a\n  b');
  });
});

describe('ServerProcess.spawn', () => {
  it('forks the server entry with the server Node flags, not the parent’s', async () => {
    const { ServerProcess } = await import('../../main/server-process.js');
    const { SERVER_NODE_FLAGS } = await import('../../server/node-flags.js');
    let seen: { modulePath: string; execArgv?: string[]; execPath?: string } | undefined;
    const child = Object.assign(new EventEmitter(), { stdout: new PassThrough(), stderr: new PassThrough(), pid: 123 });
    ServerProcess.spawn({
      entry: '/app/server-entry.js',
      args: ['--port', '0'],
      execPath: '/usr/bin/electron',
      runAsNode: true,
      env: {},
      onLine: () => {},
      fork: (modulePath, _args, options) => {
        seen = { modulePath, execArgv: options.execArgv, execPath: options.execPath };
        return child as never;
      },
    });
    expect(seen).toEqual({ modulePath: '/app/server-entry.js', execArgv: ['--enable-source-maps', ...SERVER_NODE_FLAGS], execPath: '/usr/bin/electron' });
  });
});
