import net from 'net';
import path from 'path';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { afterEach, describe, expect, it } from 'vitest';
import { IisServerReading } from '../../src/iis/model';
import { queryIisEntities, triggerTask, waitFor } from '../support/catalogClient';
import { FarmUnderTest, farmDir, providerConfig, repoRoot, startFarmSimulator } from '../support/farmSimulator';
import { CatalogUnderTest, startCatalog } from '../support/startCatalog';

const accessToken = 'failures-token-c41b';
const taskId = 'iis-provider:faults:refresh';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

function sitesOf(entities: Entity[], host: string): string[] {
  return entities
    .filter(entity => entity.kind === 'Component' && entity.metadata.annotations!['iis.net/server'] === host)
    .map(entity => entity.metadata.title!)
    .sort();
}

function withExtraSite(reading: IisServerReading, name: string): IisServerReading {
  const template = reading.sites[0];
  return { ...reading, sites: [...reading.sites, { ...template, name, id: 900, apiId: undefined }] };
}

describe('provider under failing servers', () => {
  let farm: FarmUnderTest | undefined;
  let catalog: CatalogUnderTest | undefined;

  afterEach(async () => {
    await catalog?.stop();
    await farm?.simulator.stop();
    catalog = undefined;
    farm = undefined;
  });

  async function start(servers: JsonObject[]) {
    catalog = await startCatalog(providerConfig('faults', { servers }));
    return catalog;
  }

  async function startSimulator() {
    farm = await startFarmSimulator(accessToken);
    return { simulator: farm.simulator, api: farm.apiServer };
  }

  it('updates readable servers and reports the others', async () => {
    const { api } = await startSimulator();
    const port = await closedPort();
    const running = await start([
      api('web01.corp.example'),
      api('api01.corp.example'),
      { host: 'down01.corp.example', api: { url: `https://127.0.0.1:${port}/down01`, accessToken } },
      { host: 'missing01.corp.example', applicationHostConfig: path.join(repoRoot, 'fixtures', 'no-such-dir', 'applicationHost.config') },
      { host: 'notiis01.corp.example', applicationHostConfig: path.join(repoRoot, 'fixtures', 'applicationHost', 'not-application-host.config') },
      { host: 'legacy01.corp.example', applicationHostConfig: path.join(farmDir, 'legacy01.corp.example', 'applicationHost.config') },
    ]);

    const summary = await waitFor('the run summary', async () =>
      running.logs.find(line => line.message.startsWith('Read ') && line.message.includes('IIS servers')),
    );
    expect(summary.message).toMatch(/^Read 3 of 6 IIS servers/);
    for (const host of ['down01.corp.example', 'missing01.corp.example', 'notiis01.corp.example']) {
      expect(summary.message).toContain(`${host} (`);
      const warning = running.logs.find(line => line.level === 'warn' && line.message.startsWith(`Failed to read IIS server ${host}`));
      expect(warning, `no warning for ${host}`).toBeDefined();
    }
    expect(running.logs.some(line => line.message.includes('not-application-host.config'))).toBe(true);
    expect(summary.message).toContain('down01.corp.example (refused)');
    expect(summary.message).toContain('missing01.corp.example (file-missing)');
    expect(summary.message).toContain('notiis01.corp.example (invalid-file)');
    const missing = running.logs.find(line => line.message.startsWith('Failed to read IIS server missing01.corp.example'));
    expect(missing?.message).toContain('was not found: check the path, and that the share or volume holding it is mounted');

    const entities = await waitFor('entities of the readable servers', async () => {
      const found = await queryIisEntities(running.catalogUrl);
      const readable = ['web01.corp.example', 'api01.corp.example', 'legacy01.corp.example'];
      return readable.every(host => sitesOf(found, host).length > 0) ? found : undefined;
    });
    const hosts = new Set(entities.map(entity => entity.metadata.annotations!['iis.net/server']));
    expect([...hosts].sort()).toEqual(['api01.corp.example', 'legacy01.corp.example', 'web01.corp.example']);
    expect(JSON.stringify(running.logs)).not.toContain(accessToken);
  });

  it('keeps a failing server and still updates the others', async () => {
    const { simulator: sim, api } = await startSimulator();
    const running = await start([api('web01.corp.example'), api('api01.corp.example')]);
    const api01Sites = farm!.reading('api01.corp.example').sites.map(site => site.name).sort();
    await waitFor('every api01 site in the catalog', async () => {
      const found = await queryIisEntities(running.catalogUrl);
      return sitesOf(found, 'api01.corp.example').length === api01Sites.length ? found : undefined;
    });

    sim.setServer('web01.corp.example', withExtraSite(farm!.reading('web01.corp.example'), 'added-after-start'));
    sim.removeServer('api01.corp.example');
    await triggerTask(running.catalogUrl, taskId);

    const after = await waitFor('the new web01 site', async () => {
      const found = await queryIisEntities(running.catalogUrl);
      return sitesOf(found, 'web01.corp.example').includes('added-after-start') ? found : undefined;
    });
    expect(sitesOf(after, 'api01.corp.example')).toEqual(api01Sites);
    expect(running.logs.some(line => /^Read 1 of 2 IIS servers .*failed: api01\.corp\.example/.test(line.message))).toBe(true);
  });

  it('removes a site that IIS no longer has', async () => {
    const { simulator: sim, api } = await startSimulator();
    const running = await start([api('web01.corp.example'), api('web02.corp.example')]);
    const web01 = farm!.reading('web01.corp.example');
    const removed = web01.sites[web01.sites.length - 1].name;
    await waitFor('the site to remove', async () =>
      sitesOf(await queryIisEntities(running.catalogUrl), 'web01.corp.example').includes(removed) ? true : undefined,
    );

    sim.setServer('web01.corp.example', { ...web01, sites: web01.sites.filter(site => site.name !== removed) });
    await triggerTask(running.catalogUrl, taskId);

    const after = await waitFor('the site to disappear', async () => {
      const found = await queryIisEntities(running.catalogUrl);
      return sitesOf(found, 'web01.corp.example').includes(removed) ? undefined : found;
    });
    expect(sitesOf(after, 'web01.corp.example')).toHaveLength(web01.sites.length - 1);
    expect(sitesOf(after, 'web02.corp.example').length).toBeGreaterThan(0);
  });
});
