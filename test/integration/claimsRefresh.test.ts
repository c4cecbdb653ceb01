import type { JsonObject } from '@backstage/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { triggerTask, waitFor } from '../support/catalogClient';
import { CatalogInfoFile, claimant, getEntity } from '../support/claimants';
import { FarmUnderTest, providerConfig, startFarmSimulator } from '../support/farmSimulator';
import { waitForRun } from '../support/runSummaries';
import { CatalogUnderTest, startCatalog } from '../support/startCatalog';

const accessToken = 'claims-refresh-token-5e19';

/**
 * At the catalog's default processing interval (100 to 150 s), a claimant shows new facts within
 * seconds only when the module refreshes it after a read.
 */
describe('claimant refresh at the default processing interval', () => {
  let farm: FarmUnderTest;
  let catalog: CatalogUnderTest;

  const siteName = async (name: string) => (await getEntity(catalog.catalogUrl, 'component', name))?.metadata.annotations?.['iis.net/site-name'];

  beforeAll(async () => {
    farm = await startFarmSimulator(accessToken);
    const file = new CatalogInfoFile([
      claimant('cdn', { 'iis.net/site': 'web01.corp.example/cdn.example.com' }),
      claimant('shop', { 'iis.net/site': 'web01.corp.example/shop.example.com' }),
    ]);
    const config = providerConfig('default-interval', { servers: [farm.apiServer('web01.corp.example')] });
    (config.catalog as JsonObject).locations = file.locationConfig();
    catalog = await startCatalog(config);

    await waitForRun(catalog.logs, 1);
    await waitFor('both claimants', async () => ((await getEntity(catalog.catalogUrl, 'component', 'shop')) ? true : undefined));
    // This run records both claims, but neither claimant is processed again for 100 s or more.
    await triggerTask(catalog.catalogUrl, 'iis-provider:default-interval:refresh');
    await waitForRun(catalog.logs, 2);
  });

  afterAll(async () => {
    await catalog?.stop();
    await farm?.simulator.stop();
  });

  it('updates every claimant of the server', async () => {
    const response = await fetch(`${catalog.catalogUrl}/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ entityRef: 'component:default/cdn' }),
    });
    expect(response.status).toBe(200);

    expect(await waitFor('cdn enriched', () => siteName('cdn'), 15_000)).toBe('cdn.example.com');
    expect(await waitFor('shop enriched', () => siteName('shop'), 15_000)).toBe('shop.example.com');
  });
});
