import type { SimulatorClient } from './test-client';

/**
 * Fetches every resource of one simulated server, lists and details, with every field and with
 * the given headers, and returns the raw response bodies. Tests search them for leaked secrets.
 */
export async function crawlServer(
  client: SimulatorClient,
  host: string,
  headers: Record<string, string> = {},
): Promise<string[]> {
  const bodies: string[] = [];
  const fetchText = async (path: string): Promise<string> => {
    const response = await client.get(host, path, headers);
    const text = await response.text();
    if (response.status !== 200) {
      throw new Error(`GET ${path} on ${host} returned ${response.status}: ${text}`);
    }
    bodies.push(text);
    return text;
  };

  await fetchText('/api');
  const sites = JSON.parse(await fetchText('/api/webserver/websites?fields=*')).websites;
  const pools = JSON.parse(await fetchText('/api/webserver/application-pools?fields=*')).app_pools;
  for (const site of sites) {
    await fetchText(`/api/webserver/websites/${site.id}`);
    const webapps = JSON.parse(await fetchText(`/api/webserver/webapps?website.id=${site.id}&fields=*`)).webapps;
    for (const app of webapps) {
      await fetchText(`/api/webserver/webapps/${app.id}`);
    }
  }
  for (const pool of pools) {
    await fetchText(`/api/webserver/application-pools/${pool.id}`);
    await fetchText(`/api/webserver/webapps?application_pool.id=${pool.id}`);
    await fetchText(`/api/webserver/websites?application_pool.id=${pool.id}`);
  }
  return bodies;
}
