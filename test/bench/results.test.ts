import { describe, expect, it } from 'vitest';
import { markdownTable, renderMarkdown, renderText, textTable, toJson } from '../../bench/report.js';
import { RESULTS_SCHEMA, resultProblems, type BenchResults, type LoadCell } from '../../bench/results.js';
import { evaluateTargets, LIMITS } from '../../bench/targets.js';

function loadCell(target: LoadCell['target'], mode: LoadCell['mode'], connections: number, rps: number, p99: number): LoadCell {
  const round = { round: 0, rps, p50: p99 / 3, p99, ok: rps * 5, non2xx: 0, errors: 0, timeouts: 0, peakRssMb: 80, serverCpuPct: 99, loadCpuPct: 60 };
  return { target, mode, connections, rounds: [round], rps, p50: p99 / 3, p99, peakRssMb: 80, serverCpuPct: 99, loadCpuPct: 60 };
}

/** A complete results object with made-up figures. */
export function sampleResults(overrides: Partial<BenchResults> = {}): BenchResults {
  const start = (ms: number) => ({ samplesMs: [ms, ms + 10, ms - 10], medianMs: ms, bannerMedianMs: ms - 5, idleRssMb: 60 });
  const r: BenchResults = {
    schema: RESULTS_SCHEMA,
    meta: {
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:10:00.000Z',
      seconds: 600,
      node: 'v20.20.2',
      platform: 'linux x64',
      cpus: 2,
      pinning: 'servers on core 0, load generator on core 1 (taskset)',
      quick: false,
      gitCommit: 'abc1234',
      gitDirty: false,
      dataDirFs: 'ext4 on /dev/vda',
      config: {},
      loadAverage: { before: 0.1, after: 0.2 },
      errors: [],
    },
    start: { baseline: start(200), flowdesk: start(260), flowdeskFresh: start(280) },
    memory: { baseline: { idleRssMb: 64, peakRssMb: 80 }, flowdesk: { idleRssMb: 70, peakRssMb: 120 } },
    load: {
      durationSec: 5,
      rounds: 3,
      cells: [loadCell('baseline', 'json', 10, 16000, 4), loadCell('flowdesk', 'json', 10, 12800, 6), loadCell('flowdesk', 'stream', 10, 11000, 7)],
    },
    relay: {
      tokens: 300,
      delayMs: 2,
      rounds: 5,
      direct: { ttftMs: 0.7, providerReachedMs: 0.5, tokenLatencyP50Ms: 0.06, tokenLatencyP99Ms: 0.2, gapP50Ms: 2.1, tokensPerStream: 300 },
      flowdesk: { ttftMs: 3.7, providerReachedMs: 3.2, tokenLatencyP50Ms: 0.26, tokenLatencyP99Ms: 1.2, gapP50Ms: 2.1, tokensPerStream: 300 },
      addedTtftMs: 3,
      addedPerTokenMs: 0.2,
    },
    crowd: null,
    growth: {
      flows: 1000,
      messages: 100000,
      rounds: 3,
      empty: { rps: 12000, p50: 1, p99: 6 },
      grown: { rps: 11500, p50: 1, p99: 6.5 },
      flowListP50Ms: 12,
      flowListP99Ms: 20,
      flowListBytes: 1_000_000,
      startMs: 700,
      startSamplesMs: [700],
      idleRssMb: 150,
      log: { appendOnly: true, inodeSame: true, bytesBefore: 1000, bytesAfter: 5000, runs: 4, bytesPerRun: 1000 },
    },
    soak: { first: 1000, total: 100000, rssAfterFirstMb: 100, rssAfterAllMb: 105, growthPct: 5, rps: 12000, storedMessages: 200000 },
    queue: { runs: 500, inProcessP50Ms: 1.2, queuedP50Ms: 2.5, addedP50Ms: 1.3, providerDelayMs: 200, workerConcurrency: 4, seconds: 10, oneWorkerRunsPerSec: 19.5, twoWorkersRunsPerSec: 38.2, scaling: 1.96 },
    targets: [],
    ...overrides,
  };
  r.targets = evaluateTargets(r);
  return r;
}

describe('issue 7 targets', () => {
  it('passes every target on figures inside the limits', () => {
    const targets = sampleResults().targets;
    expect(targets.map((t) => t.id)).toEqual([
      'run-rps-10',
      'run-p99-10',
      'run-rps-vs-node-red',
      'start',
      'idle-rss',
      'stream-ttft',
      'stream-per-token',
      'growth-rps',
      'growth-flow-list',
      'growth-start',
      'growth-append-only',
      'soak-rss',
      'queue-overhead',
      'queue-scaling',
    ]);
    expect(targets.filter((t) => t.pass !== true)).toEqual([]);
    expect(targets.find((t) => t.id === 'run-rps-10')?.value).toBeCloseTo(0.8);
  });

  it('misses a target just outside its limit', () => {
    const base = sampleResults();
    const slow = sampleResults({ load: { ...base.load!, cells: base.load!.cells.map((c) => (c.target === 'flowdesk' ? { ...c, rps: 16000 * (LIMITS.rpsVsBaseline - 0.01) } : c)) } });
    expect(slow.targets.find((t) => t.id === 'run-rps-10')?.pass).toBe(false);
    const grew = sampleResults({ soak: { ...base.soak!, growthPct: 10.5 } });
    expect(grew.targets.find((t) => t.id === 'soak-rss')?.pass).toBe(false);
    const replaced = sampleResults({ growth: { ...base.growth!, log: { ...base.growth!.log, inodeSame: false, appendOnly: false } } });
    expect(replaced.targets.find((t) => t.id === 'growth-append-only')?.pass).toBe(false);
  });

  it('marks targets of phases that did not run as not measured (null), not as misses', () => {
    const partial = sampleResults({ relay: null, growth: null, soak: null, start: null, memory: null });
    for (const id of ['stream-ttft', 'stream-per-token', 'growth-rps', 'growth-flow-list', 'growth-start', 'growth-append-only', 'soak-rss', 'start', 'idle-rss']) {
      expect(partial.targets.find((t) => t.id === id)?.pass, id).toBeNull();
    }
    expect(partial.targets.find((t) => t.id === 'run-rps-10')?.pass).toBe(true);
  });
});

describe('the results file', () => {
  it('has the checked shape after a JSON round trip, NaN turned into null', () => {
    const r = sampleResults();
    r.load!.cells[0]!.p99 = NaN;
    const parsed = JSON.parse(toJson(r)) as { load: { cells: { p99: unknown }[] } };
    expect(resultProblems(parsed)).toEqual([]);
    expect(parsed.load.cells[0]?.p99).toBeNull();
  });

  it('accepts null sections for phases that did not run', () => {
    expect(resultProblems(JSON.parse(toJson(sampleResults({ relay: null, growth: null, soak: null }))))).toEqual([]);
  });

  it('reports what is wrong with a malformed file', () => {
    expect(resultProblems(null)).toEqual(['results: not an object']);
    const broken = JSON.parse(toJson(sampleResults())) as Record<string, unknown>;
    delete broken.relay;
    (broken.targets as Record<string, unknown>[])[0]!.pass = 'yes';
    (broken.load as { cells: Record<string, unknown>[] }).cells[0]!.target = 'nginx';
    expect(resultProblems(broken)).toEqual(
      expect.arrayContaining(['relay: missing (null when not measured)', 'targets[0].pass: not true/false/null', 'load.cells[0].target: nginx']),
    );
  });
});

describe('the printed and Markdown reports', () => {
  it('prints every section with PASS/MISS per target', () => {
    const text = renderText(sampleResults());
    for (const title of ['Start and memory', 'POST /api/v1/run', 'Streaming relay', 'Growth', 'Memory over many runs', 'Queued runs', "Issue 7's targets"]) expect(text).toContain(title);
    expect(text.match(/PASS/g)).toHaveLength(14);
    expect(text).toContain('0.80 ×');
  });

  it('writes Markdown tables with the command that produced them', () => {
    const md = renderMarkdown(sampleResults(), 'BENCH_QUICK=1 npm run bench');
    expect(md).toContain('Command: `BENCH_QUICK=1 npm run bench`');
    expect(md).toMatch(/^\| target \| measured \| limit \| result \|$/m);
  });

  it('aligns plain-text columns and escapes pipes in Markdown', () => {
    expect(textTable(['a', 'n'], [['x', '1'], ['longer', '1,000']]).split('\n')).toEqual(['a       n', '------  -----', 'x           1', 'longer  1,000']);
    expect(markdownTable(['a|b'], [['c']])).toBe('| a\\|b |\n|---|\n| c |');
  });
});
