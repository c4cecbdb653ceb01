import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint, catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogExistingEntities } from './provider/existingEntities';
import { IisEntityProvider } from './provider/IisEntityProvider';

/**
 * The catalog backend module that discovers IIS servers, application pools and sites.
 *
 * Reads `catalog.providers.iis` and registers one scheduled entity provider per entry.
 */
export const catalogModuleIis = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'iis',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
        lifecycle: coreServices.lifecycle,
        auth: coreServices.auth,
        catalogService: catalogServiceRef,
      },
      async init({ catalog, config, logger, scheduler, urlReader, lifecycle, auth, catalogService }) {
        const existingEntities = catalogExistingEntities(catalogService, auth);
        const providers = IisEntityProvider.fromConfig(config, { logger, scheduler, urlReader, existingEntities });
        if (providers.length === 0) {
          logger.info('No IIS providers configured: add servers under catalog.providers.iis to discover IIS sites');
          return;
        }
        catalog.addEntityProvider(providers);
        lifecycle.addShutdownHook(() => providers.forEach(provider => provider.close()));
      },
    });
  },
});
