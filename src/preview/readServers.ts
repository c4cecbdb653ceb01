import { setMaxListeners } from 'events';
import pLimit from 'p-limit';
import type { IisProviderConfig } from '../config';
import { readDeadlineMs } from '../provider/deadline';
import { failureKind } from '../provider/failureKind';
import type { ServerResult } from '../provider/planMutation';
import { describeError } from '../provider/runSummary';
import { createServerSource, ServerSource, ServerSourceDeps } from '../provider/sources';

/** One server read by the preview: the provider's result plus where it was read from. */
export interface PreviewServerResult extends ServerResult {
  source: 'api' | 'file';
  /** The API base URL or the file's path or URL; never contains the token. */
  location: string;
}

/**
 * Reads every server of one provider once, as `IisEntityProvider.refresh()` does: the same
 * sources, `concurrency` servers at a time, and the same deadline of 80% of the schedule's
 * timeout, after which servers still being read count as failed. Never rejects for a server
 * that fails: its result carries the failure instead.
 *
 * NOTE: this repeats the provider's private `readAll`/`readOne` loop, because the provider does
 * not export it; keep both in step until they share one function.
 */
export async function readProviderServers(
  config: IisProviderConfig,
  deps: ServerSourceDeps,
  onServerDone?: (result: PreviewServerResult) => void,
): Promise<PreviewServerResult[]> {
  const sources = config.servers.map(server => ({
    source: createServerSource(server, deps),
    kind: server.api ? ('api' as const) : ('file' as const),
  }));
  const deadlineMs = readDeadlineMs(config.schedule);
  const controller = new AbortController();
  // Every read in flight listens to the signal, so more than Node's default of 10 is expected.
  setMaxListeners(config.concurrency + 10, controller.signal);
  const timer = setTimeout(
    () => controller.abort(new Error(`the run's read deadline of ${Math.round(deadlineMs / 1000)} s passed`)),
    deadlineMs,
  );
  try {
    const limit = pLimit(config.concurrency);
    return await Promise.all(
      sources.map(({ source, kind }) =>
        limit(async () => {
          const result: PreviewServerResult = {
            ...(await readOne(source, controller.signal)),
            source: kind,
            location: source.location,
          };
          onServerDone?.(result);
          return result;
        }),
      ),
    );
  } finally {
    clearTimeout(timer);
    for (const { source } of sources) {
      source.close();
    }
  }
}

async function readOne(source: ServerSource, signal: AbortSignal): Promise<ServerResult> {
  if (signal.aborted) {
    return { host: source.host, failure: { kind: 'cancelled', message: describeError(signal.reason) } };
  }
  try {
    return { host: source.host, reading: await source.read(signal) };
  } catch (error) {
    return { host: source.host, failure: { kind: failureKind(error), message: describeError(error) } };
  }
}
