/**
 * `npm run bench`: Flowdesk against a bare Koa baseline, following issue 7. Phases: start, load,
 * relay, growth, soak (BENCH_ONLY picks some). Prints a table, writes bench/results/latest.json
 * and latest.md, and checks issue 7's targets (PASS/MISS). See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig, type Phase } from './config.js';
import { createContext, type BenchContext } from './context.js';
import { measureCrowd } from './phase-crowd.js';
import { measureGrowth } from './phase-growth.js';
import { measureLoad } from './phase-load.js';
import { measureRelay } from './phase-relay.js';
import { measureQueue } from './phase-queue.js';
import { measureSoak } from './phase-soak.js';
import { measureStart } from './phase-start.js';
import { cpuCount, killAllChildren, pinSelf, planPinning, REPO_ROOT } from './procs.js';
import { renderSummary, summarizeProfile, type CpuProfile } from './profile-summary.js';
import { renderMarkdown, renderText, toJson } from './report.js';
import { RESULTS_SCHEMA, resultProblems, type BenchResults } from './results.js';
import { evaluateTargets } from './targets.js';

const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');
const PROFILE_DIR = path.join(RESULTS_DIR, 'profiles');

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function fsType(dir: string): string | null {
  try {
    const out = execFileSync('df', ['--output=fstype,source', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.trim().split('\n').pop()?.trim().replace(/\s+/, ' on ') ?? null;
  } catch {
    return null;
  }
}

/** The 1-minute load average (NaN where /proc is missing). */
function loadAverage(): number {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return NaN;
  }
}

function commandLine(): string {
  const vars = Object.entries(process.env)
    .filter(([k]) => k.startsWith('BENCH_'))
    .map(([k, v]) => `${k}=${v}`);
  return [...vars, 'npm run bench'].join(' ');
}

async function newestProfile(since: number): Promise<string | null> {
  if (!existsSync(PROFILE_DIR)) return null;
  let best: { file: string; mtime: number } | null = null;
  for (const name of await readdir(PROFILE_DIR)) {
    if (!name.endsWith('.cpuprofile')) continue;
    const file = path.join(PROFILE_DIR, name);
    const { mtimeMs } = await stat(file);
    if (mtimeMs >= since && (!best || mtimeMs > best.mtime)) best = { file, mtime: mtimeMs };
  }
  return best?.file ?? null;
}

async function main(): Promise<number> {
  const config = loadConfig();
  const cpus = cpuCount(); // before pinning: afterwards this process sees one core
  if (!existsSync(path.join(REPO_ROOT, 'dist', 'server', 'cli', 'main.js'))) {
    process.stderr.write('bench: dist/server/cli/main.js is missing: run `npm run build` first (npm run bench does)\n');
    return 1;
  }
  const pinning = planPinning(config.noPin);
  if (pinning.enabled && pinning.loadCore !== null && !pinSelf(pinning.loadCore)) {
    pinning.enabled = false;
    pinning.serverCore = null;
    pinning.loadCore = null;
    pinning.note = 'taskset could not pin the load generator: no pinning';
  }
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const busy = loadAverage();
  if (busy > 0.5) log(`bench: warning: the machine is not idle (load average ${busy.toFixed(2)}); figures will be noisy`);
  const profileFlags = config.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [];
  if (config.cpuProf) await mkdir(PROFILE_DIR, { recursive: true });
  const ctx: BenchContext = createContext(config, pinning, profileFlags, log);

  const abort = (signal: NodeJS.Signals) => {
    log(`bench: ${signal}, stopping the servers`);
    killAllChildren();
    void ctx.cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);

  const started = new Date();
  const t0 = performance.now();
  const results: BenchResults = {
    schema: RESULTS_SCHEMA,
    meta: {
      startedAt: started.toISOString(),
      finishedAt: '',
      seconds: 0,
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus,
      pinning: pinning.note,
      quick: config.quick,
      gitCommit: git(['rev-parse', '--short', 'HEAD']),
      gitDirty: ((s) => (s === null ? null : s.length > 0))(git(['status', '--porcelain'])),
      dataDirFs: fsType(config.tmpDir),
      config: { ...config },
      loadAverage: { before: loadAverage(), after: NaN },
      errors: [],
    },
    start: null,
    memory: null,
    load: null,
    relay: null,
    crowd: null,
    growth: null,
    soak: null,
    queue: null,
    targets: [],
  };
  log(`bench: ${config.quick ? 'QUICK' : 'full'} run, phases ${config.phases.join(', ')}; ${pinning.note}; ${config.durationSec} s per load cell × ${config.rounds} rounds`);

  type PerServer = { baseline: number; flowdesk: number };
  const fromLoad: { idle: PerServer | null; peak: PerServer | null } = { idle: null, peak: null };
  const phases: Record<Phase, () => Promise<void>> = {
    start: async () => {
      results.start = await measureStart(ctx);
    },
    load: async () => {
      const since = Date.now();
      const r = await measureLoad(ctx);
      results.load = { durationSec: config.durationSec, rounds: config.rounds, cells: r.cells };
      fromLoad.idle = r.idle;
      fromLoad.peak = r.peak;
      if (config.cpuProf) {
        const file = await newestProfile(since - 1000);
        if (file) {
          const text = renderSummary(summarizeProfile(JSON.parse(await readFile(file, 'utf8')) as CpuProfile));
          await writeFile(path.join(RESULTS_DIR, 'profile-summary.txt'), `${file}\n\n${text}\n`);
          log(`\nCPU profile of Flowdesk under the load matrix (${path.relative(REPO_ROOT, file)}):\n${text}\n`);
        } else log('bench: no .cpuprofile was written (did the server exit cleanly?)');
      }
    },
    relay: async () => {
      results.relay = await measureRelay(ctx);
    },
    crowd: async () => {
      results.crowd = await measureCrowd(ctx);
    },
    growth: async () => {
      results.growth = await measureGrowth(ctx);
    },
    soak: async () => {
      results.soak = await measureSoak(ctx);
    },
    queue: async () => {
      results.queue = await measureQueue(ctx);
    },
  };

  for (const phase of config.phases) {
    const p0 = performance.now();
    log(`\n== ${phase}`);
    try {
      await phases[phase]();
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      results.meta.errors.push(`${phase}: ${message.split('\n').slice(0, 12).join('\n')}`);
      log(`bench: phase ${phase} failed: ${message}`);
      killAllChildren();
    }
    log(`== ${phase} took ${((performance.now() - p0) / 1000).toFixed(1)} s`);
  }

  const idle = results.start ? { baseline: results.start.baseline.idleRssMb, flowdesk: results.start.flowdesk.idleRssMb } : fromLoad.idle;
  const peak = fromLoad.peak;
  if (idle) results.memory = { baseline: { idleRssMb: idle.baseline, peakRssMb: peak?.baseline ?? NaN }, flowdesk: { idleRssMb: idle.flowdesk, peakRssMb: peak?.flowdesk ?? NaN } };
  results.targets = evaluateTargets(results);
  results.meta.finishedAt = new Date().toISOString();
  results.meta.loadAverage.after = loadAverage();
  results.meta.seconds = (performance.now() - t0) / 1000;

  await mkdir(RESULTS_DIR, { recursive: true });
  const json = toJson(results);
  const problems = resultProblems(JSON.parse(json));
  if (problems.length) results.meta.errors.push(`results shape: ${problems.join('; ')}`);
  await writeFile(path.join(RESULTS_DIR, 'latest.json'), problems.length ? toJson(results) : json);
  await writeFile(path.join(RESULTS_DIR, 'latest.md'), renderMarkdown(results, commandLine()));
  process.stdout.write('\n' + renderText(results));
  process.stdout.write(`\nWrote ${path.relative(process.cwd(), path.join(RESULTS_DIR, 'latest.json'))} and latest.md\n`);
  await ctx.cleanup();
  return results.meta.errors.length ? 1 : 0;
}

main().then(
  (code) => {
    killAllChildren();
    process.exitCode = code;
  },
  (err: unknown) => {
    killAllChildren();
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
