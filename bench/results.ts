/** The shape of bench/results/latest.json, and a checker for it (used by the bench and its tests). */

export const RESULTS_SCHEMA = 1;

export interface LoadRound {
  round: number;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  peakRssMb: number;
  /** Server process CPU during the cell, % of one core. */
  serverCpuPct: number;
  /** Load generator (bench process) CPU during the cell, % of one core. */
  loadCpuPct: number;
}

export type Target = 'flowdesk' | 'baseline';
export type Mode = 'json' | 'stream';

export interface LoadCell {
  target: Target;
  mode: Mode;
  connections: number;
  rounds: LoadRound[];
  /** Medians over the rounds. */
  rps: number;
  p50: number;
  p99: number;
  peakRssMb: number;
  serverCpuPct: number;
  loadCpuPct: number;
}

export interface StartFigures {
  /** spawn → first /health 200, ms, one per round. */
  samplesMs: number[];
  medianMs: number;
  /** spawn → URL printed, ms (median). */
  bannerMedianMs: number;
  /** RSS shortly after the start (median over rounds), MB. */
  idleRssMb: number;
}

export interface RelaySide {
  ttftMs: number;
  /** Request sent → the provider has the completion request (median). */
  providerReachedMs: number;
  tokenLatencyP50Ms: number;
  tokenLatencyP99Ms: number;
  gapP50Ms: number;
  tokensPerStream: number;
}

/** One side (Flowdesk or the relay baseline) of one crowd form (medians over rounds; errors: the most of any round). */
export interface CrowdSide {
  count: number;
  errors: number;
  /** A few distinct failure reasons. */
  errorSamples: string[];
  /** Request sent → first token read, ms. */
  ttftP50Ms: number;
  ttftP99Ms: number;
  /** Request sent → stream end (p50), ms. */
  totalP50Ms: number;
  /** First conversation opened → last one ended, ms. */
  wallMs: number;
  /** Server CPU (user + system) for the whole load, ms. */
  cpuMs: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  /** (peak RSS − RSS before) / count, KB. */
  kbPerRun: number;
  /** The server's longest event-loop stall during the load (bench/loop-probe.mjs), ms. */
  maxStallMs: number;
  p99DelayMs: number;
}

export interface CrowdForm {
  /** `spread`: opened evenly over `spreadMs`; `burst`: all at once. */
  form: 'spread' | 'burst';
  spreadMs: number;
  baseline: CrowdSide;
  flowdesk: CrowdSide;
}

export interface BenchResults {
  schema: number;
  meta: {
    startedAt: string;
    finishedAt: string;
    seconds: number;
    node: string;
    platform: string;
    cpus: number;
    pinning: string;
    quick: boolean;
    gitCommit: string | null;
    gitDirty: boolean | null;
    dataDirFs: string | null;
    config: Record<string, unknown>;
    /** 1-minute load average of the machine before and after the run (other work skews figures). */
    loadAverage: { before: number; after: number };
    errors: string[];
  };
  start: { baseline: StartFigures; flowdesk: StartFigures; flowdeskFresh: StartFigures } | null;
  memory: { baseline: { idleRssMb: number; peakRssMb: number }; flowdesk: { idleRssMb: number; peakRssMb: number } } | null;
  load: { durationSec: number; rounds: number; cells: LoadCell[] } | null;
  /** Queued runs (issue 15); null when not measured or PostgreSQL/Redis was absent. */
  queue: {
    runs: number;
    inProcessP50Ms: number;
    queuedP50Ms: number;
    addedP50Ms: number;
    providerDelayMs: number;
    workerConcurrency: number;
    seconds: number;
    oneWorkerRunsPerSec: number;
    twoWorkersRunsPerSec: number;
    scaling: number;
  } | null;
  relay: { tokens: number; delayMs: number; rounds: number; direct: RelaySide; flowdesk: RelaySide; addedTtftMs: number; addedPerTokenMs: number } | null;
  growth: {
    flows: number;
    messages: number;
    rounds: number;
    empty: { rps: number; p50: number; p99: number };
    grown: { rps: number; p50: number; p99: number };
    flowListP50Ms: number;
    flowListP99Ms: number;
    flowListBytes: number;
    startMs: number;
    startSamplesMs: number[];
    idleRssMb: number;
    log: { appendOnly: boolean; inodeSame: boolean; bytesBefore: number; bytesAfter: number; runs: number; bytesPerRun: number };
  } | null;
  crowd: { count: number; tokens: number; delayMs: number; rounds: number; forms: CrowdForm[] } | null;
  soak: { first: number; total: number; rssAfterFirstMb: number; rssAfterAllMb: number; growthPct: number; rps: number; storedMessages: number | null } | null;
  targets: TargetResult[];
}

export interface TargetResult {
  id: string;
  label: string;
  /** What was measured, as text (e.g. `0.62 × baseline (6,400 vs 10,300 req/s)`). */
  measured: string;
  limit: string;
  /** null: not measured in this run. */
  pass: boolean | null;
  /** The comparable number (a ratio or ms), null if not measured. */
  value: number | null;
}

const SECTIONS = ['start', 'memory', 'load', 'relay', 'crowd', 'growth', 'soak', 'queue'] as const;

/** Problems with a results object (empty when it has the expected shape). */
export function resultProblems(value: unknown): string[] {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null) return ['results: not an object'];
  const r = value as Record<string, unknown>;
  if (r.schema !== RESULTS_SCHEMA) problems.push(`schema: expected ${RESULTS_SCHEMA}, got ${String(r.schema)}`);
  const meta = r.meta as Record<string, unknown> | undefined;
  if (typeof meta !== 'object' || meta === null) problems.push('meta: missing');
  else {
    for (const key of ['startedAt', 'finishedAt', 'node', 'pinning'] as const) if (typeof meta[key] !== 'string') problems.push(`meta.${key}: not a string`);
    if (typeof meta.quick !== 'boolean') problems.push('meta.quick: not a boolean');
    if (!Array.isArray(meta.errors)) problems.push('meta.errors: not a list');
  }
  for (const key of SECTIONS) if (!(key in r)) problems.push(`${key}: missing (null when not measured)`);
  const load = r.load as { cells?: unknown } | null | undefined;
  if (load) {
    if (!Array.isArray(load.cells)) problems.push('load.cells: not a list');
    else
      load.cells.forEach((cell: Record<string, unknown>, i: number) => {
        if (cell.target !== 'flowdesk' && cell.target !== 'baseline') problems.push(`load.cells[${i}].target: ${String(cell.target)}`);
        if (cell.mode !== 'json' && cell.mode !== 'stream') problems.push(`load.cells[${i}].mode: ${String(cell.mode)}`);
        for (const k of ['connections', 'rps', 'p50', 'p99']) if (typeof cell[k] !== 'number' && cell[k] !== null) problems.push(`load.cells[${i}].${k}: not a number`);
        if (!Array.isArray(cell.rounds)) problems.push(`load.cells[${i}].rounds: not a list`);
      });
  }
  if (!Array.isArray(r.targets)) problems.push('targets: not a list');
  else
    r.targets.forEach((t: Record<string, unknown>, i: number) => {
      for (const k of ['id', 'label', 'measured', 'limit']) if (typeof t[k] !== 'string') problems.push(`targets[${i}].${k}: not a string`);
      if (t.pass !== true && t.pass !== false && t.pass !== null) problems.push(`targets[${i}].pass: not true/false/null`);
    });
  return problems;
}
