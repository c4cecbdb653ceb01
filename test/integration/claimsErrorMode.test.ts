import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { triggerTask, waitFor } from '../support/catalogClient';
import { CatalogInfoFile, claimant, getEntity, linkUrls } from '../support/claimants';
import { FarmUnderTest, providerConfig, startFarmSimulator } from '../support/farmSimulator';
import { waitForRun } from '../support/runSummaries';
import { CatalogUnderTest, startCatalog } from '../support/startCatalog';

const accessToken = 'claims-error-token-77d0';

function errorsOf(entity: Entity | undefined): string[] {
  const items = (entity as { status?: { items?: Array<{ level: string; error: { message: string } }> } } | undefined)?.status?.items ?? [];
  return items.filter(item => item.level === 'error').map(item => item.error.message);
}

describe('claim findings in error mode', () => {
  let farm: FarmUnderTest;
  let catalog: CatalogUnderTest;
  let file: CatalogInfoFile;
  const good = claimant('cdn', { 'iis.net/site': 'web01.corp.example/cdn.example.com' }, [{ url: 'https://cdn.example.com/', title: 'CDN' }]);

  const entity = (name: string) => getEntity(catalog.catalogUrl, 'component', name);

  beforeAll(async () => {
    farm = await startFarmSimulator(accessToken);
    file = new CatalogInfoFile([good]);
    const config = providerConfig('strict', { servers: [farm.apiServer('web01.corp.example')], claims: { findings: 'error' } });
    const catalogConfig = config.catalog as JsonObject;
    catalogConfig.processingInterval = { seconds: 1 };
    catalogConfig.locations = file.locationConfig();
    catalog = await startCatalog(config);

    await waitForRun(catalog.logs, 1);
    await waitFor('the claiming entity', () => entity('cdn'));
    await triggerTask(catalog.catalogUrl, 'iis-provider:strict:refresh');
    await waitForRun(catalog.logs, 2);
    await waitFor('cdn enriched', async () => ((await entity('cdn'))?.metadata.annotations?.['iis.net/bindings'] ? true : undefined));
  });

  afterAll(async () => {
    await catalog?.stop();
    await farm?.simulator.stop();
  });

  it('enriches a matching claim without errors', async () => {
    const cdn = await entity('cdn');

    expect(errorsOf(cdn)).toEqual([]);
    expect(cdn?.metadata.annotations?.['iis.net/site-name']).toBe('cdn.example.com');
  });

  it('freezes an entity with a wrong port', async () => {
    file.write([claimant('cdn', good.metadata.annotations!, [{ url: 'http://cdn.example.com:8080/', title: 'CDN' }])]);

    const frozen = await waitFor('the processing error', async () => {
      const found = await entity('cdn');
      return errorsOf(found).length > 0 ? found : undefined;
    });
    expect(errorsOf(frozen)).toHaveLength(1);
    expect(errorsOf(frozen)[0]).toContain('link "CDN" declares http://cdn.example.com:8080/');
    expect(errorsOf(frozen)[0]).toContain('Fix: change link "CDN" to https://cdn.example.com/');
    // The catalog keeps the last valid state: the old link, no finding annotation.
    expect(linkUrls(frozen)).toEqual(['https://cdn.example.com/']);
    expect(frozen.metadata.annotations?.['iis.net/claim-findings']).toBeUndefined();
  });

  it('thaws the entity once fixed', async () => {
    file.write([claimant('cdn', good.metadata.annotations!, [{ url: 'https://cdn.example.com/static', title: 'CDN' }])]);

    const fixed = await waitFor('the fixed entity', async () => {
      const found = await entity('cdn');
      return linkUrls(found).includes('https://cdn.example.com/static') ? found : undefined;
    });
    expect(errorsOf(fixed)).toEqual([]);
  });

  it('marks a claim of an unknown site', async () => {
    file.write([good, claimant('typo', { 'iis.net/site': 'web01.corp.example/CDN.example.com' })]);
    // The first pass finds no record of the new claim, so the entity appears; the next run records the unknown site.
    await waitFor('the typo entity', () => entity('typo'));
    await triggerTask(catalog.catalogUrl, 'iis-provider:strict:refresh');

    const typo = await waitFor('the typo error', async () => {
      const found = await entity('typo');
      return errorsOf(found).length > 0 ? found : undefined;
    });
    expect(errorsOf(typo)[0]).toContain('IIS server web01.corp.example has no site named "CDN.example.com"');
    expect(errorsOf(typo)[0]).toContain('did you mean "cdn.example.com"?');
  });

  it('marks both sides of a double claim', async () => {
    file.write([good, claimant('cdn-copy', good.metadata.annotations!)]);
    await waitFor('the second claimant', () => entity('cdn-copy'));
    await triggerTask(catalog.catalogUrl, 'iis-provider:strict:refresh');

    const copy = await waitFor('the error on the copy', async () => {
      const found = await entity('cdn-copy');
      return errorsOf(found).length > 0 ? found : undefined;
    });
    const original = await waitFor('the error on the original', async () => {
      const found = await entity('cdn');
      return errorsOf(found).length > 0 ? found : undefined;
    });
    expect(errorsOf(copy)[0]).toContain('is also claimed by component:default/cdn.');
    expect(errorsOf(original)[0]).toContain('is also claimed by component:default/cdn-copy.');
  });

  it('keeps the site while every claimant fails', async () => {
    // Both claimants are frozen by their errors, so the next run gives the site its own Component back.
    await triggerTask(catalog.catalogUrl, 'iis-provider:strict:refresh');

    const component = await waitFor('the provider Component', () => getEntity(catalog.catalogUrl, 'component', 'web01.corp.example--cdn-example-com'));
    expect(component.metadata.annotations?.['iis.net/site-name']).toBe('cdn.example.com');
    expect(errorsOf(await entity('cdn-copy'))).toHaveLength(1);
  });

  it('keeps out a new entity that fails', async () => {
    file.write([good, claimant('nowhere', { 'iis.net/site': 'web09.corp.example/Default Web Site' })]);

    const logged = await waitFor('the logged finding', async () =>
      catalog.logs.find(line => line.level === 'warn' && line.message.startsWith('IIS site claim of component:default/nowhere:')),
    );
    expect(logged.message).toContain('names server web09.corp.example, which no IIS provider of this catalog reads');
    // A finding at the first processing pass leaves the catalog without any valid state to show.
    expect(await entity('nowhere')).toBeUndefined();
  });
});
