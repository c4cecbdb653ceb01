import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Entity } from '@backstage/catalog-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IisSimulator, loadFarm, startIisSimulator } from '../../dev/simulator';
import { queryIisEntities, waitFor } from '../support/catalogClient';
import { farmDir, providerConfig } from '../support/farmSimulator';
import { CatalogUnderTest, startCatalog } from '../support/startCatalog';

const accessToken = 'certificates-token-0c7e';
const day = 24 * 3600 * 1000;

describe('certificate facts in the real catalog', () => {
  let simulator: IisSimulator;
  let catalog: CatalogUnderTest;
  let entities: Entity[];

  beforeAll(async () => {
    const farm = await loadFarm(farmDir, { certificates: true });
    simulator = await startIisSimulator({ servers: farm.filter(server => server.host !== 'legacy01.corp.example'), accessToken });
    const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iis-certificates-')), 'simulator.pem');
    simulator.writeCertificate(caFile);
    const api = (host: string) => ({ host, api: { url: simulator.url(host), accessToken, caFile } });
    catalog = await startCatalog(
      providerConfig('certs', {
        servers: [
          api('web01.corp.example'),
          api('web02.corp.example'),
          { host: 'legacy01.corp.example', applicationHostConfig: path.join(farmDir, 'legacy01.corp.example', 'applicationHost.config') },
        ],
      }),
    );
    const siteCount = farm
      .filter(server => server.host !== 'api01.corp.example')
      .reduce((sum, server) => sum + server.reading.sites.length, 0);
    entities = await waitFor('every site of the three servers', async () => {
      const found = await queryIisEntities(catalog.catalogUrl);
      return found.filter(entity => entity.kind === 'Component').length === siteCount ? found : undefined;
    });
  });

  afterAll(async () => {
    await catalog?.stop();
    await simulator?.stop();
  });

  function site(host: string, title: string): Entity {
    const found = entities.find(entity => entity.kind === 'Component' && entity.metadata.title === title && entity.metadata.annotations!['iis.net/server'] === host);
    expect(found, `${title} on ${host}`).toBeDefined();
    return found!;
  }

  it('tags a certificate that expires soon', () => {
    const shop = site('web01.corp.example', 'shop.example.com');
    expect(shop.metadata.tags).toContain('certificate-expiring');
    const expires = Date.parse(shop.metadata.annotations!['iis.net/certificate-expires']);
    expect(expires - Date.now()).toBeGreaterThan(10 * day);
    expect(expires - Date.now()).toBeLessThan(13 * day);
    const bindings = JSON.parse(shop.metadata.annotations!['iis.net/bindings']) as Array<{ certificate?: { subject: string } }>;
    expect(bindings.some(binding => binding.certificate?.subject === 'CN=shop.example.com, O=Example Shop')).toBe(true);
  });

  it('tags an expired certificate', () => {
    const web02 = site('web02.corp.example', 'Default Web Site');
    expect(web02.metadata.tags).toContain('certificate-expired');
    expect(Date.parse(web02.metadata.annotations!['iis.net/certificate-expires'])).toBeLessThan(Date.now());
  });

  it('flags a certificate that does not cover its host', () => {
    const cdn = site('web01.corp.example', 'cdn.example.com');
    expect(cdn.metadata.tags).toContain('certificate-host-mismatch');
    const bindings = JSON.parse(cdn.metadata.annotations!['iis.net/bindings']) as Array<{ host?: string; certificateHostMismatch?: boolean }>;
    expect(bindings.find(binding => binding.host === 'cdn.example.com')?.certificateHostMismatch).toBe(true);
    expect(site('web01.corp.example', 'Default Web Site').metadata.tags).not.toContain('certificate-host-mismatch');
  });

  it('says the file source cannot see certificates', () => {
    expect(site('legacy01.corp.example', 'intranet').metadata.annotations!['iis.net/certificates']).toBe('not-visible-in-file');
    expect(site('legacy01.corp.example', 'intranet').metadata.annotations!['iis.net/certificate-expires']).toBeUndefined();
  });
});
