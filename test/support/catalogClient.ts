import type { Entity } from '@backstage/catalog-model';

/** Reads entities through the catalog REST API, as a user or the frontend would. */
export async function queryEntities(catalogUrl: string, filter: string): Promise<Entity[]> {
  const entities: Entity[] = [];
  let cursor: string | undefined;
  do {
    const query = cursor ? `cursor=${encodeURIComponent(cursor)}` : `filter=${encodeURIComponent(filter)}&limit=500`;
    const response = await fetch(`${catalogUrl}/entities/by-query?${query}`);
    if (!response.ok) {
      throw new Error(`GET entities/by-query failed with ${response.status}: ${await response.text()}`);
    }
    const page = (await response.json()) as { items: Entity[]; pageInfo: { nextCursor?: string } };
    entities.push(...page.items);
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  return entities;
}

/** Reads every entity this module emitted, recognised by its `iis.net/server` annotation. */
export function queryIisEntities(catalogUrl: string): Promise<Entity[]> {
  return queryEntities(catalogUrl, 'metadata.annotations.iis.net/server');
}

/** Polls `check` every 250 ms until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError}` : ''}`);
}

/** Starts a scheduled task now through the scheduler's standard trigger endpoint. */
export async function triggerTask(catalogUrl: string, taskId: string): Promise<void> {
  const response = await fetch(`${catalogUrl}/.backstage/scheduler/v1/tasks/${encodeURIComponent(taskId)}/trigger`, { method: 'POST' });
  if (response.status !== 200) {
    throw new Error(`POST trigger of ${taskId} failed with ${response.status}: ${await response.text()}`);
  }
}

/** Maps each entity ref to its etag, to tell whether the catalog changed an entity. */
export function etagsOf(entities: Entity[]): Map<string, string> {
  return new Map(entities.map(entity => [`${entity.kind}:${entity.metadata.namespace}/${entity.metadata.name}`.toLowerCase(), entity.metadata.etag!]));
}
