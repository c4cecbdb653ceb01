import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Entity } from '@backstage/catalog-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IisSimulator, loadFarm, startIisSimulator } from '../../dev/simulator';
import { readingToEntities } from '../../src/entities';
import { IisServerReading } from '../../src/iis/model';
import { queryIisEntities, waitFor } from '../support/catalogClient';
import { withoutSourceDetails } from '../support/sourceNeutral';
import { CatalogUnderTest, startCatalog } from '../support/startCatalog';

const farmDir = path.resolve(__dirname, '../../fixtures/farm');
const fileHost = 'legacy01.corp.example';
const accessToken = 'integration-token-7f3a9c';
const owner = 'group:default/web-platform';

describe('catalog backend with the IIS module', () => {
  let simulator: IisSimulator;
  let catalog: CatalogUnderTest;
  let farm: Array<{ host: string; reading: IisServerReading }>;
  let entities: Entity[];

  beforeAll(async () => {
    farm = await loadFarm(farmDir);
    const apiServers = farm.filter(server => server.host !== fileHost);
    simulator = await startIisSimulator({ servers: apiServers, accessToken });
    const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iis-it-')), 'simulator.pem');
    simulator.writeCertificate(caFile);

    catalog = await startCatalog({
      backend: { baseUrl: 'http://127.0.0.1', listen: { host: '127.0.0.1', port: 0 } },
      catalog: {
        providers: {
          iis: {
            it: {
              owner,
              servers: [
                ...apiServers.map(server => ({ host: server.host, api: { url: simulator.url(server.host), accessToken, caFile } })),
                { host: fileHost, applicationHostConfig: path.join(farmDir, fileHost, 'applicationHost.config') },
              ],
            },
          },
        },
      },
    });

    const expected = farm.reduce((sum, server) => sum + 1 + server.reading.applicationPools.length + server.reading.sites.length, 0);
    entities = await waitFor(`${expected} processed IIS entities`, async () => {
      const found = await queryIisEntities(catalog.catalogUrl);
      const processed = found.filter(entity => (entity.relations ?? []).length > 0);
      return processed.length === expected ? found : undefined;
    }, 60_000);
  });

  afterAll(async () => {
    await catalog?.stop();
    await simulator?.stop();
  });

  it('emits every server, pool and site of the farm', () => {
    for (const server of farm) {
      const ofServer = entities.filter(entity => entity.metadata.annotations!['iis.net/server'] === server.host);
      expect(ofServer.filter(entity => entity.spec!.type === 'iis-server')).toHaveLength(1);
      expect(ofServer.filter(entity => entity.spec!.type === 'iis-application-pool')).toHaveLength(server.reading.applicationPools.length);
      expect(ofServer.filter(entity => entity.spec!.type === 'website').map(entity => entity.metadata.title).sort()).toEqual(
        server.reading.sites.map(site => site.name).sort(),
      );
    }
  });

  it('stores the same entities the transform gives for the simulator state', () => {
    for (const server of farm.filter(candidate => candidate.host !== fileHost)) {
      const expected = readingToEntities(server.reading, { providerId: 'it', owner, lifecycle: 'production', namespace: 'default' });
      for (const entity of expected) {
        const stored = entities.find(candidate => candidate.kind === entity.kind && candidate.metadata.name === entity.metadata.name);
        expect(stored, `${entity.kind} ${entity.metadata.name}`).toBeDefined();
        expect(withoutSourceDetails(stored!).metadata.annotations!['iis.net/bindings']).toBe(
          withoutSourceDetails(entity).metadata.annotations!['iis.net/bindings'],
        );
        expect(stored!.metadata.links ?? []).toEqual(entity.metadata.links ?? []);
        expect(stored!.spec).toEqual(entity.spec);
      }
    }
  });

  it('relates a site to its pool, its server and its owner', () => {
    const site = entities.find(entity => entity.metadata.name === 'web01.corp.example--default-web-site')!;
    expect(site).toBeDefined();
    const relations = site.relations!.map(relation => `${relation.type} ${relation.targetRef}`);
    expect(relations).toContain('dependsOn resource:default/web01.corp.example');
    expect(relations).toContain(`ownedBy ${owner}`);
    expect(relations.some(relation => relation.startsWith('dependsOn resource:default/web01.corp.example--'))).toBe(true);

    const server = entities.find(entity => entity.metadata.name === 'web01.corp.example')!;
    expect(server.relations!.map(relation => `${relation.type} ${relation.targetRef}`)).toContain(
      'dependencyOf component:default/web01.corp.example--default-web-site',
    );
  });

  it('links the https and http bindings of a site', () => {
    const site = entities.find(entity => entity.metadata.name === 'web01.corp.example--default-web-site')!;
    const bindings = JSON.parse(site.metadata.annotations!['iis.net/bindings']) as Array<{ protocol: string; url?: string }>;
    const protocols = bindings.map(binding => binding.protocol);
    expect(protocols).toContain('http');
    expect(protocols).toContain('https');
    expect(site.metadata.links!.map(link => link.url)).toEqual(bindings.filter(binding => binding.url).map(binding => binding.url));
  });

  it('sets location annotations by source', () => {
    const apiSite = entities.find(entity => entity.metadata.name === 'web01.corp.example--default-web-site')!;
    expect(apiSite.metadata.annotations!['backstage.io/managed-by-location']).toMatch(
      new RegExp(`^url:${simulator.url('web01.corp.example').replace(/[.]/g, '\\.')}/api/webserver/websites/.+`),
    );
    const fileServer = entities.find(entity => entity.metadata.name === fileHost)!;
    expect(fileServer.metadata.annotations!['backstage.io/managed-by-location']).toBe(
      `file:${path.join(farmDir, fileHost, 'applicationHost.config')}`,
    );
  });

  it('logs a run summary and never the token', () => {
    const summary = catalog.logs.find(line => line.message.startsWith('Read ') && line.message.includes(' IIS servers '));
    const sites = farm.reduce((sum, server) => sum + server.reading.sites.length, 0);
    expect(summary?.message).toMatch(
      new RegExp(`^Read 4 of 4 IIS servers \\(${sites} sites\\) in [\\d.]+ s: ${entities.length} entities added, 0 updated, 0 removed, 0 kept, 0 unchanged$`),
    );
    expect(JSON.stringify(catalog.logs)).not.toContain(accessToken);
    expect(JSON.stringify(entities)).not.toContain(accessToken);
  });
});
