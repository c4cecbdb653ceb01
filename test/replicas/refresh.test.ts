import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FarmServer, IisSimulator, loadFarm, startIisSimulator } from '../../dev/simulator';
import { parseBinding } from '../../src/iis/bindings';
import { queryIisEntities, waitFor } from '../support/catalogClient';
import { findPostgresBinaries, postgresInstallHint, startTestPostgres, TestPostgres } from '../support/postgres';
import { ObservedRun, Replica, startReplica } from './startReplica';

const farmDir = path.resolve(__dirname, '../../fixtures/farm');
const accessToken = 'replica-refresh-token-58aa';
const host = 'web01.corp.example';
const siteRef = 'component:default/web01.corp.example--default-web-site';

const binDir = findPostgresBinaries();
const skip = !binDir && !process.env.CI;

function bindingsOf(entities: Entity[]): string[] {
  const site = entities.find(entity => entity.metadata.name === 'web01.corp.example--default-web-site');
  return (JSON.parse(site?.metadata.annotations?.['iis.net/bindings'] ?? '[]') as Array<{ bindingInformation: string }>).map(
    binding => binding.bindingInformation,
  );
}

describe.skipIf(skip)('refresh on a replica that does not run the task', () => {
  let postgres: TestPostgres | undefined;
  let simulator: IisSimulator | undefined;
  let farm: FarmServer[];
  const replicas: Replica[] = [];
  const runs: ObservedRun[] = [];

  beforeAll(async () => {
    if (!binDir) {
      throw new Error(`PostgreSQL server binaries not found, and CI is set, so this test cannot be skipped: ${postgresInstallHint}`);
    }
    postgres = await startTestPostgres(binDir);
    farm = await loadFarm(farmDir);
    const apiServers = farm.filter(server => ['web01.corp.example', 'web02.corp.example'].includes(server.host));
    simulator = await startIisSimulator({ servers: apiServers, accessToken });
    const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iis-replica-refresh-')), 'simulator.pem');
    simulator.writeCertificate(caFile);

    const config: JsonObject = {
      backend: {
        baseUrl: 'http://127.0.0.1',
        listen: { host: '127.0.0.1', port: 0 },
        database: { client: 'pg', connection: { host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password } },
      },
      catalog: {
        providers: {
          iis: {
            refresh: {
              owner: 'group:default/web-platform',
              schedule: { frequency: { minutes: 30 }, timeout: { minutes: 2 } },
              servers: apiServers.map(server => ({ host: server.host, api: { url: simulator!.url(server.host), accessToken, caFile } })),
            },
          },
        },
      },
    };
    const countRequests = () => simulator!.requests();
    replicas.push(await startReplica({ name: 'replica-a', config, runs, countRequests }));
    replicas.push(await startReplica({ name: 'replica-b', config, runs, countRequests }));
  });

  afterAll(async () => {
    for (const replica of replicas.splice(0)) {
      await replica.stop();
    }
    await simulator?.stop();
    await postgres?.stop();
  });

  it('re-reads on the other replica and keeps the rest', async () => {
    await waitFor('the first scheduled run', async () => runs[0]);
    const expected = farm
      .filter(server => ['web01.corp.example', 'web02.corp.example'].includes(server.host))
      .reduce((sum, server) => sum + 1 + server.reading.applicationPools.length + server.reading.sites.length, 0);
    const before = await waitFor('both servers in the catalog', async () => {
      const found = await queryIisEntities(replicas[0].catalogUrl);
      return found.length === expected ? found : undefined;
    });
    const ranTask = runs[0].replica;
    const other = replicas.find(replica => replica.name !== ranTask)!;

    const reading = structuredClone(farm.find(server => server.host === host)!.reading);
    reading.sites[0].bindings = [...reading.sites[0].bindings, parseBinding('http', '*:8090:')];
    simulator!.setServer(host, reading);

    const response = await fetch(`${other.catalogUrl}/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ entityRef: siteRef }),
    });
    expect(response.status).toBe(200);

    const after = await waitFor('the new binding through the task-running replica', async () => {
      const found = await queryIisEntities(replicas.find(replica => replica.name === ranTask)!.catalogUrl);
      return bindingsOf(found).includes('*:8090:') ? found : undefined;
    }, 20_000);
    expect(other.logs.some(line => line.message.startsWith(`Refresh of ${siteRef}: IIS server ${host} read`))).toBe(true);
    expect(after).toHaveLength(before.length);
    expect(runs).toHaveLength(1);
  });
});
