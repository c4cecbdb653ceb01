import type { AuthService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_PROVIDER, ANNOTATION_SERVER } from '../entities/annotations';

/** Reads what the catalog holds for one provider, recognised by `iis.net/provider`. */
export interface ExistingEntitiesReader {
  /** Reads the provider's entities, or only those of one server when `host` is given. */
  read(providerId: string, host?: string): Promise<Entity[]>;
}

/** Reads through the catalog's own API with the module's service credentials: one paged query per run. */
export function catalogExistingEntities(catalog: CatalogService, auth: AuthService): ExistingEntitiesReader {
  return {
    async read(providerId, host) {
      const credentials = await auth.getOwnServiceCredentials();
      const entities: Entity[] = [];
      const filter: Record<string, string> = { [`metadata.annotations.${ANNOTATION_PROVIDER}`]: providerId };
      if (host !== undefined) {
        filter[`metadata.annotations.${ANNOTATION_SERVER}`] = host;
      }
      const pages = catalog.streamEntities(
        {
          filter,
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
