import { ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION, Entity, EntityLink } from '@backstage/catalog-model';
import { ANNOTATION_PROVIDER } from '../entities/annotations';

/**
 * On a server Resource: what the provider found for each of the server's claimed sites, as a
 * JSON array sorted by site name. The claim processor reads it to enrich the claiming entities,
 * so every replica uses the same facts, taken from the catalog rather than from one process.
 */
export const ANNOTATION_CLAIMS = 'iis.net/claims';

/** A claimed site that exists: the facts its own Component would have carried. */
export interface ClaimedSiteRecord {
  site: string;
  /** Refs of the claiming entities, in lower case and sorted. */
  claimedBy: string[];
  /** The site Component's `iis.net/*` annotations, without the provider and location annotations. */
  annotations: Record<string, string>;
  links: EntityLink[];
  /** Refs of the site's application pool and server Resources. */
  dependsOn: string[];
}

/** A claimed site that the server does not have. */
export interface MissingSiteRecord {
  site: string;
  claimedBy: string[];
  missing: true;
  /** Names of the server's sites that differ only in letter case or surrounding spaces. */
  similar: string[];
}

export type ClaimRecord = ClaimedSiteRecord | MissingSiteRecord;

/** Annotations of a site Component that stay with the provider and never move to a claiming entity. */
const PROVIDER_ONLY_ANNOTATIONS = new Set([ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION, ANNOTATION_PROVIDER]);

/** Builds the record of a claimed site from the Component the provider would have emitted for it. */
export function claimedSiteRecord(site: string, claimedBy: string[], component: Entity): ClaimedSiteRecord {
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(component.metadata.annotations ?? {})) {
    if (!PROVIDER_ONLY_ANNOTATIONS.has(key)) {
      annotations[key] = value;
    }
  }
  return {
    site,
    claimedBy,
    annotations,
    links: component.metadata.links ?? [],
    dependsOn: ((component.spec?.dependsOn as string[] | undefined) ?? []).slice(),
  };
}

/** Builds the record of a claimed site that the server does not have. */
export function missingSiteRecord(site: string, claimedBy: string[], siteNames: string[]): MissingSiteRecord {
  const normalized = site.trim().toLowerCase();
  const similar = siteNames.filter(name => name !== site && name.trim().toLowerCase() === normalized);
  return { site, claimedBy, missing: true, similar };
}

export function isMissing(record: ClaimRecord): record is MissingSiteRecord {
  return 'missing' in record && record.missing === true;
}

export function encodeClaimRecords(records: ClaimRecord[]): string {
  const sorted = [...records].sort((a, b) => (a.site < b.site ? -1 : a.site > b.site ? 1 : 0));
  return JSON.stringify(sorted);
}

/**
 * Reads the records from a server Resource. Returns an empty list when the annotation is absent
 * and undefined when it is not a valid record list, which only a hand edit or a future format causes.
 */
export function decodeClaimRecords(server: Entity): ClaimRecord[] | undefined {
  const value = server.metadata.annotations?.[ANNOTATION_CLAIMS];
  if (value === undefined) {
    return [];
  }
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed) || !parsed.every(isRecordShape)) {
      return undefined;
    }
    return parsed as ClaimRecord[];
  } catch {
    return undefined;
  }
}

function isRecordShape(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.site !== 'string' || !Array.isArray(record.claimedBy)) {
    return false;
  }
  if (record.missing === true) {
    return Array.isArray(record.similar);
  }
  return typeof record.annotations === 'object' && Array.isArray(record.links) && Array.isArray(record.dependsOn);
}
