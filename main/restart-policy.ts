/** When to restart a crashed server: exponential backoff, reset after a stable run, bounded attempts. */
export interface RestartPolicy {
  /** Delay before the first restart. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failed or short-lived runs before giving up. */
  maxAttempts: number;
  /** A run at least this long counts as stable: the next crash starts the backoff over. */
  stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  maxAttempts: 8,
  stableAfterMs: 60_000,
};

/** The delay before restart number `attempt` (1-based): initial, doubled each time, capped. */
export function restartDelay(policy: RestartPolicy, attempt: number): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
}
