import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JsonObject } from '@backstage/types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FarmServer, IisSimulator, loadFarm, RequireNtlmOptions, startIisSimulator } from '../../dev/simulator';
import { IisApiClient } from '../../src/iis/api/IisApiClient';
import { IisApiError } from '../../src/iis/api/IisApiError';
import type { IisApiServerOptions } from '../../src/iis/api/types';
import { queryIisEntities, waitFor } from '../support/catalogClient';
import { providerConfig } from '../support/farmSimulator';
import { waitForRun } from '../support/runSummaries';
import { startCatalog } from '../support/startCatalog';

const FARM_DIR = path.resolve(__dirname, '../../fixtures/farm');
const TOKEN = 'ntlm-test-token-5e0a';
const PASSWORD = 'Ntlm-Test-Passw0rd-7f3c';
const ACCOUNT = { domain: 'CORP', username: 'svc-backstage', password: PASSWORD };

/** Simulated servers, each serving the reading of web01 and demanding NTLM in its own way. */
const SERVERS: Record<string, { requireNtlm?: RequireNtlmOptions; kerberosOnly?: boolean }> = {
  'ntlm01.corp.example': { requireNtlm: ACCOUNT },
  'ntlm-scheme.corp.example': { requireNtlm: { ...ACCOUNT, schemes: ['NTLM'] } },
  'negotiate.corp.example': { requireNtlm: { ...ACCOUNT, schemes: ['Negotiate'] } },
  'no-timestamp.corp.example': { requireNtlm: { ...ACCOUNT, withTimestamp: false } },
  'kerberos.corp.example': { kerberosOnly: true },
  'closing.corp.example': { requireNtlm: { ...ACCOUNT, closeAfterChallenge: true } },
};

let farm: FarmServer[];
let simulator: IisSimulator;
let caFile: string;
let logLines: string[] = [];
let clients: IisApiClient[] = [];

beforeAll(async () => {
  farm = await loadFarm(FARM_DIR);
  const reading = farm.find(server => server.host === 'web01.corp.example')!.reading;
  simulator = await startIisSimulator({
    accessToken: TOKEN,
    servers: Object.entries(SERVERS).map(([host, options]) => ({ host, reading: { ...reading, host }, options })),
  });
  caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iis-ntlm-')), 'simulator.pem');
  simulator.writeCertificate(caFile);
});

afterAll(async () => {
  await simulator.stop();
  fs.rmSync(path.dirname(caFile), { recursive: true, force: true });
});

afterEach(() => {
  clients.forEach(client => client.close());
  clients = [];
  expect(logLines.filter(line => line.includes(PASSWORD) || line.includes(TOKEN))).toEqual([]);
  logLines = [];
});

function createClient(host: string, options: Partial<IisApiServerOptions> = {}): IisApiClient {
  const log = (message: string) => logLines.push(message);
  const client = new IisApiClient(
    { host, url: simulator.url(host), accessToken: TOKEN, caFile, windowsAuthentication: ACCOUNT, ...options },
    { logger: { debug: log, warn: log } },
  );
  clients.push(client);
  return client;
}

async function readError(client: IisApiClient): Promise<IisApiError> {
  const error = await client.readServer().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IisApiError);
  expect((error as IisApiError).message).not.toContain(PASSWORD);
  expect((error as IisApiError).message).not.toContain(TOKEN);
  return error as IisApiError;
}

describe('NTLM against the simulator', () => {
  it('authenticates each connection once and reuses it', async () => {
    const host = 'ntlm01.corp.example';
    const client = createClient(host);

    const first = await client.readServer();

    expect(first.sites.length).toBeGreaterThan(0);
    const connections = simulator.ntlmConnections(host);
    expect(connections.length).toBeGreaterThan(0);
    expect(connections.length).toBeLessThanOrEqual(4);
    for (const connection of connections) {
      // All three handshake messages on one socket, then only authenticated requests.
      expect(connection.steps.slice(0, 3)).toEqual(['anonymous', 'negotiate', 'authenticate']);
      expect(connection.steps.slice(3).every(step => step === 'authenticated')).toBe(true);
      expect(connection.handshakes).toBe(1);
      expect(connection.failures).toEqual([]);
      expect(connection.account).toBe('CORP\\svc-backstage');
    }
    // Every read request got a response: 2 lists plus one application list per site.
    const reads = connections.reduce((sum, connection) => sum + connection.steps.length - 2, 0);
    expect(reads).toBe(2 + first.sites.length);

    const second = await client.readServer();

    expect(second.sites).toEqual(first.sites);
    const after = simulator.ntlmConnections(host);
    expect(after.length).toBe(connections.length);
    expect(after.map(connection => connection.handshakes)).toEqual(connections.map(() => 1));
    const newSteps = after.flatMap((connection, index) => connection.steps.slice(connections[index].steps.length));
    expect(newSteps).toHaveLength(2 + first.sites.length);
    expect(newSteps.every(step => step === 'authenticated')).toBe(true);
  });

  it('handshakes again on a new connection', async () => {
    const host = 'ntlm01.corp.example';
    const before = simulator.ntlmConnections(host).length;

    await createClient(host, { readApplications: false }).readServer();
    await createClient(host, { readApplications: false }).readServer();

    const added = simulator.ntlmConnections(host).slice(before);
    // Two clients, each with its own connections: at least one new handshake each.
    expect(added.length).toBeGreaterThanOrEqual(2);
    expect(added.every(connection => connection.handshakes === 1)).toBe(true);
  });

  it.each(['ntlm-scheme.corp.example', 'negotiate.corp.example', 'no-timestamp.corp.example'])(
    'completes the handshake with %s',
    async host => {
      const reading = await createClient(host, { readApplications: false }).readServer();

      expect(reading.sites.length).toBeGreaterThan(0);
      const connections = simulator.ntlmConnections(host);
      expect(connections.every(connection => connection.failures.length === 0)).toBe(true);
      expect(connections.every(connection => connection.handshakes === 1)).toBe(true);
    },
  );

  it('still checks the access token after authentication', async () => {
    const host = 'ntlm01.corp.example';

    const error = await readError(createClient(host, { accessToken: 'not-the-token', readApplications: false }));

    expect(error.kind).toBe('access-token');
    expect(error.status).toBe(403);
  });

  it('reports a wrong password', async () => {
    const host = 'ntlm-scheme.corp.example';
    const before = simulator.ntlmConnections(host).length;

    const error = await readError(
      createClient(host, { windowsAuthentication: { ...ACCOUNT, password: 'Wrong-Passw0rd' }, readApplications: false }),
    );

    expect(error.kind).toBe('windows-authentication');
    expect(error.status).toBe(401);
    expect(error.message).toContain(`IIS server "${host}"`);
    expect(error.message).toContain('api.windowsAuthentication');
    expect(error.message).toContain('CORP\\svc-backstage');
    expect(error.message).not.toContain('Wrong-Passw0rd');
    const failures = simulator.ntlmConnections(host).slice(before).flatMap(connection => connection.failures);
    expect(failures.some(failure => failure.startsWith('wrong password'))).toBe(true);
  });

  it.each([
    ['domain', { domain: 'OTHER' }, 'unknown domain OTHER\\svc-backstage'],
    ['user', { username: 'someone-else' }, 'unknown user CORP\\someone-else'],
  ])('reports a wrong %s', async (_name, change, failure) => {
    const host = 'ntlm01.corp.example';
    const before = simulator.ntlmConnections(host).length;

    const error = await readError(createClient(host, { windowsAuthentication: { ...ACCOUNT, ...change }, readApplications: false }));

    expect(error.kind).toBe('windows-authentication');
    expect(error.message).toContain('api.windowsAuthentication');
    const failures = simulator.ntlmConnections(host).slice(before).flatMap(connection => connection.failures);
    expect(failures).toContain(failure);
  });

  it('gives the appsettings fix without windowsAuthentication', async () => {
    const host = 'ntlm01.corp.example';

    const error = await readError(createClient(host, { windowsAuthentication: undefined, readApplications: false }));

    expect(error.kind).toBe('windows-authentication');
    expect(error.status).toBe(401);
    expect(error.message).toContain('security.require_windows_authentication to false');
    expect(error.message).toContain('security.access_policy.api.users to "Everyone"');
    expect(error.message).toContain('api.windowsAuthentication');
  });

  it('says that Kerberos is not supported', async () => {
    const host = 'kerberos.corp.example';

    const error = await readError(createClient(host, { readApplications: false }));

    expect(error.kind).toBe('windows-authentication');
    expect(error.message).toContain('Kerberos is not supported');
    expect(error.message).toContain('security.require_windows_authentication to false');
    expect(error.message).toContain('security.access_policy.api.users to "Everyone"');
    const steps = simulator.ntlmConnections(host).flatMap(connection => connection.steps);
    expect(steps).toContain('rejected');
  });

  it('retries a handshake whose connection closed', async () => {
    const host = 'closing.corp.example';

    const error = await readError(createClient(host, { readApplications: false, retries: 1, retryBaseDelayMs: 0 }));

    expect(error.kind).toBe('reset');
    expect(error.message).toContain('in the middle of the NTLM handshake');
    expect(error.message).toContain('The request was sent 2 times.');
    const failures = simulator.ntlmConnections(host).flatMap(connection => connection.failures);
    expect(failures).toContain('AUTHENTICATE without a CHALLENGE on this connection');
  });

  it('reads a token-only server with windowsAuthentication set', async () => {
    const tokenOnly = await startIisSimulator({ accessToken: TOKEN, servers: farm.slice(0, 1) });
    try {
      const { host } = farm[0];
      const client = new IisApiClient({ host, url: tokenOnly.url(host), accessToken: TOKEN, caFile: undefined, certificateFingerprint: tokenOnly.certificateFingerprint, windowsAuthentication: ACCOUNT });
      clients.push(client);

      const reading = await client.readServer();

      expect(reading.sites.map(site => site.name)).toEqual(farm[0].reading.sites.map(site => site.name));
    } finally {
      await tokenOnly.stop();
    }
  });
});

describe('NTLM in a full catalog run', () => {
  it('never logs or stores a password', async () => {
    const wrongPassword = 'Wrong-Run-Passw0rd-c2';
    const api = (host: string, windowsAuthentication?: JsonObject): JsonObject => ({
      host,
      api: { url: simulator.url(host), accessToken: TOKEN, caFile, ...(windowsAuthentication ? { windowsAuthentication } : {}) },
    });
    const catalog = await startCatalog(
      providerConfig('ntlm', {
        servers: [
          api('ntlm01.corp.example', { ...ACCOUNT }),
          api('ntlm-scheme.corp.example', { ...ACCOUNT, password: wrongPassword }),
          api('kerberos.corp.example', ACCOUNT),
          api('negotiate.corp.example'),
        ],
      }),
    );
    try {
      const summary = await waitForRun(catalog.logs, 1);
      expect(summary).toMatch(/^Read 1 of 4 IIS servers/);
      expect(summary).toContain('ntlm-scheme.corp.example (windows-authentication)');

      const lines = catalog.logs.map(line => JSON.stringify(line));
      // The failures were logged in full, so the grep below reads the error messages too.
      expect(lines.some(line => line.includes('rejected the Windows account CORP\\\\svc-backstage'))).toBe(true);
      expect(lines.some(line => line.includes('Kerberos is not supported'))).toBe(true);
      for (const secret of [PASSWORD, wrongPassword, TOKEN]) {
        expect(lines.filter(line => line.includes(secret))).toEqual([]);
      }

      const entities = await waitFor('the entities of ntlm01', async () => {
        const text = JSON.stringify(await queryIisEntities(catalog.catalogUrl));
        return text.includes('ntlm01.corp.example--') ? text : undefined;
      });
      for (const secret of [PASSWORD, wrongPassword, TOKEN]) {
        expect(entities).not.toContain(secret);
      }
    } finally {
      await catalog.stop();
    }
  });
});
