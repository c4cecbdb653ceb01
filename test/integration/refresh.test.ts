import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBinding } from '../../src/iis/bindings';
import { IisServerReading } from '../../src/iis/model';
import { queryIisEntities, triggerTask, waitFor } from '../support/catalogClient';
import { FarmUnderTest, providerConfig, startFarmSimulator } from '../support/farmSimulator';
import { runSummaries, waitForRun } from '../support/runSummaries';
import { CatalogUnderTest, startCatalog } from '../support/startCatalog';

const accessToken = 'refresh-token-6b0f';
const host = 'web01.corp.example';
const siteRef = 'component:default/web01.corp.example--default-web-site';

async function postRefresh(catalogUrl: string, entityRef: string): Promise<void> {
  const response = await fetch(`${catalogUrl}/refresh`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ entityRef }),
  });
  expect(response.status).toBe(200);
}

function bindingsOf(entity: Entity | undefined): string[] {
  const bindings = JSON.parse(entity?.metadata.annotations?.['iis.net/bindings'] ?? '[]') as Array<{ bindingInformation: string }>;
  return bindings.map(binding => binding.bindingInformation);
}

function refreshReads(catalog: CatalogUnderTest): string[] {
  return catalog.logs.filter(line => line.message.startsWith('Refresh of ') && line.message.includes(': IIS server ')).map(line => line.message);
}

describe('refresh of IIS entities from the catalog', () => {
  let farm: FarmUnderTest;
  let catalog: CatalogUnderTest;
  let original: IisServerReading;
  let requestsPerRead: number;

  beforeAll(async () => {
    farm = await startFarmSimulator(accessToken);
    original = farm.reading(host);
    const config = providerConfig('ui', { servers: [farm.apiServer(host), farm.apiServer('web02.corp.example')] });
    // Processing every entity about once a second shows that periodic passes cause no reads.
    (config.catalog as JsonObject).processingInterval = { seconds: 1 };
    catalog = await startCatalog(config);
    await waitForRun(catalog.logs, 1);
    requestsPerRead = farm.simulator.requests(host);
    await waitFor('the site in the catalog', async () =>
      (await queryIisEntities(catalog.catalogUrl)).find(entity => entity.metadata.name === 'web01.corp.example--default-web-site'),
    );
  });

  afterAll(async () => {
    await catalog?.stop();
    await farm?.simulator.stop();
  });

  async function site(name = 'web01.corp.example--default-web-site') {
    return (await queryIisEntities(catalog.catalogUrl)).find(entity => entity.metadata.name === name);
  }

  it('shows a changed binding after a refresh', async () => {
    const changed = structuredClone(original);
    changed.sites[0].bindings = [...changed.sites[0].bindings, parseBinding('http', '*:8081:')];
    farm.simulator.setServer(host, changed);

    const started = Date.now();
    await postRefresh(catalog.catalogUrl, siteRef);
    const updated = await waitFor('the new binding', async () => {
      const entity = await site();
      return bindingsOf(entity).includes('*:8081:') ? entity : undefined;
    }, 15_000);
    const seconds = (Date.now() - started) / 1000;
    console.log(`Refresh to updated entity: ${seconds.toFixed(1)} s`);
    expect(seconds).toBeLessThan(15);
    expect(updated!.metadata.links!.map(link => link.url)).toContain('http://web01.corp.example:8081/');
    expect(refreshReads(catalog).some(line => line.includes(siteRef))).toBe(true);
  });

  it('adds and removes sites on a refresh', async () => {
    const next = structuredClone(original);
    const removed = next.sites.pop()!;
    next.sites.push({ ...structuredClone(original.sites[0]), name: 'added-by-refresh', id: 901, apiId: undefined });
    farm.simulator.setServer(host, next);

    await postRefresh(catalog.catalogUrl, 'resource:default/web01.corp.example');
    await waitFor('the added site to appear and the removed one to go', async () => {
      const titles = (await queryIisEntities(catalog.catalogUrl)).map(entity => entity.metadata.title);
      return titles.includes('added-by-refresh') && !titles.includes(removed.name) ? true : undefined;
    }, 15_000);
  });

  it('re-reads right after a scheduled run', async () => {
    const runs = runSummaries(catalog.logs).length;
    await triggerTask(catalog.catalogUrl, 'iis-provider:ui:refresh');
    await waitForRun(catalog.logs, runs + 1);

    const changed = structuredClone(original);
    changed.sites[0].bindings = [parseBinding('http', '*:8082:')];
    farm.simulator.setServer(host, changed);
    await postRefresh(catalog.catalogUrl, siteRef);
    await waitFor('the binding changed after the run', async () => (bindingsOf(await site()).includes('*:8082:') ? true : undefined), 15_000);
  });

  it('reads once for a burst of 50 refreshes', async () => {
    await waitFor('no pending refresh read', async () => (await idleFor(3000)) ? true : undefined, 20_000);
    const readsBefore = refreshReads(catalog).length;
    const requestsBefore = farm.simulator.requests(host);
    const entities = (await queryIisEntities(catalog.catalogUrl)).filter(entity => entity.metadata.annotations!['iis.net/server'] === host);
    const refs = Array.from({ length: 50 }, (_, index) => entities[index % entities.length]);
    await Promise.all(refs.map(entity => postRefresh(catalog.catalogUrl, `${entity.kind}:${entity.metadata.namespace}/${entity.metadata.name}`)));

    await waitFor('one refresh read', async () => (refreshReads(catalog).length > readsBefore ? true : undefined), 15_000);
    await idleFor(3000);
    expect(refreshReads(catalog).length - readsBefore).toBe(1);
    expect(farm.simulator.requests(host) - requestsBefore).toBe(requestsPerRead);
    expect(refreshReads(catalog).at(-1)).toMatch(/^Refresh of .+ and 49 more: IIS server web01\.corp\.example read/);
  });

  it('causes no reads from periodic processing', async () => {
    // With processingInterval at 1 s, every entity is processed about 15 times in 20 s, as often
    // as in half an hour of the default 100 to 150 s interval.
    await idleFor(3000);
    const before = farm.simulator.requests();
    await idleFor(20_000);
    expect(farm.simulator.requests()).toBe(before);
  });

  /** Waits `ms` and returns whether the simulator saw no request in that time. */
  async function idleFor(ms: number): Promise<boolean> {
    const before = farm.simulator.requests();
    await new Promise(resolve => setTimeout(resolve, ms));
    return farm.simulator.requests() === before;
  }
});
