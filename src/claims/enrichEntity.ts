import { Entity, EntityLink } from '@backstage/catalog-model';
import { ANNOTATION_READ_ERROR, ANNOTATION_SERVER, ANNOTATION_UNREADABLE_SINCE } from '../entities/annotations';
import type { ClaimedSiteRecord } from './claimRecords';
import { formatSiteClaim, SiteClaim } from './claimSyntax';

/** A claim whose site the provider found, with the server Resource that carries its record. */
export interface ResolvedClaim {
  claim: SiteClaim;
  record: ClaimedSiteRecord;
  server: Entity;
}

/** Annotations that describe the server's readability; they come from the server Resource. */
const SERVER_STATE_ANNOTATIONS = [ANNOTATION_UNREADABLE_SINCE, ANNOTATION_READ_ERROR];

/**
 * Returns a copy of the entity with the discovered facts of its claimed sites: their `iis.net/*`
 * annotations, their binding links and their certificate tags. A discovered annotation replaces one that the entity
 * declares under the same key, because IIS is the source of those facts. The entity's other
 * annotations and its links stay as written.
 *
 * For one site, each annotation has the value the site's own Component would carry. For several
 * sites (a farm), an annotation whose value is the same everywhere keeps it; one that differs
 * becomes a JSON object keyed by `<host>/<site>`, except `iis.net/server`, which lists the hosts.
 */
export function enrichEntity(entity: Entity, resolved: ResolvedClaim[]): Entity {
  if (resolved.length === 0) {
    return entity;
  }
  const annotations: Record<string, string> = { ...(entity.metadata.annotations ?? {}), ...mergedAnnotations(resolved) };
  const links = mergedLinks(entity.metadata.links ?? [], resolved);
  const discoveredTags = resolved.flatMap(({ record }) => record.tags ?? []);
  const tags = [...new Set([...(entity.metadata.tags ?? []), ...discoveredTags])];
  return { ...entity, metadata: { ...entity.metadata, annotations, links, ...(tags.length > 0 ? { tags } : {}) } };
}

/** Returns the distinct refs of the pools and servers the claimed sites depend on, sorted. */
export function claimDependencies(resolved: ResolvedClaim[]): string[] {
  const refs = new Set<string>();
  for (const { record } of resolved) {
    record.dependsOn.forEach(ref => refs.add(ref));
  }
  return [...refs].sort();
}

function mergedAnnotations(resolved: ResolvedClaim[]): Record<string, string> {
  const perSite = resolved.map(({ record, server }) => {
    const values = { ...record.annotations };
    for (const key of SERVER_STATE_ANNOTATIONS) {
      const value = server.metadata.annotations?.[key];
      if (value !== undefined) {
        values[key] = value;
      }
    }
    return values;
  });
  if (resolved.length === 1) {
    return perSite[0];
  }

  const keys = [...new Set(perSite.flatMap(values => Object.keys(values)))].sort();
  const merged: Record<string, string> = {};
  for (const key of keys) {
    if (key === ANNOTATION_SERVER) {
      merged[key] = [...new Set(resolved.map(({ record }) => record.annotations[ANNOTATION_SERVER]))].join(', ');
      continue;
    }
    const values = perSite.map(values => values[key]);
    if (values.every(value => value === values[0])) {
      merged[key] = values[0];
      continue;
    }
    const bySite: Record<string, unknown> = {};
    resolved.forEach(({ claim, record }, index) => {
      if (values[index] !== undefined) {
        // The host as the provider config spells it, whatever case the claim used.
        const host = record.annotations[ANNOTATION_SERVER] ?? claim.host;
        bySite[formatSiteClaim({ host, site: claim.site })] = parseJsonOrText(values[index]);
      }
    });
    merged[key] = JSON.stringify(bySite);
  }
  return merged;
}

/** Parses a JSON annotation value such as `iis.net/bindings`, so that merging does not encode it twice. */
function parseJsonOrText(value: string): unknown {
  if (!value.startsWith('[') && !value.startsWith('{')) {
    return value;
  }
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Returns the entity's own links, then each discovered link whose URL the entity does not list yet. */
function mergedLinks(own: EntityLink[], resolved: ResolvedClaim[]): EntityLink[] {
  const links = [...own];
  const urls = new Set(own.map(link => link.url));
  for (const { record } of resolved) {
    for (const link of record.links) {
      if (!urls.has(link.url)) {
        urls.add(link.url);
        links.push(link);
      }
    }
  }
  return links;
}
