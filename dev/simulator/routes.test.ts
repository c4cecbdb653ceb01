import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIisSimulator, IisSimulator } from './server';
import { createSimulatorClient, SimulatorClient } from './test-client';
import { sampleReading } from './test-readings';

const TOKEN = 'routes-test-token';
const HOST = 'web01.corp.example';

let simulator: IisSimulator;
let client: SimulatorClient;

beforeAll(async () => {
  simulator = await startIisSimulator({
    servers: [{ host: HOST, reading: sampleReading(HOST) }],
    accessToken: TOKEN,
  });
  client = createSimulatorClient(simulator, TOKEN);
});

afterAll(async () => {
  await simulator.stop();
});

async function siteIdByName(name: string): Promise<string> {
  const { websites } = await client.getJson(HOST, '/api/webserver/websites');
  const site = websites.find((entry: { name: string }) => entry.name === name);
  if (!site) throw new Error(`site ${name} not listed`);
  return site.id;
}

async function poolIdByName(name: string): Promise<string> {
  const { app_pools } = await client.getJson(HOST, '/api/webserver/application-pools');
  const pool = app_pools.find((entry: { name: string }) => entry.name === name);
  if (!pool) throw new Error(`pool ${name} not listed`);
  return pool.id;
}

describe('GET /api', () => {
  it('returns the installed default host_name', async () => {
    const response = await client.get(HOST, '/api');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ host_name: 'IIS Administration API' });
  });
});

describe('websites list', () => {
  it('carries only name, id and status', async () => {
    const response = await client.get(HOST, '/api/webserver/websites');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-total-count')).toBe('4');
    const { websites } = await response.json();
    expect(websites.map((site: { name: string }) => site.name)).toEqual([
      'Default Web Site',
      'shop.example.com',
      'Stopped [old] site',
      'No root application',
    ]);
    for (const site of websites) {
      expect(Object.keys(site)).toEqual(['name', 'id', 'status']);
      expect(site.id).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    }
    expect(websites.map((site: { status: string }) => site.status)).toEqual(['started', 'started', 'stopped', 'unknown']);
  });

  it('gives every site a distinct id', async () => {
    const { websites } = await client.getJson(HOST, '/api/webserver/websites');
    const ids = new Set(websites.map((site: { id: string }) => site.id));
    expect(ids.size).toBe(websites.length);
  });

  it('filters by application_pool.id', async () => {
    const classic = await poolIdByName('Classic .NET AppPool');
    const response = await client.get(HOST, `/api/webserver/websites?application_pool.id=${classic}`);
    expect(response.headers.get('x-total-count')).toBe('1');
    const { websites } = await response.json();
    expect(websites.map((site: { name: string }) => site.name)).toEqual(['Default Web Site']);
  });

  it('accepts a trailing slash and any case', async () => {
    const body = await client.getJson(HOST, '/API/WebServer/WebSites/');
    expect(body.websites).toHaveLength(4);
  });
});

describe('website detail', () => {
  it('renders the default web site', async () => {
    const id = await siteIdByName('Default Web Site');
    const site = await client.getJson(HOST, `/api/webserver/websites/${id}`);
    const poolId = await poolIdByName('DefaultAppPool');

    expect(Object.keys(site)).toEqual([
      'name',
      'id',
      'physical_path',
      'key',
      'status',
      'server_auto_start',
      'enabled_protocols',
      'bindings',
      'application_pool',
    ]);
    expect(site).toEqual({
      name: 'Default Web Site',
      id,
      physical_path: '%SystemDrive%\\inetpub\\wwwroot',
      key: 1,
      status: 'started',
      server_auto_start: true,
      enabled_protocols: 'http,net.tcp,net.pipe',
      bindings: [
        { protocol: 'http', binding_information: '*:80:', ip_address: '*', port: 80, hostname: '' },
        { protocol: 'https', binding_information: '*:443:', ip_address: '*', port: 443, hostname: '', require_sni: false },
        { protocol: 'net.tcp', binding_information: '808:*' },
        { protocol: 'net.pipe', binding_information: '*' },
      ],
      application_pool: { name: 'DefaultAppPool', id: poolId, status: 'started' },
    });
  });

  it.each([
    ['shop.example.com', 0, { protocol: 'https', binding_information: '*:443:shop.example.com', ip_address: '*', port: 443, hostname: 'shop.example.com', require_sni: true }],
    ['shop.example.com', 1, { protocol: 'https', binding_information: '192.0.2.10:443:', ip_address: '192.0.2.10', port: 443, hostname: '', require_sni: false }],
    ['shop.example.com', 2, { protocol: 'https', binding_information: '[2001:db8::7]:443:shop.example.com', ip_address: '2001:db8::7', port: 443, hostname: 'shop.example.com', require_sni: true }],
    ['shop.example.com', 3, { protocol: 'http', binding_information: ':8080:*.shop.example.com', ip_address: '*', port: 8080, hostname: '*.shop.example.com' }],
    ['Stopped [old] site', 0, { protocol: 'http', binding_information: 'not-a-binding', ip_address: null, port: null, hostname: '' }],
    ['Stopped [old] site', 1, { protocol: 'https', binding_information: '*:8443:', ip_address: '*', port: 8443, hostname: '', require_sni: false }],
  ])('renders %s binding %i', async (siteName, index, expected) => {
    const id = await siteIdByName(siteName);
    const site = await client.getJson(HOST, `/api/webserver/websites/${id}`);
    expect(site.bindings[index]).toEqual(expected);
  });

  it('finds the root pool case-insensitively', async () => {
    const id = await siteIdByName('shop.example.com');
    const site = await client.getJson(HOST, `/api/webserver/websites/${id}`);
    expect(site.application_pool.name).toBe('NoManagedCode');
  });

  it('renders a site without a root application', async () => {
    const id = await siteIdByName('No root application');
    const site = await client.getJson(HOST, `/api/webserver/websites/${id}`);
    expect(site.physical_path).toBe('');
    expect(site.enabled_protocols).toBe('');
    expect(site.bindings).toEqual([]);
    expect(site.application_pool).toBeNull();
    expect(site.key).toBe(12);
  });

  it('renders a stopped site', async () => {
    const id = await siteIdByName('Stopped [old] site');
    const site = await client.getJson(HOST, `/api/webserver/websites/${id}`);
    expect(site.status).toBe('stopped');
    expect(site.server_auto_start).toBe(false);
    expect(site.application_pool).toEqual({ name: 'Stopped', id: await poolIdByName('Stopped'), status: 'stopped' });
  });
});

describe('application pools', () => {
  it('lists pools under app_pools', async () => {
    const response = await client.get(HOST, '/api/webserver/application-pools');
    expect(response.headers.get('x-total-count')).toBe('5');
    const { app_pools } = await response.json();
    expect(app_pools.map((pool: { name: string }) => pool.name)).toEqual([
      'DefaultAppPool',
      'Classic .NET AppPool',
      'NoManagedCode',
      'Orders',
      'Stopped',
    ]);
    for (const pool of app_pools) {
      expect(Object.keys(pool)).toEqual(['name', 'id', 'status']);
    }
  });

  it.each([
    ['Classic .NET AppPool', { status: 'started', auto_start: true, pipeline_mode: 'classic', managed_runtime_version: 'v2.0', enable_32bit_win64: false, start_mode: 'OnDemand', identity: { identity_type: 'ApplicationPoolIdentity', username: '' } }],
    ['NoManagedCode', { status: 'started', auto_start: true, pipeline_mode: 'integrated', managed_runtime_version: '', enable_32bit_win64: false, start_mode: 'AlwaysRunning', identity: { identity_type: 'ApplicationPoolIdentity', username: '' } }],
    ['Orders', { status: 'started', auto_start: true, pipeline_mode: 'integrated', managed_runtime_version: 'v4.0', enable_32bit_win64: true, start_mode: 'OnDemand', identity: { identity_type: 'SpecificUser', username: 'CORP\\svc-orders' } }],
    ['Stopped', { status: 'stopped', auto_start: false, pipeline_mode: 'integrated', managed_runtime_version: 'v4.0', enable_32bit_win64: false, start_mode: 'OnDemand', identity: { identity_type: 'NetworkService', username: '' } }],
  ])('renders pool %s', async (name, expected) => {
    const id = await poolIdByName(name);
    const pool = await client.getJson(HOST, `/api/webserver/application-pools/${id}`);
    expect(pool).toEqual({ name, id, ...expected });
  });
});

describe('webapps', () => {
  it('lists the applications of one site, root included', async () => {
    const siteId = await siteIdByName('Default Web Site');
    const response = await client.get(HOST, `/api/webserver/webapps?website.id=${siteId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-total-count')).toBe('3');
    const { webapps } = await response.json();
    expect(webapps.map((app: { location: string; path: string }) => [app.location, app.path])).toEqual([
      ['Default Web Site/', '/'],
      ['Default Web Site/orders', '/orders'],
      ['Default Web Site/orders/reports', '/orders/reports'],
    ]);
    for (const app of webapps) {
      expect(Object.keys(app)).toEqual(['location', 'path', 'id']);
    }
  });

  it('renders one application in full', async () => {
    const siteId = await siteIdByName('Default Web Site');
    const { webapps } = await client.getJson(HOST, `/api/webserver/webapps?website.id=${siteId}`);
    const reports = webapps[2];
    const app = await client.getJson(HOST, `/api/webserver/webapps/${reports.id}`);
    expect(app).toEqual({
      location: 'Default Web Site/orders/reports',
      path: '/orders/reports',
      id: reports.id,
      physical_path: 'D:\\apps\\reports',
      enabled_protocols: 'http',
      website: { name: 'Default Web Site', id: siteId, status: 'started' },
      application_pool: { name: 'Classic .NET AppPool', id: await poolIdByName('Classic .NET AppPool'), status: 'started' },
    });
  });

  it('reports a missing pool as null', async () => {
    const siteId = await siteIdByName('No root application');
    const { webapps } = await client.getJson(HOST, `/api/webserver/webapps?website.id=${siteId}&fields=path,application_pool`);
    expect(webapps).toEqual([{ path: '/only', id: webapps[0].id, application_pool: null }]);
  });

  it('filters by application_pool.id across sites', async () => {
    const orders = await poolIdByName('Orders');
    const { webapps } = await client.getJson(HOST, `/api/webserver/webapps?application_pool.id=${orders}`);
    expect(webapps.map((app: { location: string }) => app.location)).toEqual(['Default Web Site/orders']);
  });

  it('returns 404 without website.id, as the service does', async () => {
    for (const query of ['', '?website.id=', '?fields=*']) {
      const response = await client.get(HOST, `/api/webserver/webapps${query}`);
      expect(response.status, query).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const body = await response.json();
      expect(body.title).toBe('Not Found');
      expect(body.status).toBe(404);
    }
  });

  it('returns 404 name site for an unknown website.id', async () => {
    const response = await client.get(HOST, '/api/webserver/webapps?website.id=bm90LWEtc2l0ZQ');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ title: 'Not found', name: 'site', status: 404 });
  });
});

describe('unknown resources', () => {
  it.each([
    '/api/webserver/websites/bm90LWEtc2l0ZQ',
    '/api/webserver/application-pools/bm90LWEtcG9vbA',
    '/api/webserver/webapps/bm90LWFuLWFwcA',
  ])('returns 404 name id for %s', async path => {
    const response = await client.get(HOST, path);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toEqual({ title: 'Not found', name: 'id', status: 404 });
  });

  it.each([
    '/api/certificates',
    '/api/webserver',
    '/api/webserver/virtual-directories',
    '/api/webserver/websites/a/b',
    '/api/webserver/websites/%E0%A4%A',
    '/not-api',
  ])('returns 404 problem for %s', async path => {
    const response = await client.get(HOST, path);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toEqual({ title: 'Not found', status: 404 });
  });

  it('does not accept an id from another site route', async () => {
    const siteId = await siteIdByName('Default Web Site');
    const response = await client.get(HOST, `/api/webserver/application-pools/${siteId}`);
    expect(response.status).toBe(404);
  });
});
