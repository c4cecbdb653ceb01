import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { IisApplicationPool, IisServerReading, IisSite } from '../iis/model';
import {
  ANNOTATION_APPLICATIONS,
  ANNOTATION_APP_POOL,
  ANNOTATION_BINDINGS,
  ANNOTATION_IDENTITY_TYPE,
  ANNOTATION_IDENTITY_USERNAME,
  ANNOTATION_PHYSICAL_PATH,
  ANNOTATION_PIPELINE_MODE,
  ANNOTATION_PROVIDER,
  ANNOTATION_RUNTIME_VERSION,
  ANNOTATION_SERVER,
  ANNOTATION_SITE_ID,
  ANNOTATION_SITE_NAME,
  ANNOTATION_SOURCE,
  ANNOTATION_START_MODE,
  ANNOTATION_STATE,
  NO_MANAGED_CODE,
  POOL_RESOURCE_TYPE,
  SERVER_RESOURCE_TYPE,
  SITE_COMPONENT_TYPE,
} from './annotations';
import { bindingLinks, bindingUrl } from './links';
import { locationOfPool, locationOfServer, locationOfSite } from './locations';
import { assignUniqueNames, buildEntityName, slugify, slugifyHost } from './names';

/** Settings from the provider's config that every emitted entity carries. */
export interface TransformOptions {
  /** The provider id, written to `iis.net/provider`. */
  providerId: string;
  owner: string;
  lifecycle: string;
  namespace: string;
}

const TAGS = ['iis'];

/**
 * Turns one server's reading into its entities: one `iis-server` Resource, one
 * `iis-application-pool` Resource per pool and one `website` Component per site.
 *
 * The output depends only on the reading and the options, so the same IIS state always gives
 * byte-identical entities in the same order.
 */
export function readingToEntities(reading: IisServerReading, options: TransformOptions): Entity[] {
  const hostPart = slugifyHost(reading.host);
  const serverName = buildEntityName([hostPart], `server\n${reading.host}`);
  const serverRef = resourceRef(serverName, options.namespace);

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
  for (const [pool, name] of poolNames) {
    // IIS compares pool names case-insensitively.
    poolRefsByName.set(pool.name.toLowerCase(), resourceRef(name, options.namespace));
  }

  const entities: Entity[] = [serverEntity(reading, serverName, options)];
  for (const pool of reading.applicationPools) {
    entities.push(poolEntity(reading, pool, poolNames.get(pool)!, serverRef, options));
  }
  for (const site of reading.sites) {
    const dependsOn = siteDependencies(site, poolRefsByName, serverRef);
    entities.push(siteEntity(reading, site, siteNames.get(site)!, dependsOn, options));
  }
  return sortEntities(entities);
}

/** Sorts entities by kind, then name, so full mutations are deterministic. */
export function sortEntities(entities: Entity[]): Entity[] {
  return [...entities].sort((a, b) => {
    const kindOrder = a.kind.localeCompare(b.kind, 'en');
    return kindOrder !== 0 ? kindOrder : a.metadata.name.localeCompare(b.metadata.name, 'en');
  });
}

function resourceRef(name: string, namespace: string): string {
  return stringifyEntityRef({ kind: 'resource', namespace, name });
}

function commonAnnotations(reading: IisServerReading, location: string, options: TransformOptions): Record<string, string> {
  return {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
    [ANNOTATION_PROVIDER]: options.providerId,
    [ANNOTATION_SERVER]: reading.host,
    [ANNOTATION_SOURCE]: reading.source,
  };
}

function serverEntity(reading: IisServerReading, name: string, options: TransformOptions): Entity {
  const via = reading.source === 'api' ? 'the IIS Administration API' : 'its applicationHost.config';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: options.namespace,
      title: reading.host,
      description: `IIS server ${reading.host}, read through ${via}.`,
      annotations: commonAnnotations(reading, locationOfServer(reading), options),
      tags: TAGS,
    },
    spec: { type: SERVER_RESOURCE_TYPE, owner: options.owner },
  };
}

function poolEntity(
  reading: IisServerReading,
  pool: IisApplicationPool,
  name: string,
  serverRef: string,
  options: TransformOptions,
): Entity {
  const annotations: Record<string, string> = {
    ...commonAnnotations(reading, locationOfPool(reading, pool), options),
    [ANNOTATION_APP_POOL]: pool.name,
    [ANNOTATION_STATE]: pool.state,
    [ANNOTATION_RUNTIME_VERSION]: pool.managedRuntimeVersion || NO_MANAGED_CODE,
    [ANNOTATION_PIPELINE_MODE]: pool.pipelineMode,
    [ANNOTATION_IDENTITY_TYPE]: pool.identityType,
    [ANNOTATION_START_MODE]: pool.startMode,
  };
  if (pool.identityUserName) {
    annotations[ANNOTATION_IDENTITY_USERNAME] = pool.identityUserName;
  }

  const runtime = pool.managedRuntimeVersion ? `.NET CLR ${pool.managedRuntimeVersion}` : 'no managed code';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: options.namespace,
      title: `${pool.name} (${reading.host})`,
      description: `IIS application pool "${pool.name}" on ${reading.host}: ${runtime}, ${pool.pipelineMode} pipeline.`,
      annotations,
      tags: TAGS,
    },
    spec: { type: POOL_RESOURCE_TYPE, owner: options.owner, dependsOn: [serverRef] },
  };
}

/**
 * Lists the refs of the site's application pools and its server, sorted as the catalog's own
 * processor sorts `spec.dependsOn`, so the stored entity equals the emitted one.
 */
function siteDependencies(site: IisSite, poolRefsByName: Map<string, string>, serverRef: string): string[] {
  const refs: string[] = [];
  const poolNames = [site.applicationPool, ...site.applications.map(application => application.applicationPool)];
  for (const poolName of poolNames) {
    const ref = poolName === undefined ? undefined : poolRefsByName.get(poolName.toLowerCase());
    if (ref && !refs.includes(ref)) {
      refs.push(ref);
    }
  }
  refs.push(serverRef);
  return refs.sort();
}

function siteEntity(
  reading: IisServerReading,
  site: IisSite,
  name: string,
  dependsOn: string[],
  options: TransformOptions,
): Entity {
  const bindings = site.bindings.map(binding => ({
    protocol: binding.protocol,
    bindingInformation: binding.bindingInformation,
    address: binding.address,
    port: binding.port,
    host: binding.host,
    sslFlags: binding.sslFlags,
    sni: binding.sni,
    url: bindingUrl(binding, reading.host),
    problem: binding.problem,
  }));
  const applications = site.applications.map(application => ({
    path: application.path,
    applicationPool: application.applicationPool,
  }));

  const annotations: Record<string, string> = {
    ...commonAnnotations(reading, locationOfSite(reading, site), options),
    [ANNOTATION_SITE_NAME]: site.name,
    [ANNOTATION_SITE_ID]: String(site.id),
    [ANNOTATION_STATE]: site.state,
    [ANNOTATION_BINDINGS]: JSON.stringify(bindings),
    [ANNOTATION_APPLICATIONS]: JSON.stringify(applications),
  };
  if (site.applicationPool !== undefined) {
    annotations[ANNOTATION_APP_POOL] = site.applicationPool;
  }
  if (site.physicalPath !== undefined) {
    annotations[ANNOTATION_PHYSICAL_PATH] = site.physicalPath;
  }

  const bindingCount = site.bindings.length === 1 ? '1 binding' : `${site.bindings.length} bindings`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: options.namespace,
      title: site.name,
      description: `IIS site "${site.name}" (id ${site.id}) on ${reading.host}, ${bindingCount}.`,
      annotations,
      links: bindingLinks(site.bindings, reading.host),
      tags: TAGS,
    },
    spec: {
      type: SITE_COMPONENT_TYPE,
      lifecycle: options.lifecycle,
      owner: options.owner,
      dependsOn,
    },
  };
}
