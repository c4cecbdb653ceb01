import type { AuthService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_PROVIDER } from '../entities/annotations';

/** Reads what the catalog holds for one provider, recognised by `iis.net/provider`. */
export interface ExistingEntitiesReader {
  read(providerId: string): Promise<Entity[]>;
}

/** Reads through the catalog's own API with the module's service credentials: one paged query per run. */
export function catalogExistingEntities(catalog: CatalogService, auth: AuthService): ExistingEntitiesReader {
  return {
    async read(providerId) {
      const credentials = await auth.getOwnServiceCredentials();
      const entities: Entity[] = [];
      const pages = catalog.streamEntities(
        {
          filter: { [`metadata.annotations.${ANNOTATION_PROVIDER}`]: providerId },
          fields: ['apiVersion', 'kind', 'metadata', 'spec'],
        },
        { credentials },
      );
      for await (const page of pages) {
        entities.push(...page);
      }
      return entities;
    },
  };
}
