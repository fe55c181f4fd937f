/** What a check returns once it holds. */
export type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

export interface EventuallyOptions {
  /** Gives up after this long (default 5 s). */
  timeoutMs?: number;
  /** Checks this often (default 25 ms). */
  intervalMs?: number;
  /** Named in the timeout error: "Timed out after 5000 ms waiting for <what>". */
  what?: string;
}

/**
 * Calls `check` until it returns a truthy value, and resolves with that value. A check that throws
 * (an `expect`, say) counts as not yet; the timeout error carries the last such failure. For a
 * condition the test can see but cannot subscribe to: never a fixed sleep.
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 5000, intervalMs = 25, what = 'a condition' }: EventuallyOptions = {},
): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as Truthy<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
