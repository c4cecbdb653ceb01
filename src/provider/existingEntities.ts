import type { AuthService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_SITE_CLAIM } from '../claims/claimSyntax';
import { ANNOTATION_PROVIDER, ANNOTATION_SERVER } from '../entities/annotations';

/** The catalog entities that one provider run needs. */
export interface CatalogView {
  /** The provider's own entities, recognised by `iis.net/provider`. */
  entities: Entity[];
  /** Every entity that carries `iis.net/site`, whichever server it claims. */
  claimants: Entity[];
}

/** Reads what the catalog holds for one provider. */
export interface ExistingEntitiesReader {
  /** Reads the provider's entities, or only those of one server when `host` is given, and all claimants. */
  read(providerId: string, host?: string): Promise<CatalogView>;
}

/**
 * Reads through the catalog's own API with the module's service credentials. Both parts come
 * from one paged query, whose filters the catalog joins with OR, so claims cost no extra query.
 */
export function catalogExistingEntities(catalog: CatalogService, auth: AuthService): ExistingEntitiesReader {
  return {
    async read(providerId, host) {
      const credentials = await auth.getOwnServiceCredentials();
      const own: Record<string, string> = { [`metadata.annotations.${ANNOTATION_PROVIDER}`]: providerId };
      if (host !== undefined) {
        own[`metadata.annotations.${ANNOTATION_SERVER}`] = host;
      }
      const claims = { [`metadata.annotations.${ANNOTATION_SITE_CLAIM}`]: CATALOG_FILTER_EXISTS };
      const pages = catalog.streamEntities(
        {
          filter: [own, claims],
          // The status shows which claimants have processing errors.
          fields: ['apiVersion', 'kind', 'metadata', 'spec', 'status'],
        },
        { credentials },
      );

      const view: CatalogView = { entities: [], claimants: [] };
      for await (const page of pages) {
        for (const entity of page) {
          if (isOwn(entity, providerId, host)) {
            view.entities.push(entity);
          } else {
            view.claimants.push(entity);
          }
        }
      }
      return view;
    },
  };
}

function isOwn(entity: Entity, providerId: string, host: string | undefined): boolean {
  const annotations = entity.metadata.annotations ?? {};
  if (annotations[ANNOTATION_PROVIDER] !== providerId) {
    return false;
  }
  return host === undefined || annotations[ANNOTATION_SERVER]?.toLowerCase() === host.toLowerCase();
}
