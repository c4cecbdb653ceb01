import type { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { IisProviderConfig } from '../config';

type UrlReadersModule = typeof import('@backstage/backend-defaults/urlReader');

/** The package that provides Backstage's URL readers; every backend built on the new backend system has it. */
const URL_READERS_PACKAGE = '@backstage/backend-defaults/urlReader';

export interface UrlReaderSetup {
  urlReader?: UrlReaderService;
  /** The reason URL sources cannot be read, when some are configured but no reader could be made. */
  problem?: string;
}

/**
 * Creates the backend's own URL reader (`UrlReaders.default`) from the config, so
 * `applicationHostConfig` URLs are read with the same `backend.reading.allow` and integrations
 * as in the backend. It is loaded only when some server has such a URL. It comes from
 * `@backstage/backend-defaults`, which this package does not depend on, so without that package
 * those servers fail and `problem` explains why.
 */
export function setUpUrlReader(config: Config, logger: LoggerService, providers: IisProviderConfig[]): UrlReaderSetup {
  const needsUrls = providers.some(provider =>
    provider.servers.some(server => /^https?:\/\//i.test(server.applicationHostConfig ?? '')),
  );
  if (!needsUrls) {
    return {};
  }
  let module: UrlReadersModule;
  try {
    module = require(URL_READERS_PACKAGE) as UrlReadersModule;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') {
      throw error;
    }
    return {
      problem:
        `applicationHost.config URLs cannot be read, because ${URL_READERS_PACKAGE} is not installed: ` +
        'run the preview from your Backstage backend package, which has it',
    };
  }
  return { urlReader: module.UrlReaders.default({ config, logger }) };
}
