import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { readingToEntities, sortEntities, TransformOptions } from '../entities';
import { IisServerReading } from '../iis/model';
import { ANNOTATION_SITE_NAME } from '../entities/annotations';
import { hasSameContent } from './entityContent';
import { gracePeriodEnd, serverOf, staleCopy, unreadableSince } from './staleness';

/** The result of reading one configured server in this run. */
export interface ServerResult {
  host: string;
  reading?: IisServerReading;
  /** Why the server could not be read: a stable `kind` and a message for the log. */
  failure?: { kind: string; message: string };
}

export interface PlanInput {
  options: TransformOptions;
  results: ServerResult[];
  /**
   * This provider's entities as the catalog has them now, or undefined when the catalog could not
   * be asked. Without them nothing is removed and failed servers are left as they are.
   */
  existing: Entity[] | undefined;
  now: Date;
  gracePeriodMs: number;
  maxRemovalShare: number;
}

export interface ServerPlan {
  host: string;
  /** `read`: fresh entities; `kept`: the catalog's copies, marked stale; `dropped`: past the grace period. */
  status: 'read' | 'kept' | 'dropped' | 'unknown';
  since?: string;
  keptUntil?: string;
}

export interface MutationPlan {
  /** Entities to write, sorted: fresh ones and stale copies of failed servers. */
  entities: Entity[];
  /** Refs to remove. */
  removed: string[];
  /** Refs that would have been removed but exceed `maxRemovalShare`. */
  heldBack: string[];
  /** Refs that two entities would share (two servers whose names clash); only the first is written. */
  duplicates: string[];
  servers: ServerPlan[];
  counts: { added: number; updated: number; unchanged: number; kept: number; removed: number };
}

function refOf(entity: Entity): string {
  return stringifyEntityRef(entity).toLowerCase();
}

/**
 * Decides what one run writes to the catalog and what it removes.
 *
 * Removal is limited to entities of servers that were read in this run, servers that left the
 * config, and servers unreadable for longer than the grace period. A failed server's entities are
 * written back from the catalog's own copies, marked stale. The catalog thereby serves as the
 * last good reading, which survives restarts and is shared by every replica.
 */
export function planMutation(input: PlanInput): MutationPlan {
  const existingByRef = new Map((input.existing ?? []).map(entity => [refOf(entity), entity]));
  const configuredHosts = new Set(input.results.map(result => result.host.toLowerCase()));
  const entities: Entity[] = [];
  const removableHosts = new Set<string>();
  const servers: ServerPlan[] = [];
  let kept = 0;

  for (const result of input.results) {
    const host = result.host.toLowerCase();
    if (result.reading) {
      entities.push(...readingToEntities(result.reading, input.options));
      removableHosts.add(host);
      servers.push({ host: result.host, status: 'read' });
      continue;
    }
    if (!input.existing) {
      servers.push({ host: result.host, status: 'unknown' });
      continue;
    }

    const copies = input.existing.filter(entity => serverOf(entity)?.toLowerCase() === host);
    const since = unreadableSince(copies, input.now);
    const keptUntil = gracePeriodEnd(since, input.gracePeriodMs);
    if (copies.length > 0 && keptUntil.getTime() <= input.now.getTime()) {
      removableHosts.add(host);
      servers.push({ host: result.host, status: 'dropped', since, keptUntil: keptUntil.toISOString() });
      continue;
    }
    for (const copy of copies) {
      entities.push(staleCopy(copy, result.failure?.kind ?? 'unknown', since));
    }
    kept += copies.length;
    servers.push({ host: result.host, status: 'kept', since, keptUntil: keptUntil.toISOString() });
  }

  const { unique: sorted, duplicates } = dropDuplicateRefs(sortEntities(entities));
  const wanted = new Set(sorted.map(refOf));
  const candidates = (input.existing ?? [])
    .filter(entity => !wanted.has(refOf(entity)))
    .filter(entity => {
      const host = serverOf(entity)?.toLowerCase();
      return host === undefined || removableHosts.has(host) || !configuredHosts.has(host);
    })
    .map(refOf)
    .sort();

  // A claimed site's Component goes because an entity took the site over, not because IIS lost
  // it, so the guard against mass removals leaves these removals alone.
  const claimedRefs = new Set((input.existing ?? []).filter(entity => isClaimedSite(entity, input.options)).map(refOf));
  const claimed = candidates.filter(ref => claimedRefs.has(ref));
  const guarded = candidates.filter(ref => !claimedRefs.has(ref));
  const existingCount = existingByRef.size;
  const tooMany = existingCount > 0 && guarded.length / existingCount > input.maxRemovalShare;
  const removed = tooMany ? claimed : candidates;
  const heldBack = tooMany ? guarded : [];

  let added = 0;
  let updated = 0;
  let unchanged = 0;
  for (const entity of sorted) {
    const before = existingByRef.get(refOf(entity));
    if (!before) {
      added++;
    } else if (hasSameContent(entity, before)) {
      unchanged++;
    } else {
      updated++;
    }
  }

  return {
    entities: sorted,
    removed,
    heldBack,
    duplicates,
    servers,
    counts: { added, updated, unchanged, kept, removed: removed.length },
  };
}

function isClaimedSite(entity: Entity, options: TransformOptions): boolean {
  const host = serverOf(entity);
  const site = entity.metadata.annotations?.[ANNOTATION_SITE_NAME];
  if (entity.kind !== 'Component' || host === undefined || site === undefined) {
    return false;
  }
  return options.claims?.sitesClaimedOn(host)?.has(site) ?? false;
}

function dropDuplicateRefs(entities: Entity[]): { unique: Entity[]; duplicates: string[] } {
  const seen = new Set<string>();
  const unique: Entity[] = [];
  const duplicates: string[] = [];
  for (const entity of entities) {
    const ref = refOf(entity);
    if (seen.has(ref)) {
      duplicates.push(ref);
    } else {
      seen.add(ref);
      unique.push(entity);
    }
  }
  return { unique, duplicates };
}
