import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IisApiClient } from './IisApiClient';
import { createFakeIisApiHandler, FakeIisApiData, FakeIisApiStats } from './testing/fakeIisApi';
import { HttpsTestServer, sendJson, startHttpsTestServer, TestRequestHandler } from './testing/httpsTestServer';
import { createTestCertificate, TestCertificate } from './testing/testCertificates';

const TOKEN = 'client-test-token-91c2e7';

const FARM: FakeIisApiData = {
  websites: [
    {
      name: 'Default Web Site',
      id: 'c2l0ZTE',
      key: 1,
      status: 'started',
      server_auto_start: true,
      physical_path: '%SystemDrive%\\inetpub\\wwwroot',
      enabled_protocols: 'http',
      bindings: [
        { protocol: 'http', binding_information: '*:80:', ip_address: '*', port: 80, hostname: '' },
        { protocol: 'net.tcp', binding_information: '808:*' },
      ],
      application_pool: { name: 'DefaultAppPool', id: 'cG9vbDE', status: 'started' },
    },
    {
      name: 'shop.example.com',
      id: 'c2l0ZTI',
      key: '2',
      status: 'stopped',
      server_auto_start: 'false',
      physical_path: 'D:\\sites\\shop',
      enabled_protocols: 'http',
      bindings: [
        { protocol: 'https', binding_information: '[2001:db8::7]:443:shop.example.com', port: '443', require_sni: 'true' },
        { protocol: 'https', binding_information: '*:not-a-port:' },
      ],
      application_pool: { name: 'shop', id: 'cG9vbDI', status: 'started' },
    },
  ],
  appPools: [
    { name: 'DefaultAppPool', id: 'cG9vbDE', status: 'started', auto_start: true, pipeline_mode: 'integrated', managed_runtime_version: 'v4.0', enable_32bit_win64: false, start_mode: 'OnDemand', identity: { identity_type: 'ApplicationPoolIdentity', username: '' } },
    { name: 'shop', id: 'cG9vbDI', status: 'started', auto_start: true, pipeline_mode: 'integrated', managed_runtime_version: '', enable_32bit_win64: false, start_mode: 'AlwaysRunning', identity: { identity_type: 'SpecificUser', username: 'CORP\\svc-shop' } },
  ],
  webappsBySiteId: {
    c2l0ZTE: [{ path: '/', physical_path: '%SystemDrive%\\inetpub\\wwwroot', enabled_protocols: 'http', application_pool: { name: 'DefaultAppPool' } }],
    c2l0ZTI: [
      { path: '/', physical_path: 'D:\\sites\\shop', enabled_protocols: 'http', application_pool: { name: 'shop' } },
      { path: '/api', physical_path: 'D:\\sites\\shop-api', enabled_protocols: 'http', application_pool: { name: 'DefaultAppPool' } },
    ],
  },
};

let certificate: TestCertificate;
let server: HttpsTestServer | undefined;
let client: IisApiClient | undefined;

beforeAll(async () => {
  certificate = await createTestCertificate();
});

afterEach(async () => {
  client?.close();
  client = undefined;
  await server?.close();
  server = undefined;
});

async function startApi(handler: TestRequestHandler): Promise<HttpsTestServer> {
  server = await startHttpsTestServer(certificate, handler);
  return server;
}

function createClient(url: string, readApplications = true, logLines: string[] = []): IisApiClient {
  const log = (message: string) => logLines.push(message);
  client = new IisApiClient(
    { host: 'web01', url, accessToken: TOKEN, certificateFingerprint: certificate.fingerprint256, readApplications },
    { logger: { debug: log, warn: log } },
  );
  return client;
}

describe('IisApiClient.readServer', () => {
  it('reads sites, applications and pools in API order', async () => {
    const api = await startApi(createFakeIisApiHandler(TOKEN, FARM));

    const reading = await createClient(api.url).readServer();

    expect(reading.host).toBe('web01');
    expect(reading.source).toBe('api');
    expect(reading.location).toBe(api.url);
    expect(reading.sites.map(site => site.name)).toEqual(['Default Web Site', 'shop.example.com']);
    expect(reading.sites[1]).toEqual({
      name: 'shop.example.com',
      id: 2,
      apiId: 'c2l0ZTI',
      state: 'stopped',
      serverAutoStart: false,
      applicationPool: 'shop',
      physicalPath: 'D:\\sites\\shop',
      bindings: [
        { protocol: 'https', bindingInformation: '[2001:db8::7]:443:shop.example.com', address: '2001:db8::7', port: 443, host: 'shop.example.com', sni: true },
        { protocol: 'https', bindingInformation: '*:not-a-port:', problem: 'port "not-a-port" is not a number from 1 to 65535' },
      ],
      applications: [
        { path: '/', applicationPool: 'shop', physicalPath: 'D:\\sites\\shop', enabledProtocols: 'http' },
        { path: '/api', applicationPool: 'DefaultAppPool', physicalPath: 'D:\\sites\\shop-api', enabledProtocols: 'http' },
      ],
    });
    expect(reading.applicationPools.map(pool => [pool.name, pool.apiId, pool.startMode, pool.identityUserName])).toEqual([
      ['DefaultAppPool', 'cG9vbDE', 'OnDemand', undefined],
      ['shop', 'cG9vbDI', 'AlwaysRunning', 'CORP\\svc-shop'],
    ]);
    expect(reading.warnings).toEqual([
      'Site "shop.example.com": binding https "*:not-a-port:" was not parsed: port "not-a-port" is not a number from 1 to 65535',
    ]);
  });

  it('sends one request per collection with the token header', async () => {
    const api = await startApi(createFakeIisApiHandler(TOKEN, FARM));

    await createClient(api.url).readServer();

    const paths = api.requests.map(request => request.url).sort();
    expect(paths).toEqual([
      '/api/webserver/application-pools?fields=name,status,auto_start,pipeline_mode,managed_runtime_version,enable_32bit_win64,start_mode,identity',
      '/api/webserver/webapps?website.id=c2l0ZTE&fields=path,physical_path,enabled_protocols,application_pool',
      '/api/webserver/webapps?website.id=c2l0ZTI&fields=path,physical_path,enabled_protocols,application_pool',
      '/api/webserver/websites?fields=name,key,status,server_auto_start,physical_path,enabled_protocols,bindings,application_pool',
    ]);
    for (const request of api.requests) {
      expect(request.method).toBe('GET');
      expect(request.headers['access-token']).toBe(`Bearer ${TOKEN}`);
      expect(request.headers.accept).toBe('application/json');
      expect(request.headers.authorization).toBeUndefined();
    }
  });

  it('derives root applications without per-site requests', async () => {
    const api = await startApi(createFakeIisApiHandler(TOKEN, FARM));

    const reading = await createClient(api.url, false).readServer();

    expect(api.requests.filter(request => request.url.startsWith('/api/webserver/webapps'))).toEqual([]);
    expect(reading.sites.map(site => site.applications)).toEqual([
      [{ path: '/', applicationPool: 'DefaultAppPool', physicalPath: '%SystemDrive%\\inetpub\\wwwroot', enabledProtocols: 'http' }],
      [{ path: '/', applicationPool: 'shop', physicalPath: 'D:\\sites\\shop', enabledProtocols: 'http' }],
    ]);
  });

  it('reads at most four application lists at a time', async () => {
    const websites = Array.from({ length: 12 }, (_, index) => ({ name: `site${index}`, id: `id${index}`, key: index + 1 }));
    const webappsBySiteId = Object.fromEntries(websites.map(site => [site.id, [{ path: '/', application_pool: { name: 'pool' } }]]));
    const stats: FakeIisApiStats = { maxConcurrentWebappRequests: 0 };
    const api = await startApi(createFakeIisApiHandler(TOKEN, { websites, appPools: [], webappsBySiteId, webappsDelayMs: 40 }, stats));

    const reading = await createClient(api.url).readServer();

    expect(reading.sites.map(site => site.name)).toEqual(websites.map(site => site.name));
    expect(reading.sites.every(site => site.applications.length === 1)).toBe(true);
    expect(stats.maxConcurrentWebappRequests).toBeGreaterThan(1);
    expect(stats.maxConcurrentWebappRequests).toBeLessThanOrEqual(4);
  });

  it('keeps a site deleted during the reading without applications', async () => {
    const api = await startApi(createFakeIisApiHandler(TOKEN, { ...FARM, webappsBySiteId: { c2l0ZTE: FARM.webappsBySiteId.c2l0ZTE } }));

    const reading = await createClient(api.url).readServer();

    expect(reading.sites[1].applications).toEqual([]);
    expect(reading.warnings).toContain(
      'Site "shop.example.com" was not found when its applications were read; it has no applications in this reading',
    );
  });

  it('serves a base URL with a path prefix', async () => {
    const farm = createFakeIisApiHandler(TOKEN, FARM);
    const api = await startApi((request, response) => {
      const prefix = '/web01.corp.example';
      if (!request.url?.startsWith(`${prefix}/api/`)) {
        sendJson(response, 404, { title: 'Not found', status: 404 }, 'application/problem+json');
        return;
      }
      request.url = request.url.slice(prefix.length);
      farm(request, response);
    });

    const reading = await createClient(`${api.url}/web01.corp.example/`).readServer();

    expect(reading.location).toBe(`${api.url}/web01.corp.example`);
    expect(reading.sites).toHaveLength(2);
  });

  it('warns when X-Total-Count disagrees with the list', async () => {
    const api = await startApi((request, response) => {
      response.setHeader('X-Total-Count', '5');
      sendJson(response, 200, request.url?.startsWith('/api/webserver/websites') ? { websites: [] } : { app_pools: [] });
    });

    const reading = await createClient(api.url, false).readServer();

    expect(reading.warnings).toEqual([
      'The API listed 0 entries for the websites but its X-Total-Count header says 5',
      'The API listed 0 entries for the application pools but its X-Total-Count header says 5',
    ]);
  });

  it('logs requests without the token', async () => {
    const api = await startApi(createFakeIisApiHandler(TOKEN, FARM));
    const logLines: string[] = [];

    await createClient(api.url, true, logLines).readServer();

    expect(logLines.length).toBeGreaterThanOrEqual(5);
    expect(logLines.some(line => line.includes('/api/webserver/websites?fields=') && line.includes('HTTP 200'))).toBe(true);
    expect(logLines.filter(line => line.includes(TOKEN))).toEqual([]);
  });
});
