import type { Entity } from '@backstage/catalog-model';

/**
 * Compares an emitted entity with the catalog's stored copy on what the provider controls:
 * title, description, links, tags, spec and every annotation that either side's `iis.net/` keys
 * or the emitted entity set. Fields the catalog adds (uid, etag, relations, processor
 * annotations) are ignored.
 */
export function hasSameContent(emitted: Entity, stored: Entity): boolean {
  return JSON.stringify(comparable(emitted, emitted)) === JSON.stringify(comparable(stored, emitted));
}

function comparable(entity: Entity, emitted: Entity) {
  const emittedKeys = Object.keys(emitted.metadata.annotations ?? {});
  const storedIisKeys = Object.keys(entity.metadata.annotations ?? {}).filter(key => key.startsWith('iis.net/'));
  const keys = [...new Set([...emittedKeys, ...storedIisKeys])].sort();
  const annotations = Object.fromEntries(keys.map(key => [key, entity.metadata.annotations?.[key] ?? null]));
  return {
    title: entity.metadata.title ?? null,
    description: entity.metadata.description ?? null,
    links: entity.metadata.links ?? [],
    tags: entity.metadata.tags ?? [],
    annotations,
    spec: sortKeys(entity.spec ?? {}),
  };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, inner]) => [key, sortKeys(inner)]),
    );
  }
  return value;
}
