import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Entity } from '@backstage/catalog-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedFaults } from '../../dev/simulator/faults';
import { IisServerReading } from '../../src/iis/model';
import { queryIisEntities, triggerTask, waitFor } from '../support/catalogClient';
import { FarmUnderTest, farmDir, providerConfig, startFarmSimulator } from '../support/farmSimulator';
import { runSummaries, waitForRun } from '../support/runSummaries';
import { CatalogUnderTest, startCatalog } from '../support/startCatalog';

const accessToken = 'faults-token-91d3';
const healthy = 'web01.corp.example';
const faulty = 'web02.corp.example';
const fileHost = 'legacy01.corp.example';
const taskId = 'iis-provider:faults:refresh';

/** Each simulator fault on web02, and the failure kind the provider must report for it. */
const apiFaults: Array<{ name: string; faults: SimulatedFaults; kind: string }> = [
  { name: 'latency beyond the timeout', faults: { latencyMs: 3000 }, kind: 'timeout' },
  { name: 'hang', faults: { hang: true }, kind: 'timeout' },
  { name: 'connection reset', faults: { reset: true }, kind: 'reset' },
  { name: '401 Windows authentication', faults: { status: 401 }, kind: 'windows-authentication' },
  { name: '403 bearer token', faults: { status: 403 }, kind: 'access-token' },
  { name: '404', faults: { status: 404 }, kind: 'not-found' },
  { name: '500', faults: { status: 500 }, kind: 'http-5xx' },
  { name: '502', faults: { status: 502 }, kind: 'http-5xx' },
  { name: '503', faults: { status: 503 }, kind: 'http-5xx' },
  { name: '504', faults: { status: 504 }, kind: 'http-5xx' },
  { name: 'HTML error page', faults: { htmlBody: true }, kind: 'html-body' },
  { name: 'truncated JSON', faults: { truncatedJson: 'content-length' }, kind: 'invalid-json' },
  { name: 'truncated chunked JSON', faults: { truncatedJson: 'chunked' }, kind: 'invalid-json' },
  { name: 'body over the cap', faults: { hugeBodyBytes: 21 * 1024 * 1024 }, kind: 'body-too-large' },
];

/** Each way the applicationHost.config of legacy01 can break, and the kind to report. */
const fileFaults: Array<{ name: string; breakFile: (file: string) => void; kind: string }> = [
  { name: 'missing', breakFile: file => fs.rmSync(file), kind: 'file-missing' },
  { name: 'not an applicationHost.config', breakFile: file => fs.writeFileSync(file, '<configuration><appSettings/></configuration>'), kind: 'invalid-file' },
  { name: 'truncated', breakFile: file => fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 400)), kind: 'invalid-file' },
  { name: 'a folder', breakFile: file => (fs.rmSync(file), fs.mkdirSync(file)), kind: 'invalid-file' },
];

function ofServer(entities: Entity[], host: string): Entity[] {
  return entities.filter(entity => entity.metadata.annotations!['iis.net/server'] === host);
}

describe('every fault through the real catalog', () => {
  let farm: FarmUnderTest;
  let catalog: CatalogUnderTest;
  let fileCopy: string;
  let originalFile: string;
  let probe = 0;
  const counts = new Map<string, number>();

  beforeAll(async () => {
    farm = await startFarmSimulator(accessToken);
    await farm.simulator.setFaults('api01.corp.example', { wrongCertificate: true });
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-faults-'));
    fileCopy = path.join(folder, 'applicationHost.config');
    originalFile = fs.readFileSync(path.join(farmDir, fileHost, 'applicationHost.config'), 'utf8');
    fs.writeFileSync(fileCopy, originalFile);

    const web02 = farm.apiServer(faulty) as { host: string; api: Record<string, unknown> };
    catalog = await startCatalog(
      providerConfig('faults', {
        maxRemovalShare: 1,
        servers: [
          farm.apiServer(healthy),
          { ...web02, api: { ...web02.api, timeout: { seconds: 1 } } },
          farm.apiServer('api01.corp.example'),
          { host: fileHost, applicationHostConfig: fileCopy },
        ],
      }),
    );
    await waitForRun(catalog.logs, 1);
    const entities = await waitFor('the readable servers in the catalog', async () => {
      const found = (await queryIisEntities(catalog.catalogUrl)).filter(entity => (entity.relations ?? []).length > 0);
      const expected = [healthy, faulty, fileHost].map(host => [host, 1 + farm.reading(host).applicationPools.length + farm.reading(host).sites.length] as const);
      return expected.every(([host, count]) => ofServer(found, host).length === count) ? found : undefined;
    });
    for (const host of [healthy, faulty, fileHost]) {
      counts.set(host, ofServer(entities, host).length);
    }
  });

  afterAll(async () => {
    await catalog?.stop();
    await farm?.simulator.stop();
  });

  it('reports a certificate that does not match', () => {
    const first = runSummaries(catalog.logs)[0];
    expect(first).toContain('api01.corp.example (tls)');
    const warning = catalog.logs.find(line => line.message.startsWith('Failed to read IIS server api01.corp.example'));
    expect(warning?.level).toBe('warn');
  });

  /** Changes the healthy server, runs the provider once and checks what the catalog and the log show. */
  async function runWithFault(host: string, kind: string) {
    probe++;
    const web01: IisServerReading = structuredClone(farm.reading(healthy));
    web01.sites.push({ ...structuredClone(web01.sites[0]), name: `probe-${probe}`, id: 1000 + probe, apiId: undefined });
    farm.simulator.setServer(healthy, web01);

    const runs = runSummaries(catalog.logs).length;
    await triggerTask(catalog.catalogUrl, taskId);
    const summary = await waitForRun(catalog.logs, runs + 1, 60_000);
    expect(summary).toContain(`${host} (${kind})`);

    const entities = await waitFor(`probe-${probe} on the healthy server`, async () => {
      const found = await queryIisEntities(catalog.catalogUrl);
      return found.some(entity => entity.metadata.title === `probe-${probe}`) ? found : undefined;
    });
    const kept = ofServer(entities, host);
    expect(kept).toHaveLength(counts.get(host)!);
    await waitFor(`${kind} on every entity of ${host}`, async () => {
      const current = ofServer(await queryIisEntities(catalog.catalogUrl), host);
      return current.every(entity => entity.metadata.annotations!['iis.net/read-error'] === kind) ? true : undefined;
    });
    const failure = catalog.logs.filter(line => line.message.startsWith(`Failed to read IIS server ${host}`)).at(-1);
    expect(failure).toBeDefined();
    expect(JSON.stringify(catalog.logs)).not.toContain(accessToken);
  }

  for (const { name, faults, kind } of apiFaults) {
    it(`keeps web02 on ${name}`, async () => {
      await farm.simulator.setFaults(faulty, faults);
      try {
        await runWithFault(faulty, kind);
      } finally {
        farm.simulator.clearFaults(faulty);
      }
    });
  }

  for (const { name, breakFile, kind } of fileFaults) {
    it(`keeps legacy01 when its file is ${name}`, async () => {
      breakFile(fileCopy);
      try {
        await runWithFault(fileHost, kind);
      } finally {
        fs.rmSync(fileCopy, { recursive: true, force: true });
        fs.writeFileSync(fileCopy, originalFile);
      }
    });
  }
});
