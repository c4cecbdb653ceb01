import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { afterEach, describe, expect, it } from 'vitest';
import { FarmServer, IisSimulator, loadFarm, startIisSimulator } from '../../dev/simulator';
import { IisServerReading } from '../../src/iis/model';
import { queryIisEntities, waitFor } from '../support/catalogClient';
import { CatalogUnderTest, startCatalog } from '../support/startCatalog';

const repoRoot = path.resolve(__dirname, '../..');
const farmDir = path.join(repoRoot, 'fixtures', 'farm');
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

async function triggerRun(catalog: CatalogUnderTest) {
  const response = await fetch(`${catalog.catalogUrl}/.backstage/scheduler/v1/tasks/${encodeURIComponent(taskId)}/trigger`, {
    method: 'POST',
  });
  expect(response.status).toBe(200);
}

function withExtraSite(reading: IisServerReading, name: string): IisServerReading {
  const template = reading.sites[0];
  return { ...reading, sites: [...reading.sites, { ...template, name, id: 900, apiId: undefined }] };
}

describe('provider under failing servers', () => {
  let simulator: IisSimulator | undefined;
  let catalog: CatalogUnderTest | undefined;
  let farm: FarmServer[];

  afterEach(async () => {
    await catalog?.stop();
    await simulator?.stop();
    catalog = undefined;
    simulator = undefined;
  });

  async function start(servers: JsonObject[]) {
    catalog = await startCatalog({
      backend: { baseUrl: 'http://127.0.0.1', listen: { host: '127.0.0.1', port: 0 } },
      catalog: { providers: { iis: { faults: { owner: 'group:default/web-platform', servers } } } },
    });
    return catalog;
  }

  async function startSimulator() {
    farm = await loadFarm(farmDir);
    simulator = await startIisSimulator({ servers: farm.filter(server => server.host !== 'legacy01.corp.example'), accessToken });
    const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iis-faults-')), 'simulator.pem');
    simulator.writeCertificate(caFile);
    const api = (host: string) => ({ host, api: { url: simulator!.url(host), accessToken, caFile } });
    return { simulator, api };
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
    const api01 = farm.find(server => server.host === 'api01.corp.example')!;
    const api01Sites = api01.reading.sites.map(site => site.name).sort();
    await waitFor('every api01 site in the catalog', async () => {
      const found = await queryIisEntities(running.catalogUrl);
      return sitesOf(found, 'api01.corp.example').length === api01Sites.length ? found : undefined;
    });

    const web01 = farm.find(server => server.host === 'web01.corp.example')!;
    sim.setServer('web01.corp.example', withExtraSite(web01.reading, 'added-after-start'));
    sim.removeServer('api01.corp.example');
    await triggerRun(running);

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
    const web01 = farm.find(server => server.host === 'web01.corp.example')!;
    const removed = web01.reading.sites[web01.reading.sites.length - 1].name;
    await waitFor('the site to remove', async () =>
      sitesOf(await queryIisEntities(running.catalogUrl), 'web01.corp.example').includes(removed) ? true : undefined,
    );

    sim.setServer('web01.corp.example', { ...web01.reading, sites: web01.reading.sites.filter(site => site.name !== removed) });
    await triggerRun(running);

    const after = await waitFor('the site to disappear', async () => {
      const found = await queryIisEntities(running.catalogUrl);
      return sitesOf(found, 'web01.corp.example').includes(removed) ? undefined : found;
    });
    expect(sitesOf(after, 'web01.corp.example')).toHaveLength(web01.reading.sites.length - 1);
    expect(sitesOf(after, 'web02.corp.example').length).toBeGreaterThan(0);
  });
});
