import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import type { AddressInfo } from 'net';
import type { Server } from 'http';
import { LogLine, recordingRootLoggerFactory } from './recordingLogger';

export interface CatalogUnderTest {
  /** Base URL of the catalog REST API, `http://127.0.0.1:PORT/api/catalog`. */
  catalogUrl: string;
  logs: LogLine[];
  stop(): Promise<void>;
}

/**
 * Starts the real catalog backend (SQLite in memory, the real scheduler) with this module and the
 * given config. Every log line is recorded, so tests can check what the provider said.
 */
export async function startCatalog(config: JsonObject): Promise<CatalogUnderTest> {
  const logs: LogLine[] = [];
  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-catalog-backend'),
      import('../../src'),
      mockServices.rootConfig.factory({ data: config }),
      recordingRootLoggerFactory(logs),
      schedulerServiceFactory,
    ],
  });

  const address = (backend.server as Server).address() as AddressInfo;
  return {
    catalogUrl: `http://127.0.0.1:${address.port}/api/catalog`,
    logs,
    stop: () => backend.stop(),
  };
}
