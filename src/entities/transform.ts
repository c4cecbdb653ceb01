import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { IisApplicationPool, IisServerReading } from '../iis/model';
import type { OwnershipResolver } from '../ownership/OwnershipResolver';
import type { OwnershipTarget } from '../ownership/types';
import type { ClaimIndex } from '../claims/ClaimIndex';
import { ANNOTATION_CLAIMS, ClaimRecord, claimedSiteRecord, encodeClaimRecords, missingSiteRecord } from '../claims/claimRecords';
import {
  ANNOTATION_APP_POOL,
  ANNOTATION_IDENTITY_TYPE,
  ANNOTATION_IDENTITY_USERNAME,
  ANNOTATION_PIPELINE_MODE,
  ANNOTATION_RUNTIME_VERSION,
  ANNOTATION_START_MODE,
  ANNOTATION_STATE,
  NO_MANAGED_CODE,
  POOL_RESOURCE_TYPE,
  SERVER_RESOURCE_TYPE,
} from './annotations';
import { commonAnnotations } from './commonAnnotations';
import { locationOfPool, locationOfServer } from './locations';
import { assignUniqueNames, buildEntityName, slugify, slugifyHost } from './names';
import { place, Placement, sitePools, withSystem } from './placement';
import { siteDependencies, siteEntity } from './siteEntity';

/** Settings from the provider's config that every emitted entity carries. */
export interface TransformOptions {
  /** The provider id, written to `iis.net/provider`. */
  providerId: string;
  /** Owner, lifecycle and namespace of entities that no ownership rule matches. */
  owner: string;
  lifecycle: string;
  namespace: string;
  /** Ownership rules; the first rule that matches an entity sets its owner and the rest. */
  ownership?: OwnershipResolver;
  /** The run's time, against which certificate expiry is judged; the current time when omitted. */
  now?: Date;
  /** A certificate expiring within this many milliseconds tags its site; default 30 days. */
  certificateExpiryWindowMs?: number;
  /**
   * Sites that hand-written entities claim with `iis.net/site`. A claimed site gets no Component:
   * its facts go to the server Resource's `iis.net/claims` for the claim processor instead.
   */
  claims?: ClaimIndex;
}

/**
 * Turns one server's reading into its entities: one `iis-server` Resource, one
 * `iis-application-pool` Resource per pool and one `website` Component per site that no
 * entity claims.
 *
 * The output depends only on the reading and the options, so the same IIS state always gives
 * byte-identical entities in the same order.
 */
export function readingToEntities(reading: IisServerReading, options: TransformOptions): Entity[] {
  const hostPart = slugifyHost(reading.host);
  const serverName = buildEntityName([hostPart], `server\n${reading.host}`);
  const base = { provider: options.providerId, server: reading.host, bindingHosts: [] as string[] };
  const serverPlacement = place({ ...base, kind: 'server', applicationPools: [] }, options);
  const serverRef = resourceRef(serverName, serverPlacement.namespace);

  const poolNames = assignUniqueNames(
    reading.applicationPools,
    pool => [hostPart, slugify(pool.name)],
    pool => `pool\n${reading.host}\n${pool.name}`,
    'pool',
  );
  const siteNames = assignUniqueNames(
    reading.sites,
    site => [hostPart, slugify(site.name)],
    site => `site\n${reading.host}\n${site.name}`,
    'site',
  );

  const poolRefsByName = new Map<string, string>();
  const server = serverEntity(reading, serverName, serverPlacement, options);
  const entities: Entity[] = [server];
  const claimedSites = options.claims?.sitesClaimedOn(reading.host);
  const claimRecords: ClaimRecord[] = [];
  for (const pool of reading.applicationPools) {
    const placement = place({ ...base, kind: 'pool', applicationPools: [pool.name] }, options);
    // IIS compares pool names case-insensitively.
    poolRefsByName.set(pool.name.toLowerCase(), resourceRef(poolNames.get(pool)!, placement.namespace));
    entities.push(poolEntity(reading, pool, poolNames.get(pool)!, serverRef, placement, options));
  }
  for (const site of reading.sites) {
    const target: OwnershipTarget = {
      ...base,
      kind: 'site',
      site: site.name,
      applicationPools: sitePools(site),
      bindingHosts: site.bindings.map(binding => binding.host ?? '').filter(host => host !== ''),
      physicalPath: site.physicalPath };
    const placement = place(target, options);
    const dependsOn = siteDependencies(site, poolRefsByName, serverRef);
    const rootPool = reading.applicationPools.find(candidate => candidate.name.toLowerCase() === site.applicationPool?.toLowerCase());
    const component = siteEntity(reading, site, siteNames.get(site)!, dependsOn, rootPool, placement, options);
    const claimants = claimedSites?.get(site.name);
    if (claimants) {
      claimRecords.push(claimedSiteRecord(site.name, claimants, component));
    }
    if (!claimants || !options.claims!.isAdopted(reading.host, site.name)) {
      entities.push(component);
    }
  }

  if (claimedSites) {
    const siteNamesOnServer = reading.sites.map(site => site.name);
    for (const [site, claimants] of claimedSites) {
      if (!siteNamesOnServer.includes(site)) {
        claimRecords.push(missingSiteRecord(site, claimants, siteNamesOnServer));
      }
    }
    server.metadata.annotations![ANNOTATION_CLAIMS] = encodeClaimRecords(claimRecords);
  }
  return sortEntities(entities);
}

/** Sorts entities by kind, namespace and name, so mutations are deterministic. */
export function sortEntities(entities: Entity[]): Entity[] {
  const key = (entity: Entity) => [entity.kind, entity.metadata.namespace ?? 'default', entity.metadata.name];
  return [...entities].sort((a, b) => {
    const [left, right] = [key(a), key(b)];
    for (let index = 0; index < left.length; index++) {
      const order = left[index].localeCompare(right[index], 'en');
      if (order !== 0) {
        return order;
      }
    }
    return 0;
  });
}


function resourceRef(name: string, namespace: string): string {
  return stringifyEntityRef({ kind: 'resource', namespace, name });
}


function serverEntity(reading: IisServerReading, name: string, placement: Placement, options: TransformOptions): Entity {
  const via = reading.source === 'api' ? 'the IIS Administration API' : 'its applicationHost.config';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: placement.namespace,
      title: reading.host,
      description: `IIS server ${reading.host}, read through ${via}.`,
      annotations: commonAnnotations(reading, locationOfServer(reading), options),
      tags: placement.tags },
    spec: withSystem({ type: SERVER_RESOURCE_TYPE, owner: placement.owner }, placement) };
}

function poolEntity(
  reading: IisServerReading,
  pool: IisApplicationPool,
  name: string,
  serverRef: string,
  placement: Placement,
  options: TransformOptions,
): Entity {
  const annotations: Record<string, string> = {
    ...commonAnnotations(reading, locationOfPool(reading, pool), options),
    [ANNOTATION_APP_POOL]: pool.name,
    [ANNOTATION_STATE]: pool.state,
    [ANNOTATION_RUNTIME_VERSION]: pool.managedRuntimeVersion || NO_MANAGED_CODE,
    [ANNOTATION_PIPELINE_MODE]: pool.pipelineMode,
    [ANNOTATION_IDENTITY_TYPE]: pool.identityType,
    [ANNOTATION_START_MODE]: pool.startMode };
  if (pool.identityUserName) {
    annotations[ANNOTATION_IDENTITY_USERNAME] = pool.identityUserName;
  }

  const runtime = pool.managedRuntimeVersion ? `.NET CLR ${pool.managedRuntimeVersion}` : 'no managed code';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: placement.namespace,
      title: `${pool.name} (${reading.host})`,
      description: `IIS application pool "${pool.name}" on ${reading.host}: ${runtime}, ${pool.pipelineMode} pipeline.`,
      annotations,
      tags: placement.tags },
    spec: withSystem({ type: POOL_RESOURCE_TYPE, owner: placement.owner, dependsOn: [serverRef] }, placement) };
}
