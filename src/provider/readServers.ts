import { setMaxListeners } from 'events';
import pLimit from 'p-limit';
import { failureKind } from './failureKind';
import type { ServerResult } from './planMutation';
import { describeError } from './runSummary';
import type { ServerSource } from './sources';

/**
 * Reads every source once, `concurrency` at a time, with one deadline for all: reads still
 * running when it passes are cancelled and count as failed. Never rejects for a server that fails:
 * its result carries the failure. The provider and the preview command both read through this.
 */
export async function readServers(
  sources: ServerSource[],
  options: { concurrency: number; deadlineMs: number; onResult?: (source: ServerSource, result: ServerResult) => void },
): Promise<ServerResult[]> {
  const controller = new AbortController();
  // Every read in flight listens to the signal, so more than Node's default of 10 is expected.
  setMaxListeners(options.concurrency + 10, controller.signal);
  const timer = setTimeout(
    () => controller.abort(new Error(`the run's read deadline of ${Math.round(options.deadlineMs / 1000)} s passed`)),
    options.deadlineMs,
  );
  try {
    const limit = pLimit(options.concurrency);
    return await Promise.all(
      sources.map(source =>
        limit(async () => {
          const result = await readServer(source, controller.signal);
          options.onResult?.(source, result);
          return result;
        }),
      ),
    );
  } finally {
    clearTimeout(timer);
  }
}

/** Reads one source, turning a failure into a result with a stable kind and the message. */
export async function readServer(source: ServerSource, signal: AbortSignal): Promise<ServerResult> {
  if (signal.aborted) {
    return { host: source.host, failure: { kind: 'cancelled', message: describeError(signal.reason) } };
  }
  try {
    return { host: source.host, reading: await source.read(signal) };
  } catch (error) {
    return { host: source.host, failure: { kind: failureKind(error), message: describeError(error) } };
  }
}
