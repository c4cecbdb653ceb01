import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ANNOTATION_PROVIDER } from '../entities/annotations';
import { ANNOTATION_SITE_CLAIM, parseSiteClaims } from './claimSyntax';

/**
 * An index of the claimed sites per server and of their claimants, built from the entities that
 * carry `iis.net/site`. Items that do not parse are left out, because the claim processor
 * reports them on the entity.
 */
export class ClaimIndex {
  /** Lower-case host, then exact site name, then the sorted lower-case refs of the claimants. */
  private readonly claimsByHost = new Map<string, Map<string, string[]>>();
  /** Refs of claimants that have processing errors in the catalog, in lower case. */
  private readonly failing = new Set<string>();

  static fromEntities(entities: Entity[]): ClaimIndex {
    const index = new ClaimIndex();
    for (const entity of entities) {
      const value = entity.metadata.annotations?.[ANNOTATION_SITE_CLAIM];
      // The module's own entities never claim; a copied annotation on one of them is ignored.
      if (value === undefined || entity.metadata.annotations?.[ANNOTATION_PROVIDER] !== undefined) {
        continue;
      }
      const ref = stringifyEntityRef(entity).toLowerCase();
      if (hasProcessingErrors(entity)) {
        index.failing.add(ref);
      }
      for (const claim of parseSiteClaims(value).claims) {
        index.add(claim.host, claim.site, ref);
      }
    }
    return index;
  }

  /** Returns the claimed sites of one server with their claimants, or undefined when none is claimed. */
  sitesClaimedOn(host: string): ReadonlyMap<string, string[]> | undefined {
    return this.claimsByHost.get(host.toLowerCase());
  }

  /**
   * Returns whether a claimant without processing errors takes the site over. While every
   * claimant has errors, the catalog keeps each at its last valid state, which may lack the
   * site's facts, so the provider keeps the site's own Component until one claimant is valid.
   */
  isAdopted(host: string, site: string): boolean {
    const claimants = this.sitesClaimedOn(host)?.get(site) ?? [];
    return claimants.some(ref => !this.failing.has(ref));
  }

  /** The number of claimed sites on all servers. */
  get claimedSiteCount(): number {
    let count = 0;
    for (const sites of this.claimsByHost.values()) {
      count += sites.size;
    }
    return count;
  }

  private add(host: string, site: string, ref: string) {
    const hostKey = host.toLowerCase();
    let sites = this.claimsByHost.get(hostKey);
    if (!sites) {
      sites = new Map();
      this.claimsByHost.set(hostKey, sites);
    }
    const claimants = sites.get(site) ?? [];
    if (!claimants.includes(ref)) {
      claimants.push(ref);
      claimants.sort();
    }
    sites.set(site, claimants);
  }
}

/** Returns whether the catalog reports processing errors on the entity, such as a claim finding in `error` mode. */
function hasProcessingErrors(entity: Entity): boolean {
  const items = (entity as { status?: { items?: Array<{ level?: string }> } }).status?.items ?? [];
  return items.some(item => item.level === 'error');
}
