import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FarmServer, IisSimulator, loadFarm, startIisSimulator } from '../../dev/simulator';
import { queryIisEntities, waitFor } from '../support/catalogClient';
import { findPostgresBinaries, postgresInstallHint, startTestPostgres, TestPostgres } from '../support/postgres';
import { ObservedRun, Replica, startReplica } from './startReplica';
import { waitUntilTaskIdle } from './taskState';

const farmDir = path.resolve(__dirname, '../../fixtures/farm');
const fileHost = 'legacy01.corp.example';
const accessToken = 'replicas-token-2e8d';
const owner = 'group:default/web-platform';
const providerId = 'replicas';
const taskId = `iis-provider:${providerId}:refresh`;
const frequencySeconds = 3;
const frequencyMs = frequencySeconds * 1_000;

const binDir = findPostgresBinaries();
const skip = !binDir && !process.env.CI;
if (skip) {
  console.warn(`Skipping the two-replica test: PostgreSQL server binaries not found. To run it, ${postgresInstallHint}.`);
}

function sortedByRef(entities: Entity[]): Entity[] {
  return [...entities].sort((a, b) => stringifyEntityRef(a).localeCompare(stringifyEntityRef(b)));
}

/**
 * Checks that the runs, in the order their summaries were logged, account for every request the
 * simulator received: each run sent the same number of requests, and none of another run's
 * requests arrived before a run's summary. It also checks that the runs keep to the schedule's
 * frequency. Returns the requests per run.
 */
function expectOneReplicaPerRun(runs: ObservedRun[], replicaStartedAt: number): number {
  expect(runs.length).toBeGreaterThan(0);
  const requestsPerRun = runs[0].requestsSoFar;
  expect(requestsPerRun).toBeGreaterThan(0);

  runs.forEach((run, index) => {
    const label = `run ${index + 1} of ${runs.length}, on ${run.replica}`;
    expect(run.message, label).toMatch(/^Read (\d+) of \1 IIS servers/);
    expect(run.requestsSoFar, `simulator requests at the end of ${label}`).toBe((index + 1) * requestsPerRun);
    // The scheduler (backend-defaults 0.18.0) sets each next start to the previous scheduled start
    // plus the frequency, or later. Two replicas running every tick would end runs before this bound.
    expect(run.loggedAt, `end of ${label}`).toBeGreaterThanOrEqual(replicaStartedAt + index * frequencyMs);
  });
  return requestsPerRun;
}

describe.skipIf(skip)('two catalog replicas on one PostgreSQL', () => {
  let postgres: TestPostgres | undefined;
  let simulator: IisSimulator | undefined;
  let certificateDir: string | undefined;
  const replicas: Replica[] = [];
  const running: Replica[] = [];
  const runs: ObservedRun[] = [];
  let farm: FarmServer[];
  let firstReplicaStartedAt: number;
  let bothRunningAt: number;
  let entitiesBeforeTakeover: Entity[] | undefined;

  beforeAll(async () => {
    if (!binDir) {
      throw new Error(`PostgreSQL server binaries not found, and CI is set, so this test cannot be skipped: ${postgresInstallHint}`);
    }
    postgres = await startTestPostgres(binDir);

    farm = await loadFarm(farmDir);
    const apiServers = farm.filter(server => server.host !== fileHost);
    simulator = await startIisSimulator({ servers: apiServers, accessToken });
    certificateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-replicas-'));
    const caFile = path.join(certificateDir, 'simulator.pem');
    simulator.writeCertificate(caFile);

    const config: JsonObject = {
      backend: {
        baseUrl: 'http://127.0.0.1',
        listen: { host: '127.0.0.1', port: 0 },
        database: {
          client: 'pg',
          connection: { host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password },
        },
      },
      catalog: {
        providers: {
          iis: {
            [providerId]: {
              owner,
              schedule: { frequency: { seconds: frequencySeconds }, timeout: { seconds: 30 } },
              servers: [
                ...apiServers.map(server => ({ host: server.host, api: { url: simulator!.url(server.host), accessToken, caFile } })),
                { host: fileHost, applicationHostConfig: path.join(farmDir, fileHost, 'applicationHost.config') },
              ],
            },
          },
        },
      },
    };

    // One after the other: the first replica creates the plugin database and runs the migrations.
    const countRequests = () => simulator!.requests();
    firstReplicaStartedAt = Date.now();
    replicas.push(await startReplica({ name: 'replica-a', config, runs, countRequests }));
    replicas.push(await startReplica({ name: 'replica-b', config, runs, countRequests }));
    running.push(...replicas);
    bothRunningAt = Date.now();
  });

  afterAll(async () => {
    try {
      for (const replica of running.splice(0)) {
        await replica.stop();
      }
      await simulator?.stop();
    } finally {
      await postgres?.stop();
      if (certificateDir) {
        fs.rmSync(certificateDir, { recursive: true, force: true });
      }
    }
  });

  // NOTE: while both replicas are up, the replica that polls the task table first after the due time
  // claims the run. Both poll at the same interval, so one replica may claim every run until the
  // takeover below.
  it('runs each scheduled run on one replica', async () => {
    await waitFor('three runs with both replicas up', async () =>
      runs.filter(run => run.loggedAt > bothRunningAt).length >= 3 ? true : undefined,
    );

    expectOneReplicaPerRun(runs, firstReplicaStartedAt);
  });

  it('stores one set of entities, the same through both replicas', async () => {
    const expectedCount = farm.reduce((sum, server) => sum + 1 + server.reading.applicationPools.length + server.reading.sites.length, 0);
    await waitFor(`${expectedCount} processed IIS entities`, async () => {
      const found = await queryIisEntities(running[0].catalogUrl);
      const processed = found.filter(entity => (entity.relations ?? []).length > 0);
      return processed.length === expectedCount ? true : undefined;
    });

    const [first, second] = running;
    const throughFirst = sortedByRef(await queryIisEntities(first.catalogUrl));
    const throughSecond = sortedByRef(await queryIisEntities(second.catalogUrl));
    expect(throughFirst).toHaveLength(expectedCount);
    expect(new Set(throughFirst.map(entity => stringifyEntityRef(entity))).size).toBe(expectedCount);
    expect(throughSecond).toEqual(throughFirst);

    for (const server of farm) {
      const ofServer = throughFirst.filter(entity => entity.metadata.annotations!['iis.net/server'] === server.host);
      expect(ofServer.filter(entity => entity.spec!.type === 'iis-server'), server.host).toHaveLength(1);
      expect(
        ofServer.filter(entity => entity.spec!.type === 'iis-application-pool').map(entity => entity.metadata.annotations!['iis.net/app-pool']).sort(),
        `pools of ${server.host}`,
      ).toEqual(server.reading.applicationPools.map(pool => pool.name).sort());
      expect(
        ofServer.filter(entity => entity.spec!.type === 'website').map(entity => entity.metadata.title).sort(),
        `sites of ${server.host}`,
      ).toEqual(server.reading.sites.map(site => site.name).sort());
    }
    entitiesBeforeTakeover = throughFirst;
  });

  it('hands the runs to the other replica when one stops', async () => {
    // Stop between two runs, so the stopped replica is not in a run and cannot claim the next one.
    await waitUntilTaskIdle(running[0].catalogUrl, taskId, 1_000);
    const mostRecent = runs[runs.length - 1].replica;
    const stopped = running.find(replica => replica.name === mostRecent)!;
    await stopped.stop();
    running.splice(running.indexOf(stopped), 1);
    const [remaining] = running;
    const runsBeforeStop = runs.length;

    await waitFor('two runs after the stop', async () => (runs.length >= runsBeforeStop + 2 ? true : undefined));
    expect(runs.slice(runsBeforeStop).map(run => run.replica)).toEqual(runs.slice(runsBeforeStop).map(() => remaining.name));

    const entities = sortedByRef(await queryIisEntities(remaining.catalogUrl));
    expect(entitiesBeforeTakeover).toBeDefined();
    expect(entities).toEqual(entitiesBeforeTakeover);

    // With the last replica stopped between runs, no request can follow the last summary.
    await waitUntilTaskIdle(remaining.catalogUrl, taskId, 1_000);
    await remaining.stop();
    running.splice(0);
    const requestsPerRun = expectOneReplicaPerRun(runs, firstReplicaStartedAt);
    expect(simulator!.requests()).toBe(runs.length * requestsPerRun);
  });

  it('logs neither the IIS token nor the database password', () => {
    for (const replica of replicas) {
      expect(replica.logs.length, replica.name).toBeGreaterThan(0);
      const logged = JSON.stringify(replica.logs);
      expect(logged.includes(accessToken), `${replica.name} logged the IIS token`).toBe(false);
      expect(logged.includes(postgres!.password), `${replica.name} logged the database password`).toBe(false);
    }
  });
});
