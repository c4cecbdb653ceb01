import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_READ_ERROR,
  ANNOTATION_SERVER,
  ANNOTATION_UNREADABLE_SINCE,
} from '../entities/annotations';

/** Annotations that the catalog's own processors add to stored entities; the provider never sets them. */
const PROCESSOR_ANNOTATIONS = ['backstage.io/view-url', 'backstage.io/edit-url', 'backstage.io/source-location'];

/**
 * Finds when a failed server's entities were first marked unreadable: the server Resource's
 * `iis.net/unreadable-since`, else any entity's, else now. Keeping the first date means the
 * annotation does not change from run to run while the server stays down.
 */
export function unreadableSince(copies: Entity[], now: Date): string {
  const server = copies.find(entity => entity.spec?.type === 'iis-server');
  const marked = [server, ...copies].find(entity => entity?.metadata.annotations?.[ANNOTATION_UNREADABLE_SINCE]);
  return marked?.metadata.annotations?.[ANNOTATION_UNREADABLE_SINCE] ?? toIsoSeconds(now);
}

export function gracePeriodEnd(since: string, gracePeriodMs: number): Date {
  const start = Date.parse(since);
  return new Date((Number.isNaN(start) ? Date.now() : start) + gracePeriodMs);
}

/**
 * Turns an entity as the catalog stores it back into what the provider emits, marked as coming
 * from an unreadable server: without the catalog's own fields and processor annotations.
 */
export function staleCopy(stored: Entity, failureKind: string, since: string): Entity {
  const { uid: _uid, etag: _etag, generation: _generation, ...metadata } = stored.metadata as Entity['metadata'] & {
    generation?: number;
  };
  const annotations = { ...metadata.annotations };
  for (const key of PROCESSOR_ANNOTATIONS) {
    delete annotations[key];
  }
  annotations[ANNOTATION_UNREADABLE_SINCE] = since;
  annotations[ANNOTATION_READ_ERROR] = failureKind;

  const copy: Entity = { apiVersion: stored.apiVersion, kind: stored.kind, metadata: { ...metadata, annotations } };
  if (stored.spec) {
    copy.spec = stored.spec;
  }
  return copy;
}

/** Returns the host an entity belongs to, from `iis.net/server`. */
export function serverOf(entity: Entity): string | undefined {
  return entity.metadata.annotations?.[ANNOTATION_SERVER];
}

function toIsoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
