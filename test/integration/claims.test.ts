import type { JsonObject } from '@backstage/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBinding } from '../../src/iis/bindings';
import { queryIisEntities, triggerTask, waitFor } from '../support/catalogClient';
import { CatalogInfoFile, claimant, dependsOnTargets, getEntity, linkUrls } from '../support/claimants';
import { CatalogRequestLog, catalogRequestRecorder } from '../support/catalogRequestCounter';
import { FarmUnderTest, providerConfig, startFarmSimulator } from '../support/farmSimulator';
import { runSummaries, waitForRun } from '../support/runSummaries';
import { CatalogUnderTest, startCatalog } from '../support/startCatalog';

const accessToken = 'claims-token-2c41';
const taskId = 'iis-provider:claims:refresh';
/** A site whose name needs the annotation's escapes: a comma, a slash and spaces. */
const oddSiteName = 'Legacy, Reports/2019';

const entities = [
  // A farm claim whose link matches the bindings on both servers.
  claimant('shop', { 'iis.net/site': 'web01.corp.example/shop.example.com, WEB02.corp.example/shop.example.com' }, [
    { url: 'https://shop.example.com/', title: 'Shop' },
    { url: 'https://wiki.corp.example/shop', title: 'Runbook' },
  ]),
  // The link's port and protocol are wrong: the site has only https on 443.
  claimant('cdn', { 'iis.net/site': 'web01.corp.example/cdn.example.com' }, [{ url: 'http://cdn.example.com:8080/assets', title: 'CDN' }]),
  claimant('orders', {
    'iis.net/site': 'api01.corp.example/orders-api',
    'iis.net/endpoint': 'https://orders.api.corp.example:8443/v2',
  }),
  claimant('typo', { 'iis.net/site': 'web01.corp.example/Default Web site' }),
  claimant('nowhere', { 'iis.net/site': 'web09.corp.example/Default Web Site' }),
  claimant('partners-a', { 'iis.net/site': 'web02.corp.example/partners.example.com' }),
  claimant('partners-b', { 'iis.net/site': 'web02.corp.example/partners.example.com' }),
  claimant('reports', { 'iis.net/site': 'web02.corp.example/Legacy%2C Reports/2019' }),
  claimant('broken', { 'iis.net/site': 'web01.corp.example' }),
];

describe('claims of IIS sites by hand-written entities', () => {
  let farm: FarmUnderTest;
  let catalog: CatalogUnderTest;
  let file: CatalogInfoFile;
  const catalogRequests: CatalogRequestLog = { requests: [] };

  const entity = (name: string) => getEntity(catalog.catalogUrl, 'component', name);
  const findings = async (name: string) => (await entity(name))?.metadata.annotations?.['iis.net/claim-findings'];

  beforeAll(async () => {
    farm = await startFarmSimulator(accessToken);
    const web02 = structuredClone(farm.reading('web02.corp.example'));
    web02.sites.push({ ...structuredClone(web02.sites[0]), name: oddSiteName, id: 42, apiId: undefined, bindings: [parseBinding('http', '*:8090:')] });
    farm.simulator.setServer('web02.corp.example', web02);

    file = new CatalogInfoFile(entities);
    const config = providerConfig('claims', {
      servers: ['web01.corp.example', 'web02.corp.example', 'api01.corp.example'].map(host => farm.apiServer(host)),
    });
    const catalogConfig = config.catalog as JsonObject;
    catalogConfig.processingInterval = { seconds: 1 };
    catalogConfig.locations = file.locationConfig();
    catalog = await startCatalog(config, { features: [catalogRequestRecorder(catalogRequests)] });

    // The first run may start before the file's entities are in the catalog, so run once more.
    await waitForRun(catalog.logs, 1);
    await waitFor('the claiming entities', async () => ((await entity('broken')) ? true : undefined));
    await triggerTask(catalog.catalogUrl, taskId);
    await waitForRun(catalog.logs, 2);
  });

  afterAll(async () => {
    await catalog?.stop();
    await farm?.simulator.stop();
  });

  it('enriches a claim with a matching link', async () => {
    const shop = await waitFor('shop enriched', async () => {
      const found = await entity('shop');
      return found?.metadata.annotations?.['iis.net/bindings'] ? found : undefined;
    });
    const annotations = shop.metadata.annotations!;

    expect(annotations['iis.net/server']).toBe('web01.corp.example, web02.corp.example');
    expect(annotations['iis.net/site-name']).toBe('shop.example.com');
    expect(annotations['iis.net/state']).toBe('started');
    expect(annotations['iis.net/app-pool']).toBe('Shop');
    expect(Object.keys(JSON.parse(annotations['iis.net/bindings']))).toEqual(['web01.corp.example/shop.example.com', 'web02.corp.example/shop.example.com']);
    expect(annotations['iis.net/provider']).toBeUndefined();
    expect(annotations['iis.net/claim-findings']).toBeUndefined();
    expect(annotations['iis.net/claim-pending']).toBeUndefined();
  });

  it('adds binding links after the own ones', async () => {
    const urls = linkUrls(await entity('shop'));

    expect(urls.slice(0, 2)).toEqual(['https://shop.example.com/', 'https://wiki.corp.example/shop']);
    expect(urls).toContain('http://shop.example.com/');
    expect(urls).toContain('https://www.shop.example.com/');
    expect(urls).toContain('https://192.0.2.21/');
    expect(urls.filter(url => url === 'https://shop.example.com/')).toHaveLength(1);
  });

  it('relates a claim to pools and servers', async () => {
    const shop = await waitFor('shop relations', async () => {
      const found = await entity('shop');
      return dependsOnTargets(found).length > 0 ? found : undefined;
    });

    expect(dependsOnTargets(shop)).toEqual([
      'resource:default/web01.corp.example',
      'resource:default/web01.corp.example--shop',
      'resource:default/web01.corp.example--shopcheckout',
      'resource:default/web02.corp.example',
      'resource:default/web02.corp.example--shop',
    ]);
    const pool = await getEntity(catalog.catalogUrl, 'resource', 'web02.corp.example--shop');
    expect(pool?.relations?.some(relation => relation.type === 'dependencyOf' && relation.targetRef === 'component:default/shop')).toBe(true);
  });

  it('emits no Component for claimed sites', async () => {
    const names = (await queryIisEntities(catalog.catalogUrl)).map(found => found.metadata.name);

    expect(names).not.toContain('web01.corp.example--shop-example-com');
    expect(names).not.toContain('web02.corp.example--shop-example-com');
    expect(names).not.toContain('web02.corp.example--partners-example-com');
    expect(names).not.toContain('api01.corp.example--orders-api');
    expect(names).toContain('web01.corp.example--default-web-site');
    expect(names).toContain('web01.corp.example--shop');
    expect(names).toContain('web01.corp.example');
  });

  it('reports a link with wrong port and protocol', async () => {
    const message = await waitFor('the cdn finding', () => findings('cdn'));

    expect(message).toContain('link "CDN" declares http://cdn.example.com:8080/assets');
    expect(message).toContain('has no http binding for cdn.example.com on port 8080');
    expect(message).toContain('https *:443:cdn.example.com (https://cdn.example.com/)');
    expect(message).toContain('Fix: change link "CDN" to https://cdn.example.com/assets');
    expect(linkUrls(await entity('cdn'))).toEqual(['http://cdn.example.com:8080/assets', 'https://cdn.example.com/']);
  });

  it('reports a wrong iis.net/endpoint port', async () => {
    const message = await waitFor('the orders finding', () => findings('orders'));

    expect(message).toContain('iis.net/endpoint declares https://orders.api.corp.example:8443/v2');
    expect(message).toContain('Fix: change iis.net/endpoint to https://orders.api.corp.example/v2');
  });

  it('re-reads the server on a claimant refresh', async () => {
    await waitFor('the orders finding', () => findings('orders'));
    const orders = structuredClone(farm.reading('api01.corp.example'));
    const site = orders.sites.find(candidate => candidate.name === 'orders-api')!;
    site.bindings = [...site.bindings, parseBinding('https', '*:8443:orders.api.corp.example', 1)];
    farm.simulator.setServer('api01.corp.example', orders);

    const response = await fetch(`${catalog.catalogUrl}/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ entityRef: 'component:default/orders' }),
    });
    expect(response.status).toBe(200);

    const started = Date.now();
    const fixed = await waitFor('orders without findings', async () => {
      const found = await entity('orders');
      return found?.metadata.annotations?.['iis.net/bindings']?.includes('*:8443:') && !found.metadata.annotations['iis.net/claim-findings'] ? found : undefined;
    }, 15_000);
    console.log(`Claimant refresh to updated entity: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(linkUrls(fixed)).toContain('https://orders.api.corp.example:8443/');
  });

  it('reads once per claimant refresh', async () => {
    const reads = () => catalog.logs.filter(line => line.message.startsWith('Refresh of component:default/orders') && line.message.includes(': IIS server '));
    await waitFor('the follow-up refresh', async () =>
      catalog.logs.find(line => line.message.startsWith('Refreshed component:default/orders again')),
    );
    // The follow-up refresh must not start another read: a read would follow within the 2 s debounce window.
    const requests = farm.simulator.requests('api01.corp.example');
    await new Promise(resolve => setTimeout(resolve, 3000));

    expect(farm.simulator.requests('api01.corp.example')).toBe(requests);
    expect(reads()).toHaveLength(1);
  });

  it('ignores links to other hosts', async () => {
    await waitFor('shop enriched', async () => ((await entity('shop'))?.metadata.annotations?.['iis.net/bindings'] ? true : undefined));

    expect(await findings('shop')).toBeUndefined();
  });

  it('reports an unknown site name', async () => {
    const message = await waitFor('the typo finding', () => findings('typo'));

    expect(message).toContain('IIS server web01.corp.example has no site named "Default Web site"');
    expect(message).toContain('did you mean "Default Web Site"?');
  });

  it('reports an unknown server', async () => {
    const message = await waitFor('the nowhere finding', () => findings('nowhere'));

    expect(message).toContain('names server web09.corp.example, which no IIS provider of this catalog reads');
    expect(message).toContain('api01.corp.example, web01.corp.example, web02.corp.example');
  });

  it('reports a double claim on both', async () => {
    const first = await waitFor('the partners-a finding', () => findings('partners-a'));
    const second = await waitFor('the partners-b finding', () => findings('partners-b'));

    expect(first).toContain('is also claimed by component:default/partners-b');
    expect(second).toContain('is also claimed by component:default/partners-a');
    expect((await entity('partners-a'))?.metadata.annotations?.['iis.net/site-name']).toBe('partners.example.com');
  });

  it('reads escaped commas and slashes', async () => {
    const reports = await waitFor('reports enriched', async () => {
      const found = await entity('reports');
      return found?.metadata.annotations?.['iis.net/site-name'] ? found : undefined;
    });

    expect(reports.metadata.annotations!['iis.net/site-name']).toBe(oddSiteName);
    expect(reports.metadata.annotations!['iis.net/claim-findings']).toBeUndefined();
    expect(linkUrls(reports)).toEqual(['http://web02.corp.example:8090/']);
  });

  it('reports an item without a site name', async () => {
    const message = await waitFor('the broken finding', () => findings('broken'));

    expect(message).toBe('iis.net/site item "web01.corp.example" has no site name: write <server host>/<site name>, for example web01.corp.example/Default Web Site');
  });

  it('queries the catalog once per run', async () => {
    catalogRequests.requests.length = 0;
    const runs = runSummaries(catalog.logs).length;
    await triggerTask(catalog.catalogUrl, taskId);
    await waitForRun(catalog.logs, runs + 1);
    await triggerTask(catalog.catalogUrl, taskId);
    await waitForRun(catalog.logs, runs + 2);
    const providerQueries = catalogRequests.requests.filter(request => request.includes('iis.net/provider'));

    expect(providerQueries).toHaveLength(2);
    expect(providerQueries.every(request => request.includes('iis.net/site'))).toBe(true);
  });

  it('logs a finding once per change', async () => {
    // This runs after the tests above, which took several seconds at a processing interval of
    // one second, so the cdn entity went through several processing passes with the same finding.
    await waitFor('the cdn finding', () => findings('cdn'));
    const lines = catalog.logs.filter(line => line.level === 'warn' && line.message.startsWith('IIS site claim of component:default/cdn:'));

    expect(lines).toHaveLength(1);
  });

  it('returns the Component of a removed claim', async () => {
    await waitFor('the cdn finding', () => findings('cdn'));
    file.write(entities.map(found => (found.metadata.name === 'cdn' ? claimant('cdn', {}, found.metadata.links) : found)));
    await waitFor('cdn without its claim', async () => ((await entity('cdn'))?.metadata.annotations?.['iis.net/site'] === undefined ? true : undefined));
    const runs = runSummaries(catalog.logs).length;
    await triggerTask(catalog.catalogUrl, taskId);
    await waitForRun(catalog.logs, runs + 1);

    const component = await waitFor('the provider Component', () => getEntity(catalog.catalogUrl, 'component', 'web01.corp.example--cdn-example-com'));
    expect(component.metadata.annotations!['iis.net/site-name']).toBe('cdn.example.com');
    const cdn = await waitFor('cdn without findings', async () => {
      const found = await entity('cdn');
      return found?.metadata.annotations?.['iis.net/claim-findings'] === undefined ? found : undefined;
    });
    expect(cdn.metadata.annotations!['iis.net/bindings']).toBeUndefined();
  });
});
