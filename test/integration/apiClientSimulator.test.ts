import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FarmServer, IisSimulator, loadFarm, startIisSimulator } from '../../dev/simulator';
import { IisApiClient } from '../../src/iis/api/IisApiClient';
import { IisApiError } from '../../src/iis/api/IisApiError';
import type { IisApiServerOptions } from '../../src/iis/api/types';
import { createTestCertificate } from '../../src/iis/api/testing/testCertificates';

const FARM_DIR = path.resolve(__dirname, '../../fixtures/farm');
const TOKEN = 'simulator-test-token-c41d';

let farm: FarmServer[];
let folder: string;
let logLines: string[] = [];
let clients: IisApiClient[] = [];

beforeAll(async () => {
  farm = await loadFarm(FARM_DIR);
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-api-simulator-'));
});

afterEach(() => {
  clients.forEach(client => client.close());
  clients = [];
  expect(logLines.filter(line => line.includes(TOKEN))).toEqual([]);
  logLines = [];
});

afterAll(() => {
  fs.rmSync(folder, { recursive: true, force: true });
});

function createClient(options: IisApiServerOptions): IisApiClient {
  const log = (message: string) => logLines.push(message);
  const client = new IisApiClient(options, { logger: { debug: log, warn: log } });
  clients.push(client);
  return client;
}

async function readError(client: IisApiClient): Promise<IisApiError> {
  const error = await client.readServer().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IisApiError);
  expect((error as IisApiError).message).not.toContain(TOKEN);
  return error as IisApiError;
}

describe('IisApiClient against the simulator', () => {
  let simulator: IisSimulator;
  let caFile: string;

  beforeAll(async () => {
    simulator = await startIisSimulator({ servers: farm, accessToken: TOKEN, numbersAsStrings: true });
    caFile = path.join(folder, 'simulator.pem');
    simulator.writeCertificate(caFile);
  });

  afterAll(async () => {
    await simulator.stop();
  });

  it('reads every farm server with one request per site', async () => {
    for (const { host, reading } of farm) {
      const before = simulator.requests(host);
      const client = createClient({ host, url: simulator.url(host), accessToken: TOKEN, caFile });

      const apiReading = await client.readServer();

      expect(apiReading.location, host).toBe(simulator.url(host));
      expect(apiReading.sites.map(site => site.name), host).toEqual(reading.sites.map(site => site.name));
      expect(apiReading.applicationPools.map(pool => pool.name), host).toEqual(reading.applicationPools.map(pool => pool.name));
      expect(simulator.requests(host) - before, host).toBe(2 + reading.sites.length);
    }
  });

  it('derives root applications without per-site requests', async () => {
    for (const { host } of farm) {
      const full = await createClient({ host, url: simulator.url(host), accessToken: TOKEN, caFile }).readServer();
      const before = simulator.requests(host);
      const client = createClient({ host, url: simulator.url(host), accessToken: TOKEN, caFile, readApplications: false });

      const rootOnly = await client.readServer();

      expect(simulator.requests(host) - before, host).toBe(2);
      expect(rootOnly.warnings, host).toEqual([]);
      for (const [index, site] of rootOnly.sites.entries()) {
        const fullRoot = full.sites[index].applications.filter(application => application.path === '/');
        expect(site.applications, `${host} ${site.name}`).toEqual(fullRoot);
      }
    }
  });

  it('reports a wrong token', async () => {
    const { host } = farm[0];

    const error = await readError(createClient({ host, url: simulator.url(host), accessToken: 'not-the-token', caFile }));

    expect(error.kind).toBe('access-token');
    expect(error.status).toBe(403);
    expect(error.message).toContain(`Access Keys page of the API Explorer at ${simulator.url(host)}`);
  });

  it('reports an unknown server prefix', async () => {
    const url = simulator.url('missing.corp.example');

    const error = await readError(createClient({ host: 'missing', url, accessToken: TOKEN, caFile }));

    expect(error.kind).toBe('not-found');
    expect(error.message).toContain(`${url}/api/webserver/`);
  });

  it('sends nothing to a certificate with another fingerprint', async () => {
    const { host } = farm[0];
    const other = await createTestCertificate();
    const before = simulator.requests();

    const error = await readError(
      createClient({ host, url: simulator.url(host), accessToken: TOKEN, certificateFingerprint: other.fingerprint256 }),
    );

    expect(error.kind).toBe('certificate-fingerprint');
    expect(error.message).toContain(simulator.certificateFingerprint);
    expect(error.message).toContain(other.fingerprint256);
    expect(simulator.requests()).toBe(before);
  });

  it('rejects the self-signed certificate without trust options', async () => {
    const { host } = farm[0];

    const error = await readError(createClient({ host, url: simulator.url(host), accessToken: TOKEN }));

    expect(error.kind).toBe('tls');
    expect(error.message).toContain('Set caFile');
    expect(error.message).toContain('certificateFingerprint');
  });
});

describe('IisApiClient against a simulator requiring Windows authentication', () => {
  it('explains the appsettings.json change', async () => {
    const simulator = await startIisSimulator({ servers: farm, accessToken: TOKEN, requireWindowsAuth: true });
    try {
      const { host } = farm[0];
      const client = createClient({ host, url: simulator.url(host), accessToken: TOKEN, certificateFingerprint: simulator.certificateFingerprint });

      const error = await readError(client);

      expect(error.kind).toBe('windows-authentication');
      expect(error.status).toBe(401);
      expect(error.message).toContain('security.require_windows_authentication to false');
    } finally {
      await simulator.stop();
    }
  });
});
