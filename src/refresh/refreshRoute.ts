import express, { Router } from 'express';
import type { AuthService, HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { RefreshCoordinator } from './RefreshCoordinator';

/**
 * A router that sits in front of the catalog's own routes and watches `POST /refresh`, the call
 * the catalog UI's Refresh button makes. It never responds to the request itself: the catalog's route does,
 * with its own authentication and permission checks, and only a refresh the catalog accepted
 * (a 2xx response) is passed on to the coordinator. Refreshes that the catalog plugin sends
 * itself, which the coordinator does after a read for claiming entities, are skipped, so they
 * never cause another read.
 */
/** The subject of the catalog plugin's own service credentials. */
const CATALOG_SERVICE_SUBJECT = 'plugin:catalog';

export function createRefreshObserver(
  coordinator: RefreshCoordinator,
  logger: LoggerService,
  auth: AuthService,
  httpAuth: HttpAuthService,
): Router {
  const router = Router();
  router.post('/refresh', express.json(), (req, res, next) => {
    const entityRef = (req.body as { entityRef?: unknown } | undefined)?.entityRef;
    if (typeof entityRef === 'string') {
      const passOn = async () => {
        const credentials = await httpAuth.credentials(req);
        if (auth.isPrincipal(credentials, 'service') && credentials.principal.subject === CATALOG_SERVICE_SUBJECT) {
          return;
        }
        await coordinator.entityRefreshed(entityRef);
      };
      res.on('finish', () => {
        if (res.statusCode >= 200 && res.statusCode < 300) {
          passOn().catch(error => {
            logger.warn(`Could not look up refreshed entity ${entityRef}: ${(error as Error)?.message ?? error}`);
          });
        }
      });
    }
    next();
  });
  return router;
}
