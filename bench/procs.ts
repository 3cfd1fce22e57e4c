/**
 * Child processes of the bench: the Flowdesk server, the Koa baseline. Spawning (pinned to a core
 * with `taskset` when it exists), timing spawn → first `/health` 200, reading RSS from /proc, and
 * stopping them. Every child is tracked and killed when the bench exits, however it exits.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SERVER_NODE_FLAGS } from '../server/node-flags.js';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const FLOWDESK_BIN = path.join(REPO_ROOT, 'bin', 'flowdesk.js');
export const BASELINE_SCRIPT = path.join(REPO_ROOT, 'bench', 'baseline-koa.js');

const live = new Set<ChildProcess>();

/** SIGKILLs every child still running (used on exit and on Ctrl+C). */
export function killAllChildren(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

process.once('exit', killAllChildren);

let tasksetCache: boolean | undefined;
export function hasTaskset(): boolean {
  tasksetCache ??= spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
  return tasksetCache;
}

export function cpuCount(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** Pinning plan: the server on core 0, the load generator (this process) on core 1. */
export interface Pinning {
  enabled: boolean;
  serverCore: number | null;
  loadCore: number | null;
  note: string;
}

export function planPinning(disabled = false): Pinning {
  if (disabled) return { enabled: false, serverCore: null, loadCore: null, note: 'pinning disabled (BENCH_NO_PIN)' };
  if (!hasTaskset()) return { enabled: false, serverCore: null, loadCore: null, note: 'taskset not found: no pinning' };
  if (cpuCount() < 2) return { enabled: false, serverCore: null, loadCore: null, note: 'fewer than 2 cores: no pinning' };
  return { enabled: true, serverCore: 0, loadCore: 1, note: 'servers on core 0, load generator on core 1 (taskset)' };
}

/** Pins every thread of this process to `core` (`taskset -a -cp`). Threads created later inherit it. */
export function pinSelf(core: number): boolean {
  return spawnSync('taskset', ['-a', '-cp', String(core), String(process.pid)], { stdio: 'ignore' }).status === 0;
}

/** `[command, args]`, prefixed with `taskset -c <core>` when `core` is a number. */
export function pinned(core: number | null, command: string, args: string[]): [string, string[]] {
  return core === null ? [command, args] : ['taskset', ['-c', String(core), command, ...args]];
}

/** A port free right now on 127.0.0.1 (the OS picks it; closed again before returning). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface Rss {
  /** Resident set size now, MB (VmRSS). */
  rssMb: number;
  /** Peak resident set size since the process started, MB (VmHWM). */
  hwmMb: number;
}

/** Parses VmRSS and VmHWM (kB) of a /proc/<pid>/status text into MB. */
export function parseProcStatus(text: string): Rss {
  const kb = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
    return match ? Number(match[1]) : NaN;
  };
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/** RSS of a process from /proc (NaN where /proc is missing). */
export function readRss(pid: number): Rss {
  try {
    return parseProcStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return { rssMb: NaN, hwmMb: NaN };
  }
}

/** Samples a process's RSS every `intervalMs` until stopped; returns the largest VmRSS seen and the final VmHWM. */
export function sampleRss(pid: number, intervalMs = 100): { stop(): Rss } {
  let peak = readRss(pid).rssMb;
  const timer = setInterval(() => {
    const now = readRss(pid).rssMb;
    if (!(now <= peak)) peak = now;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const last = readRss(pid);
      return { rssMb: Math.max(peak, last.rssMb), hwmMb: last.hwmMb };
    },
  };
}

/** CPU time (user + system) a process has used so far, ms, from /proc/<pid>/stat (NaN without /proc). */
export function readCpuMs(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line: 12th and 13th after the name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

const CLOCK_TICKS = (() => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(out.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

/** One GET; resolves the status code (rejects on a connection error). No keep-alive. */
export function httpStatus(url: string, timeoutMs = 2_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', reject);
  });
}

export interface ServerSpec {
  name: string;
  /** Arguments to `node` (the script first). */
  nodeArgs: string[];
  port: number;
  core: number | null;
  env?: NodeJS.ProcessEnv;
}

export interface ServerProcess {
  name: string;
  pid: number;
  url: string;
  child: ChildProcess;
  /** spawn() → first /health 200, ms. */
  startMs: number;
  /** spawn() → the URL printed on stdout, ms (NaN if it never came). */
  bannerMs: number;
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** The environment of a server child: this process's, without FLOWDESK_* and OPENAI_* settings. */
export function serverEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('FLOWDESK_') && !k.startsWith('OPENAI_') && !k.startsWith('NODE_OPTIONS')) env[k] = v;
  return { ...env, ...extra };
}


/**
 * Spawns a server on a known free port and polls `/health` (every ~2 ms, from this process) until
 * it answers 200: the start time is spawn → that answer. Rejects if the process exits first or
 * nothing answers within `timeoutMs`.
 */
export async function startServer(spec: ServerSpec, timeoutMs = 60_000): Promise<ServerProcess> {
  const [command, args] = pinned(spec.core, process.execPath, spec.nodeArgs);
  let out = '';
  let err = '';
  let bannerMs = NaN;
  const t0 = performance.now();
  const child = spawn(command, args, { cwd: REPO_ROOT, env: spec.env ?? serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => live.delete(child));
  child.stdout?.setEncoding('utf8').on('data', (c: string) => {
    out += c;
    if (Number.isNaN(bannerMs) && /http:\/\/[\w.[\]:-]+:\d+/.test(out)) bannerMs = performance.now() - t0;
  });
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (err += c));
  const url = `http://127.0.0.1:${spec.port}`;
  let gone = false;
  void exited.then(() => (gone = true));

  const stop = async (graceMs = 15_000): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  const describe = (why: string) => new Error(`${spec.name} ${why}\n--- command: ${command} ${args.join(' ')}\n--- stdout:\n${out}\n--- stderr:\n${err}`);
  let startMs: number;
  for (;;) {
    if (gone) throw describe(`exited (code ${child.exitCode}, signal ${child.signalCode}) before /health answered`);
    if (performance.now() - t0 > timeoutMs) {
      await stop(1_000);
      throw describe(`did not answer /health within ${timeoutMs} ms`);
    }
    try {
      const status = await httpStatus(`${url}/health`);
      if (status === 200) {
        startMs = performance.now() - t0;
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(2);
  }
  if (child.pid === undefined) throw describe('has no pid');
  return { name: spec.name, pid: child.pid, url, child, startMs, bannerMs, stdout: () => out, stderr: () => err, stop };
}

export interface FlowdeskOptions {
  dataDir: string;
  core: number | null;
  /** Extra node flags before the script (e.g. --cpu-prof). */
  nodeFlags?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * `node <the flowdesk command's node flags> bin/flowdesk.js run --backend-only --port <free>
 * --data-dir <dir> --log-level warn`: what `flowdesk run --backend-only` runs through its shebang.
 */
export async function startFlowdesk(options: FlowdeskOptions): Promise<ServerProcess> {
  const port = await freePort();
  return startServer({
    name: 'flowdesk',
    nodeArgs: [...SERVER_NODE_FLAGS, ...(options.nodeFlags ?? []), FLOWDESK_BIN, 'run', '--backend-only', '--port', String(port), '--data-dir', options.dataDir, '--log-level', 'warn'],
    port,
    core: options.core,
    env: serverEnv(options.env),
  });
}

/** The event-loop stall probe (bench/loop-probe.mjs) as node flags: preload it with these. */
export const LOOP_PROBE_FLAGS: readonly string[] = ['--import', pathToFileURL(path.join(REPO_ROOT, 'bench', 'loop-probe.mjs')).href];

export interface BaselineOptions {
  /** The relay baseline's provider base URL (`--provider`). */
  provider?: string;
  /** Extra node flags before the script (e.g. the loop probe). */
  nodeFlags?: readonly string[];
}

/** `node bench/baseline-koa.js --port <free> [--provider <url>]`. */
export async function startBaseline(core: number | null, options: BaselineOptions = {}): Promise<ServerProcess> {
  const port = await freePort();
  const args = [...(options.nodeFlags ?? []), BASELINE_SCRIPT, '--port', String(port), ...(options.provider ? ['--provider', options.provider] : [])];
  return startServer({ name: options.provider ? 'relay baseline' : 'baseline', nodeArgs: args, port, core, env: serverEnv() });
}
