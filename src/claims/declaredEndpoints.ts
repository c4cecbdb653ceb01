import type { Entity } from '@backstage/catalog-model';

/**
 * On a claiming entity: the URLs at which the entity's IIS sites are expected to respond, comma-separated.
 * Each is checked against the claimed sites' bindings, whatever its host.
 */
export const ANNOTATION_ENDPOINT = 'iis.net/endpoint';

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** An http or https URL that an entity declares. */
export interface DeclaredEndpoint {
  /** The place of the declaration, for messages: `iis.net/endpoint` or `link "<title>"`. */
  origin: string;
  /** `link` endpoints are checked only when their host is one of the site's; see `isSiteHost`. */
  kind: 'annotation' | 'link';
  url: URL;
  scheme: 'http' | 'https';
  /** Host in lower case, IPv6 without brackets. */
  host: string;
  port: number;
}

/** Reads the declared endpoints of an entity and the problems with values that are not http(s) URLs. */
export function readDeclaredEndpoints(entity: Entity): { endpoints: DeclaredEndpoint[]; problems: string[] } {
  const endpoints: DeclaredEndpoint[] = [];
  const problems: string[] = [];

  const annotation = entity.metadata.annotations?.[ANNOTATION_ENDPOINT];
  if (annotation !== undefined) {
    for (const item of annotation.split(',').map(value => value.trim()).filter(value => value !== '')) {
      const endpoint = toEndpoint(item, ANNOTATION_ENDPOINT, 'annotation');
      if (endpoint) {
        endpoints.push(endpoint);
      } else {
        problems.push(`${ANNOTATION_ENDPOINT} value "${item}" is not an http or https URL: write it as https://<host>[:<port>]/[path], for example https://shop.corp.example/`);
      }
    }
  }

  for (const link of entity.metadata.links ?? []) {
    // Links to anything but http(s), such as mailto: or a chat channel, declare no endpoint.
    const endpoint = toEndpoint(link.url, `link "${link.title ?? link.url}"`, 'link');
    if (endpoint) {
      endpoints.push(endpoint);
    }
  }
  return { endpoints, problems };
}

function toEndpoint(value: string, origin: string, kind: DeclaredEndpoint['kind']): DeclaredEndpoint | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const defaultPort = DEFAULT_PORTS[url.protocol];
  if (defaultPort === undefined || url.hostname === '') {
    return undefined;
  }
  return {
    origin,
    kind,
    url,
    scheme: url.protocol === 'https:' ? 'https' : 'http',
    host: url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? defaultPort : Number(url.port),
  };
}
