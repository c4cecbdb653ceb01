import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint, catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogExistingEntities } from './provider/existingEntities';
import { RefreshCoordinator } from './refresh/RefreshCoordinator';
import { createRefreshObserver } from './refresh/refreshRoute';
import { IisEntityProvider } from './provider/IisEntityProvider';
import { ClaimSettings } from './claims/claimSettings';
import { IisClaimProcessor } from './claims/IisClaimProcessor';
import { catalogServerLookup } from './claims/serverLookup';

/**
 * The catalog backend module that discovers IIS servers, application pools and sites.
 *
 * Reads `catalog.providers.iis` and registers one scheduled entity provider per entry, a processor
 * that enriches entities claiming IIS sites with `iis.net/site`, and has a catalog refresh of an
 * IIS entity or a claiming entity re-read the servers concerned.
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
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ catalog, config, logger, scheduler, urlReader, lifecycle, auth, catalogService, httpRouter, httpAuth }) {
        const existingEntities = catalogExistingEntities(catalogService, auth);
        const providers = IisEntityProvider.fromConfig(config, { logger, scheduler, urlReader, existingEntities });
        if (providers.length === 0) {
          logger.info('No IIS providers configured: add servers under catalog.providers.iis to discover IIS sites');
          return;
        }
        catalog.addEntityProvider(providers);
        const claimSettings = new ClaimSettings(providers.map(provider => provider.providerConfig));
        catalog.addProcessor(new IisClaimProcessor(catalogServerLookup(catalogService, auth), claimSettings, logger));

        // Modules initialise before their plugin, so this router sees /refresh before the catalog's own.
        const coordinator = new RefreshCoordinator(providers, catalogService, auth, logger);
        httpRouter.use(createRefreshObserver(coordinator, logger, auth, httpAuth));

        lifecycle.addShutdownHook(() => {
          coordinator.stop();
          providers.forEach(provider => provider.close());
        });
      },
    });
  },
});
