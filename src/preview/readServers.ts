import type { IisProviderConfig } from '../config';
import { readDeadlineMs } from '../provider/deadline';
import type { ServerResult } from '../provider/planMutation';
import { readServers } from '../provider/readServers';
import { createServerSource, ServerSourceDeps } from '../provider/sources';

/** One server read by the preview: the provider's result plus where it was read from. */
export interface PreviewServerResult extends ServerResult {
  source: 'api' | 'file';
  /** The API base URL or the file's path or URL; never contains the token. */
  location: string;
}

/**
 * Reads every server of one provider once, through the provider's own `readServers`: the same
 * sources, `concurrency` servers at a time, and the same deadline of 80% of the schedule's
 * timeout. Never rejects for a server that fails: its result carries the failure instead.
 */
export async function readProviderServers(
  config: IisProviderConfig,
  deps: ServerSourceDeps,
  onServerDone?: (result: PreviewServerResult) => void,
): Promise<PreviewServerResult[]> {
  const sources = config.servers.map(server => createServerSource(server, deps));
  const kinds = new Map(sources.map((source, index) => [source, config.servers[index].api ? ('api' as const) : ('file' as const)]));
  const details = new Map<string, PreviewServerResult>();
  try {
    const results = await readServers(sources, {
      concurrency: config.concurrency,
      deadlineMs: readDeadlineMs(config.schedule),
      onResult: (source, result) => {
        const detailed: PreviewServerResult = { ...result, source: kinds.get(source)!, location: source.location };
        details.set(source.host, detailed);
        onServerDone?.(detailed);
      },
    });
    return results.map(result => details.get(result.host)!);
  } finally {
    for (const source of sources) {
      source.close();
    }
  }
}
