import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import type { Server } from 'http';
import type { AddressInfo } from 'net';
import { LogLine, recordingRootLoggerFactory } from '../support/recordingLogger';

/** One provider run, seen through the summary line that a replica logged at its end. */
export interface ObservedRun {
  replica: string;
  message: string;
  /** `Date.now()` when the line was logged. */
  loggedAt: number;
  /** The simulator's request count for all servers when the line was logged. */
  requestsSoFar: number;
}

export interface Replica {
  name: string;
  /** Base URL of this replica's catalog REST API, `http://127.0.0.1:PORT/api/catalog`. */
  catalogUrl: string;
  logs: LogLine[];
  stop(): Promise<void>;
}

/** Tests for the provider's run summary line, `Read <n> of <m> IIS servers ...`, logged once per run. */
export function isRunSummary(message: string): boolean {
  return /^Read \d+ of \d+ IIS servers/.test(message);
}

/**
 * Starts one backend replica: the real catalog backend with this module, the real scheduler and
 * the real database service, which reads its PostgreSQL connection from `config`.
 *
 * Each summary line is appended to `runs` when the provider logs it. The recording logger pushes
 * lines synchronously, so `countRequests()` at that moment covers exactly the requests sent so
 * far.
 */
export async function startReplica(options: {
  name: string;
  config: JsonObject;
  runs: ObservedRun[];
  countRequests: () => number;
}): Promise<Replica> {
  const { name, config, runs, countRequests } = options;
  const logs: LogLine[] = [];
  const append = logs.push.bind(logs);
  logs.push = (...lines: LogLine[]) => {
    for (const line of lines) {
      if (isRunSummary(line.message)) {
        runs.push({ replica: name, message: line.message, loggedAt: Date.now(), requestsSoFar: countRequests() });
      }
    }
    return append(...lines);
  };

  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-catalog-backend'),
      import('../../src'),
      mockServices.rootConfig.factory({ data: config }),
      recordingRootLoggerFactory(logs),
      schedulerServiceFactory,
      databaseServiceFactory,
    ],
  });

  const address = (backend.server as Server).address() as AddressInfo;
  return {
    name,
    catalogUrl: `http://127.0.0.1:${address.port}/api/catalog`,
    logs,
    stop: () => backend.stop(),
  };
}
