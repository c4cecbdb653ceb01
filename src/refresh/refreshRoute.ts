import express, { Router } from 'express';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { RefreshCoordinator } from './RefreshCoordinator';

/**
 * A router that sits in front of the catalog's own routes and watches `POST /refresh`, the call
 * the catalog UI's Refresh button makes. It never responds to the request itself: the catalog's route does,
 * with its own authentication and permission checks, and only a refresh the catalog accepted
 * (a 2xx response) is passed on to the coordinator.
 */
export function createRefreshObserver(coordinator: RefreshCoordinator, logger: LoggerService): Router {
  const router = Router();
  router.post('/refresh', express.json(), (req, res, next) => {
    const entityRef = (req.body as { entityRef?: unknown } | undefined)?.entityRef;
    if (typeof entityRef === 'string') {
      res.on('finish', () => {
        if (res.statusCode >= 200 && res.statusCode < 300) {
          coordinator.entityRefreshed(entityRef).catch(error => {
            logger.warn(`Could not look up refreshed entity ${entityRef}: ${(error as Error)?.message ?? error}`);
          });
        }
      });
    }
    next();
  });
  return router;
}
