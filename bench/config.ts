/** The bench's settings, from the environment (see bench/README.md). */
import os from 'node:os';

export const PHASES = ['start', 'load', 'relay', 'crowd', 'growth', 'soak', 'queue'] as const;
export const CROWD_FORMS = ['spread', 'burst'] as const;
export type CrowdFormName = (typeof CROWD_FORMS)[number];
export type Phase = (typeof PHASES)[number];

export interface BenchConfig {
  quick: boolean;
  /** Seconds per load cell. */
  durationSec: number;
  /** Interleaved rounds of the load matrix (and of the growth comparison). */
  rounds: number;
  /** Rounds of spawn → first /health 200. */
  startRounds: number;
  connections: number[];
  relayRounds: number;
  tokens: number;
  tokenDelayMs: number;
  /** Many slow conversations: how many, the provider's answer, the spread of the `spread` form, rounds, forms. */
  crowdCount: number;
  crowdTokens: number;
  crowdTokenDelayMs: number;
  crowdSpreadMs: number;
  crowdRounds: number;
  crowdForms: CrowdFormName[];
  growthFlows: number;
  growthMessages: number;
  /** Requests timed for the flow-list latency. */
  flowListRequests: number;
  soakFirst: number;
  soakRuns: number;
  /** Pause before reading idle RSS, ms. */
  idlePauseMs: number;
  phases: Phase[];
  cpuProf: boolean;
  noPin: boolean;
  tmpDir: string;
}

type Env = Record<string, string | undefined>;

function truthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

function num(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min}, got ${JSON.stringify(raw)}`);
  return value;
}

export function parseList(raw: string): number[] {
  const values = raw.split(',').map((s) => Number(s.trim()));
  if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < 1)) throw new Error(`BENCH_CONNECTIONS must be a comma list of positive integers, got ${JSON.stringify(raw)}`);
  return values;
}

export function parsePhases(raw: string | undefined): Phase[] {
  if (raw === undefined || raw.trim() === '') return [...PHASES];
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) if (!(PHASES as readonly string[]).includes(name)) throw new Error(`BENCH_ONLY: unknown phase ${name} (phases: ${PHASES.join(', ')})`);
  return PHASES.filter((p) => names.includes(p));
}

export function parseCrowdForms(raw: string | undefined): CrowdFormName[] {
  if (raw === undefined || raw.trim() === '') return [...CROWD_FORMS];
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) if (!(CROWD_FORMS as readonly string[]).includes(name)) throw new Error(`BENCH_CROWD_FORMS: unknown form ${name} (forms: ${CROWD_FORMS.join(', ')})`);
  return CROWD_FORMS.filter((f) => names.includes(f));
}

export function loadConfig(env: Env = process.env): BenchConfig {
  const quick = truthy(env.BENCH_QUICK);
  const connections = env.BENCH_CONNECTIONS ? parseList(env.BENCH_CONNECTIONS) : [1, 10, 64];
  if (!connections.includes(10)) connections.push(10);
  return {
    quick,
    durationSec: num(env, 'BENCH_DURATION', quick ? 1 : 5, 0.2),
    rounds: Math.round(num(env, 'BENCH_ROUNDS', quick ? 2 : 3, 1)),
    startRounds: Math.round(num(env, 'BENCH_START_ROUNDS', quick ? 3 : 7, 1)),
    connections: connections.sort((a, b) => a - b),
    relayRounds: Math.round(num(env, 'BENCH_RELAY_ROUNDS', quick ? 3 : 7, 1)),
    tokens: Math.round(num(env, 'BENCH_TOKENS', quick ? 100 : 300, 2)),
    tokenDelayMs: num(env, 'BENCH_TOKEN_DELAY_MS', 2, 0),
    crowdCount: Math.round(num(env, 'BENCH_CROWD', quick ? 300 : 2000, 1)),
    crowdTokens: Math.round(num(env, 'BENCH_CROWD_TOKENS', 50, 1)),
    crowdTokenDelayMs: num(env, 'BENCH_CROWD_TOKEN_DELAY_MS', quick ? 40 : 100, 0),
    crowdSpreadMs: num(env, 'BENCH_CROWD_SPREAD_MS', 1000, 1),
    crowdRounds: Math.round(num(env, 'BENCH_CROWD_ROUNDS', 1, 1)),
    crowdForms: parseCrowdForms(env.BENCH_CROWD_FORMS),
    growthFlows: Math.round(num(env, 'BENCH_GROWTH_FLOWS', quick ? 200 : 1000, 0)),
    growthMessages: Math.round(num(env, 'BENCH_GROWTH_MESSAGES', quick ? 20_000 : 100_000, 0)),
    flowListRequests: Math.round(num(env, 'BENCH_FLOW_LIST_REQUESTS', quick ? 50 : 200, 1)),
    soakFirst: Math.round(num(env, 'BENCH_SOAK_FIRST', 1000, 1)),
    soakRuns: Math.round(num(env, 'BENCH_SOAK_RUNS', quick ? 10_000 : 100_000, 1)),
    idlePauseMs: num(env, 'BENCH_IDLE_PAUSE_MS', quick ? 1000 : 3000, 0),
    phases: parsePhases(env.BENCH_ONLY),
    cpuProf: truthy(env.BENCH_CPU_PROF),
    noPin: truthy(env.BENCH_NO_PIN),
    tmpDir: env.BENCH_TMPDIR || os.tmpdir(),
  };
}
