import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { Router } from 'express';

/** The catalog API requests a test module saw, as method and URL path with query. */
export interface CatalogRequestLog {
  requests: string[];
}

/**
 * Creates a catalog module that records every request to the catalog's routes before the catalog handles
 * it, so a test can count the queries that the IIS module sends.
 */
export function catalogRequestRecorder(log: CatalogRequestLog) {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-request-recorder',
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          const router = Router();
          router.use((req, _res, next) => {
            log.requests.push(`${req.method} ${decodeURIComponent(req.originalUrl)}`);
            next();
          });
          httpRouter.use(router);
        },
      });
    },
  });
}
