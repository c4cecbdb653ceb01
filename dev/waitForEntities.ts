/**
 * Polls the catalog REST API until entities with the given annotation appear and their count
 * has stayed the same for two polls, then returns the count. Throws after `timeoutMs`.
 */
export async function waitForEntities(catalogUrl: string, annotation: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const query = `${catalogUrl}/entities/by-query?filter=metadata.annotations.${annotation}&limit=1`;
  let previous = -1;

  while (Date.now() < deadline) {
    const count = await countEntities(query);
    if (count > 0 && count === previous) {
      return count;
    }
    previous = count;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`No IIS entities reached the catalog at ${catalogUrl} within ${timeoutMs / 1000} s; see the backend log above`);
}

async function countEntities(query: string): Promise<number> {
  try {
    const response = await fetch(query);
    if (!response.ok) {
      return 0;
    }
    const body = (await response.json()) as { totalItems?: number };
    return body.totalItems ?? 0;
  } catch {
    return 0;
  }
}
