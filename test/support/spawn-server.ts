/**
 * Starts the real `flowdesk` command (bin/flowdesk.js, so `npm test` must have built dist/) as a
 * child process on a free port and a temporary data directory, for tests that talk HTTP to it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { makeTempDir } from './temp-dir.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FLOWDESK_BIN = path.join(REPO_ROOT, 'bin', 'flowdesk.js');

export interface SpawnServerOptions {
  /** Extra arguments after `run --port 0 --data-dir <dir> --log-level warn` (later flags win). */
  args?: string[];
  /** Added to the environment (inherited FLOWDESK_* variables are dropped first). */
  env?: Record<string, string>;
  /** Use this data directory (kept on stop) instead of a fresh temporary one (removed on stop). */
  dataDir?: string;
  /** How long to wait for the banner; default 20 s. */
  timeoutMs?: number;
}

export interface SpawnedServer {
  /** e.g. `http://127.0.0.1:40123`, parsed from the banner (no trailing slash). */
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Sends `signal` (default SIGTERM), waits for the exit, removes a temporary data dir; resolves the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Children still running when this process exits are killed, so a failed test leaves no server behind. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

const BANNER_API = /^API: (http:\/\/\S+?)\/api\/v1\/\s*$/m;
const STOP_TIMEOUT_MS = 15_000;

/** The environment for a child: this process's, minus FLOWDESK_* settings, plus `extra`. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('FLOWDESK_')) env[key] = value;
  return { ...env, ...extra };
}

export { makeTempDir };

export async function spawnServer(options: SpawnServerOptions = {}): Promise<SpawnedServer> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await makeTempDir());
  const timeoutMs = options.timeoutMs ?? 20_000;
  const args = [FLOWDESK_BIN, 'run', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn', ...(options.args ?? [])];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: childEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));

  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));

  let stopping: Promise<number | null> | undefined;
  const stop = (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
        if (ownsDataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
      }
    })();
    return stopping;
  };

  const describe = (why: string) =>
    new Error(`flowdesk run ${why}\n--- command: node ${args.join(' ')}\n--- stdout:\n${out}\n--- stderr:\n${err}`);

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(describe(`printed no banner within ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        const match = BANNER_API.exec(out);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout.on('data', check);
      void closed.then((code) => {
        clearTimeout(timer);
        reject(describe(`exited with code ${code} before printing its banner`));
      });
      spawnFailed.catch((error: unknown) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    return { url, port: Number(new URL(url).port), dataDir, child, stdout: () => out, stderr: () => err, stop };
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  }
}

/** Runs `node bin/flowdesk.js ...args` to its end and collects its output (killed after `timeoutMs`). */
export function runFlowdesk(args: string[], options: { env?: Record<string, string>; timeoutMs?: number; bin?: string } = {}): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const child = spawn(process.execPath, [options.bin ?? FLOWDESK_BIN, ...args], { cwd: REPO_ROOT, env: childEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`flowdesk ${args.join(' ')} did not exit within ${timeoutMs} ms\n--- stdout:\n${stdout}\n--- stderr:\n${stderr}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
