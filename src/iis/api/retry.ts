import { IisApiError } from './IisApiError';

/** Largest value of `retries`: with exponential backoff, more attempts only delay the failure. */
export const MAX_RETRIES = 10;

/** Upper bound of one wait between retries, and of `retryBaseDelayMs`, in milliseconds. */
export const MAX_RETRY_DELAY_MS = 30_000;

/** Statuses that gateways and the service send for failures that often pass. */
const TRANSIENT_STATUSES = new Set([502, 503, 504]);

/**
 * Returns whether a failed request may succeed when sent again: after a connection closed before
 * the response was complete (reset, socket hang up) or HTTP 502, 503 or 504. Timeouts are not
 * retried, so a server that hangs costs one timeout per request instead of one per attempt. 4xx
 * responses, TLS failures and malformed bodies fail the same way again, so they are not retried.
 */
export function isRetryable(error: IisApiError): boolean {
  if (error.kind === 'reset') {
    return true;
  }
  return error.kind === 'http-5xx' && error.status !== undefined && TRANSIENT_STATUSES.has(error.status);
}

/**
 * Returns the wait before retry number `retry` (1 for the first) with exponential backoff and
 * full jitter: a uniformly random time between 0 and min(30 s, baseMs * 2^(retry-1)).
 * `random` returns a number in [0, 1), as Math.random does.
 */
export function retryDelayMs(retry: number, baseMs: number, random: () => number = Math.random): number {
  const window = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** (retry - 1));
  return Math.floor(random() * window);
}

/**
 * Waits `ms` milliseconds. Rejects with `onAbort()` as soon as `signal` aborts, also when it
 * already has.
 */
export function waitForRetry(ms: number, signal: AbortSignal | undefined, onAbort: () => Error): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(onAbort());
      return;
    }
    const abort = () => {
      clearTimeout(timer);
      reject(onAbort());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', abort, { once: true });
  });
}
