import type { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { IisProviderConfig } from '../config';
import type { IisServerReading } from '../iis/model';
import { providerName } from '../provider/IisEntityProvider';
import { planMutation } from '../provider/planMutation';
import { PreviewServerResult, readProviderServers } from './readServers';
import { findSuffixedNames, SuffixedName } from './suffixedNames';

/** The entities and server states of one provider, as the preview shows them. */
export interface ProviderPreview {
  id: string;
  /** `iis-provider:<id>`, the provider's name and location key in the catalog. */
  providerName: string;
  owner: string;
  servers: ServerPreview[];
  /** Entities of the servers that were read, sorted as the provider emits them. */
  entities: Entity[];
  suffixedNames: SuffixedName[];
  /** The readings of the servers that were read, for the sites table. */
  readings: IisServerReading[];
}

export interface ServerPreview {
  host: string;
  source: 'api' | 'file';
  location: string;
  state: 'read' | 'failed';
  sites: number;
  applicationPools: number;
  /** Problems in the input that did not stop the reading, such as an unparsed binding. */
  warnings: string[];
  failure?: { kind: string; message: string };
}

export interface PreviewDeps {
  logger: LoggerService;
  urlReader?: UrlReaderService;
  /** Called after each server, read or failed. */
  onServerDone?: (result: PreviewServerResult) => void;
}

/**
 * Reads every server of every provider once and plans the entities that a first run would
 * write, with the provider's own code: its server sources, then `planMutation` with an empty
 * catalog, so the entities equal what `IisEntityProvider.refresh()` emits. Providers are read
 * one after the other, each with its own concurrency.
 */
export async function previewProviders(configs: IisProviderConfig[], deps: PreviewDeps): Promise<ProviderPreview[]> {
  const previews: ProviderPreview[] = [];
  for (const config of configs) {
    const results = await readProviderServers(config, { logger: deps.logger, urlReader: deps.urlReader }, deps.onServerDone);
    const plan = planMutation({
      options: { providerId: config.id, owner: config.owner, lifecycle: config.lifecycle, namespace: config.namespace },
      results,
      existing: [],
      now: new Date(),
      gracePeriodMs: config.gracePeriodMs,
      maxRemovalShare: config.maxRemovalShare,
    });
    previews.push({
      id: config.id,
      providerName: providerName(config.id),
      owner: config.owner,
      servers: results.map(toServerPreview),
      entities: plan.entities,
      suffixedNames: findSuffixedNames(plan.entities),
      readings: results.flatMap(result => (result.reading ? [result.reading] : [])),
    });
  }
  return previews;
}

function toServerPreview(result: PreviewServerResult): ServerPreview {
  const { reading } = result;
  return {
    host: result.host,
    source: result.source,
    location: result.location,
    state: reading ? 'read' : 'failed',
    sites: reading?.sites.length ?? 0,
    applicationPools: reading?.applicationPools.length ?? 0,
    warnings: reading?.warnings ?? [],
    failure: result.failure,
  };
}
