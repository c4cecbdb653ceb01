import { describe, expect, it } from 'vitest';
import { IisApiError, IisApiErrorKind } from './IisApiError';
import { describeAbortReason } from './cancellation';
import { isRetryable, MAX_RETRY_DELAY_MS, retryDelayMs, waitForRetry } from './retry';

function apiError(kind: IisApiErrorKind, status?: number): IisApiError {
  return new IisApiError('failed', { kind, host: 'web01', url: 'https://web01:55539/api', status });
}

describe('retryDelayMs', () => {
  it('doubles the window with each retry', () => {
    const almostOne = () => 0.9999;

    expect(retryDelayMs(1, 100, almostOne)).toBe(99);
    expect(retryDelayMs(2, 100, almostOne)).toBe(199);
    expect(retryDelayMs(3, 100, almostOne)).toBe(399);
  });

  it('draws the whole window', () => {
    expect(retryDelayMs(3, 100, () => 0)).toBe(0);
    expect(retryDelayMs(3, 100, () => 0.5)).toBe(200);
  });

  it('caps the window at 30 s', () => {
    expect(retryDelayMs(10, 30_000, () => 0.9999)).toBe(MAX_RETRY_DELAY_MS - 3);
    expect(retryDelayMs(40, 250, () => 0.5)).toBe(MAX_RETRY_DELAY_MS / 2);
  });

  it('stays in the window with Math.random', () => {
    for (let i = 0; i < 100; i += 1) {
      const delay = retryDelayMs(2, 250);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(500);
    }
  });
});

describe('isRetryable', () => {
  it.each<[IisApiErrorKind, number | undefined, boolean]>([
    ['reset', undefined, true],
    ['http-5xx', 502, true],
    ['http-5xx', 503, true],
    ['http-5xx', 504, true],
    ['http-5xx', 500, false],
    ['http-5xx', 501, false],
    ['timeout', undefined, false],
    ['refused', undefined, false],
    ['tls', undefined, false],
    ['certificate-fingerprint', undefined, false],
    ['access-token', 403, false],
    ['windows-authentication', 401, false],
    ['not-found', 404, false],
    ['invalid-json', 200, false],
    ['html-body', 200, false],
    ['body-too-large', 200, false],
    ['cancelled', undefined, false],
  ])('returns for %s %s: %s', (kind, status, expected) => {
    expect(isRetryable(apiError(kind, status))).toBe(expected);
  });
});

describe('waitForRetry', () => {
  const cancelled = () => new Error('cancelled');

  it('resolves after the wait', async () => {
    const startedAt = Date.now();

    await waitForRetry(30, new AbortController().signal, cancelled);

    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(25);
  });

  it('rejects at once for an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();

    await expect(waitForRetry(60_000, controller.signal, cancelled)).rejects.toThrow('cancelled');
  });

  it('rejects when the signal aborts during the wait', async () => {
    const controller = new AbortController();
    const startedAt = Date.now();
    setTimeout(() => controller.abort(), 20);

    await expect(waitForRetry(60_000, controller.signal, cancelled)).rejects.toThrow('cancelled');
    expect(Date.now() - startedAt).toBeLessThan(1000);
  });
});

describe('describeAbortReason', () => {
  it('uses the message of an Error', () => {
    expect(describeAbortReason(new Error("the run's read deadline of 480 s passed"))).toBe("the run's read deadline of 480 s passed");
  });

  it('uses a string as it is', () => {
    expect(describeAbortReason(' shutting down ')).toBe('shutting down');
  });

  it('names the caller for the default reason', () => {
    const controller = new AbortController();
    controller.abort();

    expect(describeAbortReason(controller.signal.reason)).toBe('the caller aborted the read');
    expect(describeAbortReason(undefined)).toBe('the caller aborted the read');
  });
});
