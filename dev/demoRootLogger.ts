import path from 'path';
import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { createConfigSecretEnumerator } from '@backstage/backend-defaults/rootConfig';
import { WinstonLogger } from '@backstage/backend-defaults/rootLogger';
import { loadConfigSchema } from '@backstage/config-loader';

/**
 * The demo's root logger: Backstage's own, with secrets from this package's config.d.ts redacted.
 *
 * Backstage finds config schemas through the app's dependencies. The demo runs inside this package,
 * which is nobody's dependency, so the schema is loaded from its package.json path instead.
 */
export const demoRootLoggerFactory = createServiceFactory({
  service: coreServices.rootLogger,
  deps: { config: coreServices.rootConfig },
  async factory({ config }) {
    const logger = WinstonLogger.create({ meta: { service: 'backstage' } });
    const schema = await loadConfigSchema({
      dependencies: ['@backstage/backend-defaults', '@backstage/plugin-catalog-backend'],
      packagePaths: [path.resolve(__dirname, '..', 'package.json')],
      onSchemaError: error => logger.warn(`Config schema error: ${error.message}`),
    });
    const enumerateSecrets = await createConfigSecretEnumerator({ logger, schema });
    logger.addRedactions(enumerateSecrets(config));
    return logger;
  },
});
