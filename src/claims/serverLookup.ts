import type { AuthService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_SERVER, SERVER_RESOURCE_TYPE } from '../entities/annotations';

/** Finds the `iis-server` Resources of some hosts, keyed by host in lower case. */
export type ServerLookup = (hosts: string[]) => Promise<Map<string, Entity>>;

/**
 * Looks the servers up through the catalog's API with the module's service credentials: one
 * query per call, whatever the number of hosts, because the catalog joins the filters with OR.
 */
export function catalogServerLookup(catalog: CatalogService, auth: AuthService): ServerLookup {
  return async hosts => {
    const servers = new Map<string, Entity>();
    const distinct = [...new Set(hosts.map(host => host.toLowerCase()))];
    if (distinct.length === 0) {
      return servers;
    }
    const credentials = await auth.getOwnServiceCredentials();
    const response = await catalog.getEntities(
      {
        filter: distinct.map(host => ({
          kind: 'resource',
          'spec.type': SERVER_RESOURCE_TYPE,
          [`metadata.annotations.${ANNOTATION_SERVER}`]: host,
        })),
        fields: ['kind', 'metadata', 'spec'],
      },
      { credentials },
    );
    for (const entity of response.items) {
      const host = entity.metadata.annotations?.[ANNOTATION_SERVER]?.toLowerCase();
      if (host !== undefined && distinct.includes(host)) {
        servers.set(host, entity);
      }
    }
    return servers;
  };
}
