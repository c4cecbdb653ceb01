import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import type { AddressInfo } from 'net';
import type { Server } from 'http';
import { LogLine, recordingRootLoggerFactory } from './recordingLogger';

export interface CatalogUnderTest {
  /** Base URL of the catalog REST API, `http://127.0.0.1:PORT/api/catalog`. */
  catalogUrl: string;
  logs: LogLine[];
  stop(): Promise<void>;
}

export interface StartCatalogOptions {
  /**
   * Keeps the catalog's SQLite database in files under this folder instead of in memory, so a
   * second backend started on the same folder reads the first one's catalog, as after a restart.
   */
  databaseDirectory?: string;
  /** More backend features to install, such as a test module that watches the catalog's routes. */
  features?: BackendFeature[];
}

/**
 * Starts the real catalog backend (SQLite, the real scheduler) with this module and the given
 * config. Every log line is recorded, so tests can check what the provider logged.
 */
export async function startCatalog(config: JsonObject, options: StartCatalogOptions = {}): Promise<CatalogUnderTest> {
  const logs: LogLine[] = [];
  const database = options.databaseDirectory ? [databaseServiceFactory] : [];
  const backendConfig = options.databaseDirectory
    ? { ...config, backend: { ...(config.backend as JsonObject), database: { client: 'better-sqlite3', connection: { directory: options.databaseDirectory } } } }
    : config;
  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-catalog-backend'),
      import('../../src'),
      mockServices.rootConfig.factory({ data: backendConfig }),
      recordingRootLoggerFactory(logs),
      schedulerServiceFactory,
      ...database,
      ...(options.features ?? []),
    ],
  });

  const address = (backend.server as Server).address() as AddressInfo;
  return {
    catalogUrl: `http://127.0.0.1:${address.port}/api/catalog`,
    logs,
    stop: () => backend.stop(),
  };
}
