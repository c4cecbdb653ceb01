import { Entity } from '@backstage/catalog-model';
import { IisApplicationPool, IisServerReading, IisSite } from '../iis/model';
import {
  ANNOTATION_APPLICATIONS,
  ANNOTATION_APP_POOL,
  ANNOTATION_BINDINGS,
  ANNOTATION_IDENTITY_TYPE,
  ANNOTATION_PHYSICAL_PATH,
  ANNOTATION_SITE_ID,
  ANNOTATION_SITE_NAME,
  ANNOTATION_STATE,
  SITE_COMPONENT_TYPE,
} from './annotations';
import { DEFAULT_CERTIFICATE_EXPIRY_WINDOW_MS, siteCertificateFacts } from './certificates';
import { commonAnnotations } from './commonAnnotations';
import { bindingLinks, bindingUrl } from './links';
import { locationOfSite } from './locations';
import { Placement, sitePools, withSystem } from './placement';
import type { TransformOptions } from './transform';

/**
 * Lists the refs of the site's application pools and its server, sorted as the catalog's own
 * processor sorts `spec.dependsOn`, so the stored entity equals the emitted one.
 */
export function siteDependencies(site: IisSite, poolRefsByName: Map<string, string>, serverRef: string): string[] {
  const refs: string[] = [];
  for (const poolName of sitePools(site)) {
    const ref = poolRefsByName.get(poolName.toLowerCase());
    if (ref && !refs.includes(ref)) {
      refs.push(ref);
    }
  }
  refs.push(serverRef);
  return refs.sort();
}

/** Builds the `website` Component of one site. */
export function siteEntity(
  reading: IisServerReading,
  site: IisSite,
  name: string,
  dependsOn: string[],
  rootPool: IisApplicationPool | undefined,
  placement: Placement,
  options: TransformOptions,
): Entity {
  const certificates = siteCertificateFacts(
    reading,
    site,
    options.now ?? new Date(),
    options.certificateExpiryWindowMs ?? DEFAULT_CERTIFICATE_EXPIRY_WINDOW_MS,
  );
  const bindings = site.bindings.map((binding, index) => ({
    protocol: binding.protocol,
    bindingInformation: binding.bindingInformation,
    address: binding.address,
    port: binding.port,
    host: binding.host,
    sslFlags: binding.sslFlags,
    sni: binding.sni,
    url: bindingUrl(binding, reading.host),
    problem: binding.problem,
    ...certificates.bindings[index] }));
  const applications = site.applications.map(application => ({
    path: application.path,
    applicationPool: application.applicationPool }));

  const annotations: Record<string, string> = {
    ...commonAnnotations(reading, locationOfSite(reading, site), options),
    [ANNOTATION_SITE_NAME]: site.name,
    [ANNOTATION_SITE_ID]: String(site.id),
    [ANNOTATION_STATE]: site.state,
    [ANNOTATION_BINDINGS]: JSON.stringify(bindings),
    [ANNOTATION_APPLICATIONS]: JSON.stringify(applications),
    ...certificates.annotations };
  if (site.applicationPool !== undefined) {
    annotations[ANNOTATION_APP_POOL] = site.applicationPool;
  }
  if (rootPool) {
    // The identity the site's root application runs as; the account name stays on the pool.
    annotations[ANNOTATION_IDENTITY_TYPE] = rootPool.identityType;
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
      namespace: placement.namespace,
      title: site.name,
      description: `IIS site "${site.name}" (id ${site.id}) on ${reading.host}, ${bindingCount}.`,
      annotations,
      links: bindingLinks(site.bindings, reading.host),
      tags: [...placement.tags, ...certificates.tags.filter(tag => !placement.tags.includes(tag))] },
    spec: withSystem(
      {
        type: SITE_COMPONENT_TYPE,
        lifecycle: placement.lifecycle,
        owner: placement.owner,
        dependsOn },
      placement,
    ) };
}
