/** `flowdesk worker` as a real process, started and waited for ("worker ready" on stderr). */
import { spawn, type ChildProcess } from 'node:child_process';
import { childEnv, FLOWDESK_BIN, REPO_ROOT } from './spawn-server.js';

export interface SpawnedWorker {
  child: ChildProcess;
  stderr(): string;
  /** Sends `signal` (default SIGTERM) and resolves the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export async function spawnWorker(options: { args?: string[]; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<SpawnedWorker> {
  const args = [FLOWDESK_BIN, 'worker', '--log-level', 'debug', ...(options.args ?? [])];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: childEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stopping: Promise<number | null> | undefined;
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    })();
    return stopping;
  };
  const timeoutMs = options.timeoutMs ?? 20_000;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`flowdesk worker was not ready within ${timeoutMs} ms:\n${err}`)), timeoutMs);
      child.stderr.on('data', () => {
        if (err.includes('worker ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`flowdesk worker exited with code ${code} before it was ready:\n${err}`));
      });
    });
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  }
  return { child, stderr: () => err, stop };
}
