import type { Entity } from '@backstage/catalog-model';

/**
 * Drops what differs by design between an entity read through the API and one read from the
 * file: where it came from, and `sslFlags`, which the API does not report (it sends only
 * `require_sni`).
 */
export function withoutSourceDetails(entity: Entity): Entity {
  const annotations = { ...entity.metadata.annotations };
  delete annotations['iis.net/source'];
  delete annotations['backstage.io/managed-by-location'];
  delete annotations['backstage.io/managed-by-origin-location'];
  // A file cannot show certificates, so file readings say so on sites with an https binding.
  delete annotations['iis.net/certificates'];
  if (annotations['iis.net/bindings']) {
    const bindings = JSON.parse(annotations['iis.net/bindings']) as Array<Record<string, unknown>>;
    annotations['iis.net/bindings'] = JSON.stringify(bindings.map(({ sslFlags: _sslFlags, ...rest }) => rest));
  }
  const description = entity.metadata.description?.replace(/, read through .*$/, '');
  return { ...entity, metadata: { ...entity.metadata, annotations, description } };
}
