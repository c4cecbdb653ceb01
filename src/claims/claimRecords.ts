import { ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION, Entity, EntityLink } from '@backstage/catalog-model';
import { ANNOTATION_PROVIDER } from '../entities/annotations';
import { TAG_CERTIFICATE_EXPIRED, TAG_CERTIFICATE_EXPIRING, TAG_CERTIFICATE_HOST_MISMATCH } from '../entities/certificates';

/** Tags that describe the site's certificates and so move to a claiming entity with the site's facts. */
const CERTIFICATE_TAGS = [TAG_CERTIFICATE_EXPIRED, TAG_CERTIFICATE_EXPIRING, TAG_CERTIFICATE_HOST_MISMATCH];

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
  /** The site's certificate tags, such as `certificate-expiring`; absent in records of earlier versions. */
  tags?: string[];
  /** Refs of the site's application pool and server Resources. */
  dependsOn: string[];
}

/** A claimed site that the server does not have. */
export interface MissingSiteRecord {
  site: string;
  claimedBy: string[];
  missing: true;
  /** Names of the server's sites close to the claimed one, closest first: at most three. */
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
    tags: (component.metadata.tags ?? []).filter(tag => CERTIFICATE_TAGS.includes(tag)),
    dependsOn: ((component.spec?.dependsOn as string[] | undefined) ?? []).slice(),
  };
}

/** Builds the record of a claimed site that the server does not have. */
export function missingSiteRecord(site: string, claimedBy: string[], siteNames: string[]): MissingSiteRecord {
  const target = site.trim().toLowerCase();
  // Up to one edit per five characters counts as a typo, such as "shop-preveiw" for "shop-preview".
  const maxDistance = Math.max(1, Math.floor(target.length / 5));
  const similar = siteNames
    .map(name => ({ name, distance: editDistance(name.trim().toLowerCase(), target) }))
    .filter(candidate => candidate.distance <= maxDistance)
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name, 'en'))
    .slice(0, 3)
    .map(candidate => candidate.name);
  return { site, claimedBy, missing: true, similar };
}

/** Returns the Levenshtein distance: the fewest insertions, deletions and substitutions from `a` to `b`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

export function isMissing(record: ClaimRecord): record is MissingSiteRecord {
  return 'missing' in record && record.missing === true;
}

export function encodeClaimRecords(records: ClaimRecord[]): string {
  // Code-unit order, not locale order, so the value is the same on every machine.
  const sorted = [...records].sort((a, b) => compareCodeUnits(a.site, b.site));
  return JSON.stringify(sorted);
}

function compareCodeUnits(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
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
