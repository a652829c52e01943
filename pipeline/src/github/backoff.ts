// Jittered exponential backoff for retrying a push when the remote moved. The jitter comes from a
// random source passed in (seeded in tests, Math.random in real runs), so concurrent publishers
// spread out instead of retrying in lock step.
//
//   const delayMs = backoffDelayMs(attempt, { baseMs: 500, maxMs: 10_000 }, Math.random);

export interface BackoffPolicy {
  /** Delay scale of the first retry, in milliseconds. */
  baseMs: number;
  /** Upper bound of any one delay, in milliseconds. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({ baseMs: 500, maxMs: 10_000 });

/** Delay before retry number `attempt` (1-based): uniform in [0.5, 1.5) × base × 2^(attempt-1), capped. */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const scale = policy.baseMs * 2 ** Math.max(0, attempt - 1);
  return Math.round(Math.min(policy.maxMs, scale * (0.5 + random())));
}

/** Resolve after `ms` milliseconds (the real wait between retries; never used as test synchronisation). */
export function waitMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
