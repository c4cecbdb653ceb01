import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_APP_POOL,
  ANNOTATION_SERVER,
  ANNOTATION_SITE_NAME,
  POOL_RESOURCE_TYPE,
  SERVER_RESOURCE_TYPE,
  SITE_COMPONENT_TYPE,
} from '../entities/annotations';
import { MAX_NAME_LENGTH, slugify, slugifyHost } from '../entities/names';

/** An entity whose name ends in a hash suffix instead of being the readable name. */
export interface SuffixedName {
  server: string;
  /** The kind of IIS item that the entity describes. */
  item: 'server' | 'application pool' | 'site';
  /** The exact IIS name: the host, pool name or site name. */
  iisName: string;
  entityName: string;
  /**
   * The cause of the suffix. `clash`: another item's name simplifies to the same name.
   * `too-long`: the readable name has more than 63 characters. `empty`: the name has no Latin
   * letters or digits to keep.
   */
  reason: 'clash' | 'too-long' | 'empty';
}

/**
 * Finds the entities that got a hash suffix, by comparing each name with the readable name that
 * `readingToEntities` builds first: the slugified host and item name joined by `--`, as in
 * `src/entities/names.ts` (`buildEntityName`).
 */
export function findSuffixedNames(entities: Entity[]): SuffixedName[] {
  const found: SuffixedName[] = [];
  for (const entity of entities) {
    const annotations = entity.metadata.annotations ?? {};
    const server = annotations[ANNOTATION_SERVER];
    if (server === undefined) {
      continue;
    }
    const described = describeItem(entity, server);
    if (!described) {
      continue;
    }
    const readable = [slugifyHost(server), ...described.parts].filter(part => part !== '').join('--');
    if (readable === entity.metadata.name) {
      continue;
    }
    found.push({
      server,
      item: described.item,
      iisName: described.iisName,
      entityName: entity.metadata.name,
      reason: reasonFor(readable),
    });
  }
  return found;
}

function describeItem(entity: Entity, server: string): { item: SuffixedName['item']; iisName: string; parts: string[] } | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const type = entity.spec?.type;
  if (type === SITE_COMPONENT_TYPE && annotations[ANNOTATION_SITE_NAME] !== undefined) {
    const name = annotations[ANNOTATION_SITE_NAME];
    return { item: 'site', iisName: name, parts: [slugify(name)] };
  }
  if (type === POOL_RESOURCE_TYPE && annotations[ANNOTATION_APP_POOL] !== undefined) {
    const name = annotations[ANNOTATION_APP_POOL];
    return { item: 'application pool', iisName: name, parts: [slugify(name)] };
  }
  if (type === SERVER_RESOURCE_TYPE) {
    return { item: 'server', iisName: server, parts: [] };
  }
  return undefined;
}

function reasonFor(readable: string): SuffixedName['reason'] {
  if (readable === '') {
    return 'empty';
  }
  return readable.length > MAX_NAME_LENGTH ? 'too-long' : 'clash';
}

/** Describes one suffixed name for the warnings list. */
export function describeSuffixedName(name: SuffixedName): string {
  const reasons: Record<SuffixedName['reason'], string> = {
    clash: `another ${name.item} name on this server simplifies to the same entity name`,
    'too-long': `its readable name would be longer than ${MAX_NAME_LENGTH} characters`,
    empty: 'its name has no Latin letters or digits to keep',
  };
  return `${name.server}: ${name.item} "${name.iisName}" is named ${name.entityName}, with a hash suffix, because ${reasons[name.reason]}`;
}
