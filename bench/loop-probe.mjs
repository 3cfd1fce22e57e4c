/**
 * Event-loop stall probe, preloaded into a server the bench starts (`node --import
 * ./bench/loop-probe.mjs …`): the same probe in Flowdesk and in the baselines, so their stalls
 * compare. A 5 ms interval timer measures its own drift: the longest gap between two of its ticks
 * beyond the 5 ms asked is the longest time the event loop did not get round to timers (a stall).
 * perf_hooks' monitorEventLoopDelay runs alongside for the delay distribution (p99).
 *
 * On SIGUSR2 the probe writes one line to stderr, `loop-probe {"maxStallMs":…,"maxStallEndUs":…,
 * "p99DelayMs":…,"maxDelayMs":…,"samples":…}`, about the time since the previous report (or the
 * start), and starts over. `maxStallEndUs` (process.hrtime in µs, the clock of a `--cpu-prof`
 * profile's timestamps) finds the stall in a profile. The
 * timer is unref'd: the probe never keeps a process alive.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const INTERVAL_MS = 5;
const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
let last = performance.now();
let maxStallMs = 0;
/** process.hrtime at the end of the longest stall, µs (the clock of `--cpu-prof` profiles). */
let maxStallEndUs = 0;
let samples = 0;

const timer = setInterval(() => {
  const now = performance.now();
  const stall = now - last - INTERVAL_MS;
  if (stall > maxStallMs) {
    maxStallMs = stall;
    maxStallEndUs = Number(process.hrtime.bigint() / 1000n);
  }
  samples++;
  last = now;
}, INTERVAL_MS);
timer.unref();

process.on('SIGUSR2', () => {
  // The time since the last tick counts too (a stall still going on when asked).
  const pending = performance.now() - last - INTERVAL_MS;
  const report = {
    maxStallMs: Math.max(maxStallMs, pending, 0),
    maxStallEndUs,
    p99DelayMs: histogram.count > 0 ? histogram.percentile(99) / 1e6 : 0,
    maxDelayMs: histogram.count > 0 ? histogram.max / 1e6 : 0,
    samples,
  };
  process.stderr.write(`loop-probe ${JSON.stringify(report)}\n`);
  histogram.reset();
  maxStallMs = 0;
  maxStallEndUs = 0;
  samples = 0;
  last = performance.now();
});
