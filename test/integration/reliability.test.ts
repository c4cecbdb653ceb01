import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Entity } from '@backstage/catalog-model';
import { afterEach, describe, expect, it } from 'vitest';
import { etagsOf, queryIisEntities, triggerTask, waitFor } from '../support/catalogClient';
import { FarmUnderTest, farmDir, providerConfig, startFarmSimulator } from '../support/farmSimulator';
import { runSummaries, waitForRun } from '../support/runSummaries';
import { CatalogUnderTest, startCatalog } from '../support/startCatalog';

const accessToken = 'reliability-token-2e8d';
const taskId = 'iis-provider:rel:refresh';
const legacy01 = {
  host: 'legacy01.corp.example',
  applicationHostConfig: path.join(farmDir, 'legacy01.corp.example', 'applicationHost.config'),
};

function ofServer(entities: Entity[], host: string): Entity[] {
  return entities.filter(entity => entity.metadata.annotations!['iis.net/server'] === host);
}

function entityCount(farm: FarmUnderTest, host: string): number {
  const reading = farm.reading(host);
  return 1 + reading.applicationPools.length + reading.sites.length;
}

/** Waits until the catalog shows exactly `expected` entities per host, each processed (with relations). */
async function waitForHosts(catalog: CatalogUnderTest, expected: Record<string, number>): Promise<Entity[]> {
  return waitFor(`entities per host ${JSON.stringify(expected)}`, async () => {
    const found = (await queryIisEntities(catalog.catalogUrl)).filter(entity => (entity.relations ?? []).length > 0);
    const matches = Object.entries(expected).every(([host, count]) => ofServer(found, host).length === count);
    const hosts = new Set(found.map(entity => entity.metadata.annotations!['iis.net/server']));
    return matches && hosts.size === Object.keys(expected).length ? found : undefined;
  });
}

describe('provider reliability in the real catalog', () => {
  let farm: FarmUnderTest | undefined;
  const catalogs: CatalogUnderTest[] = [];

  afterEach(async () => {
    for (const catalog of catalogs.splice(0)) {
      await catalog.stop();
    }
    await farm?.simulator.stop();
    farm = undefined;
  });

  async function start(provider: Record<string, unknown>, databaseDirectory?: string) {
    const catalog = await startCatalog(providerConfig('rel', provider as never), { databaseDirectory });
    catalogs.push(catalog);
    return catalog;
  }

  it('changes no etag over an unchanged farm', async () => {
    farm = await startFarmSimulator(accessToken);
    const catalog = await start({ servers: [farm.apiServer('web01.corp.example'), farm.apiServer('web02.corp.example'), legacy01] });
    const before = await waitForHosts(catalog, {
      'web01.corp.example': entityCount(farm, 'web01.corp.example'),
      'web02.corp.example': entityCount(farm, 'web02.corp.example'),
      'legacy01.corp.example': entityCount(farm, 'legacy01.corp.example'),
    });

    await triggerTask(catalog.catalogUrl, taskId);
    const second = await waitForRun(catalog.logs, 2);
    expect(second).toMatch(new RegExp(`: 0 entities added, 0 updated, 0 removed, 0 kept, ${before.length} unchanged$`));

    const after = await queryIisEntities(catalog.catalogUrl);
    expect(etagsOf(after)).toEqual(etagsOf(before));
  });

  it('marks an unreadable server without churn', async () => {
    farm = await startFarmSimulator(accessToken);
    const catalog = await start({ servers: [farm.apiServer('web01.corp.example'), farm.apiServer('web02.corp.example')] });
    const web02Count = entityCount(farm, 'web02.corp.example');
    await waitForHosts(catalog, { 'web01.corp.example': entityCount(farm, 'web01.corp.example'), 'web02.corp.example': web02Count });

    farm.simulator.removeServer('web02.corp.example');
    await triggerTask(catalog.catalogUrl, taskId);
    expect(await waitForRun(catalog.logs, 2)).toMatch(new RegExp(`, ${web02Count} kept, .*failed: web02\\.corp\\.example`));
    const marked = await waitFor('stale annotations on web02', async () => {
      const found = ofServer(await queryIisEntities(catalog.catalogUrl), 'web02.corp.example');
      return found.length === web02Count && found.every(entity => entity.metadata.annotations!['iis.net/read-error']) ? found : undefined;
    });
    expect(new Set(marked.map(entity => entity.metadata.annotations!['iis.net/read-error']))).toEqual(new Set(['not-found']));
    expect(marked.every(entity => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(entity.metadata.annotations!['iis.net/unreadable-since']))).toBe(true);

    const etagsWhileDown = etagsOf(await queryIisEntities(catalog.catalogUrl));
    await triggerTask(catalog.catalogUrl, taskId);
    expect(await waitForRun(catalog.logs, 3)).toMatch(/: 0 entities added, 0 updated, 0 removed/);
    expect(etagsOf(await queryIisEntities(catalog.catalogUrl))).toEqual(etagsWhileDown);
    expect(catalog.logs.some(line => line.level === 'warn' && line.message.startsWith('IIS server web02.corp.example has been unreadable since'))).toBe(true);
  });

  it('keeps an unreadable server across a restart', async () => {
    farm = await startFarmSimulator(accessToken);
    const databaseDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-restart-'));
    const all = [farm.apiServer('web01.corp.example'), farm.apiServer('web02.corp.example'), farm.apiServer('api01.corp.example')];
    const first = await start({ servers: all, maxRemovalShare: 1 }, databaseDirectory);
    await waitForHosts(first, {
      'web01.corp.example': entityCount(farm, 'web01.corp.example'),
      'web02.corp.example': entityCount(farm, 'web02.corp.example'),
      'api01.corp.example': entityCount(farm, 'api01.corp.example'),
    });
    await catalogs.pop()!.stop();

    // After the restart web02 cannot be read and api01 is no longer configured.
    farm.simulator.removeServer('web02.corp.example');
    const second = await start({ servers: all.slice(0, 2), maxRemovalShare: 1 }, databaseDirectory);
    await triggerTask(second.catalogUrl, taskId);
    const summary = await waitForRun(second.logs, 1);
    expect(summary).toMatch(/^Read 1 of 2 IIS servers/);

    const after = await waitForHosts(second, {
      'web01.corp.example': entityCount(farm, 'web01.corp.example'),
      'web02.corp.example': entityCount(farm, 'web02.corp.example'),
    });
    expect(ofServer(after, 'api01.corp.example')).toEqual([]);
    await waitFor('web02 marked stale', async () => {
      const web02 = ofServer(await queryIisEntities(second.catalogUrl), 'web02.corp.example');
      return web02.every(entity => entity.metadata.annotations!['iis.net/read-error'] === 'not-found') ? true : undefined;
    });
  });

  it('drops a server after the grace period', async () => {
    farm = await startFarmSimulator(accessToken);
    const catalog = await start({
      servers: [farm.apiServer('web01.corp.example'), farm.apiServer('web02.corp.example')],
      gracePeriod: { seconds: 2 },
      maxRemovalShare: 1,
    });
    await waitForHosts(catalog, { 'web01.corp.example': entityCount(farm, 'web01.corp.example'), 'web02.corp.example': entityCount(farm, 'web02.corp.example') });

    farm.simulator.removeServer('web02.corp.example');
    await triggerTask(catalog.catalogUrl, taskId);
    await waitForRun(catalog.logs, 2);
    const since = Date.now();

    await waitFor('the grace period to pass', async () => (Date.now() - since > 2500 ? true : undefined));
    await triggerTask(catalog.catalogUrl, taskId);
    expect(await waitForRun(catalog.logs, 3)).toMatch(new RegExp(`, ${entityCount(farm, 'web02.corp.example')} removed, 0 kept`));
    await waitForHosts(catalog, { 'web01.corp.example': entityCount(farm, 'web01.corp.example') });
    expect(catalog.logs.some(line => line.message.includes('longer than the grace period: removed its entities'))).toBe(true);
  });

  it('holds back a mass removal', async () => {
    farm = await startFarmSimulator(accessToken);
    const catalog = await start({ servers: [farm.apiServer('web01.corp.example')] });
    const web01 = farm.reading('web01.corp.example');
    await waitForHosts(catalog, { 'web01.corp.example': entityCount(farm, 'web01.corp.example') });

    farm.simulator.setServer('web01.corp.example', { ...web01, sites: [], applicationPools: [] });
    await triggerTask(catalog.catalogUrl, taskId);
    expect(await waitForRun(catalog.logs, 2)).toMatch(/, 0 removed, /);
    const warning = catalog.logs.find(line => line.message.startsWith('Held back the removal of'));
    expect(warning?.message).toContain(`Held back the removal of ${web01.sites.length + web01.applicationPools.length} entities`);
    expect(warning?.message).toContain('catalog.providers.iis.rel.maxRemovalShare');
    expect(ofServer(await queryIisEntities(catalog.catalogUrl), 'web01.corp.example')).toHaveLength(entityCount(farm, 'web01.corp.example'));
    expect(runSummaries(catalog.logs)).toHaveLength(2);
  });
});
