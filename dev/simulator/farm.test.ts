import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFarm, FarmServer } from './farm';
import { startIisSimulator, IisSimulator } from './server';
import { createSimulatorClient, SimulatorClient } from './test-client';
import { crawlServer } from './test-crawl';

const FARM_DIR = path.resolve(__dirname, '../../fixtures/farm');
const TOKEN = 'farm-test-token';

let farm: FarmServer[];
let simulator: IisSimulator;
let client: SimulatorClient;

beforeAll(async () => {
  farm = await loadFarm(FARM_DIR);
  simulator = await startIisSimulator({ servers: farm, accessToken: TOKEN });
  client = createSimulatorClient(simulator, TOKEN);
});

afterAll(async () => {
  await simulator?.stop();
});

async function site(host: string, name: string): Promise<any> {
  const { websites } = await client.getJson(host, '/api/webserver/websites?fields=*');
  const found = websites.find((entry: { name: string }) => entry.name === name);
  if (!found) throw new Error(`site ${name} not found on ${host}`);
  return found;
}

async function pool(host: string, name: string): Promise<any> {
  const { app_pools } = await client.getJson(host, '/api/webserver/application-pools?fields=*');
  const found = app_pools.find((entry: { name: string }) => entry.name === name);
  if (!found) throw new Error(`pool ${name} not found on ${host}`);
  return found;
}

describe('loadFarm', () => {
  it('reads one server per host folder', () => {
    expect(farm.map(server => server.host)).toEqual([
      'api01.corp.example',
      'legacy01.corp.example',
      'web01.corp.example',
      'web02.corp.example',
    ]);
  });

  it('reads 16 sites without warnings', () => {
    expect(farm.map(server => server.reading.sites.length)).toEqual([4, 4, 4, 4]);
    for (const server of farm) {
      expect(server.reading.warnings, server.host).toEqual([]);
    }
  });

  it('rejects a folder without servers', async () => {
    await expect(loadFarm(path.resolve(__dirname))).rejects.toThrow(/No server found/);
  });

  it('rejects a missing folder', async () => {
    await expect(loadFarm(path.join(FARM_DIR, 'no-such-folder'))).rejects.toThrow(/ENOENT/);
  });
});

describe('demo farm over the API', () => {
  it('serves the sites of every server', async () => {
    const names: Record<string, string[]> = {};
    for (const { host } of farm) {
      const { websites } = await client.getJson(host, '/api/webserver/websites');
      names[host] = websites.map((entry: { name: string }) => entry.name);
    }
    expect(names).toEqual({
      'api01.corp.example': ['Default Web Site', 'orders-api', 'OrderService', 'inventory-api'],
      'legacy01.corp.example': ['Default Web Site', 'intranet', 'hr-reports', 'Team Wiki'],
      'web01.corp.example': ['Default Web Site', 'shop.example.com', 'cdn.example.com', 'Marketing (campaigns)'],
      'web02.corp.example': ['Default Web Site', 'shop.example.com', 'partners.example.com', 'shop-preview'],
    });
  });

  it('serves SNI, non-SNI and wildcard https bindings on web01', async () => {
    const shop = await site('web01.corp.example', 'shop.example.com');
    expect(shop.bindings.map((binding: { hostname: string; require_sni?: boolean }) => [binding.hostname, binding.require_sni])).toEqual([
      ['shop.example.com', undefined],
      ['shop.example.com', true],
      ['www.shop.example.com', true],
    ]);
    const cdn = await site('web01.corp.example', 'cdn.example.com');
    expect(cdn.bindings).toEqual([
      { protocol: 'https', binding_information: '*:443:cdn.example.com', ip_address: '*', port: 443, hostname: 'cdn.example.com', require_sni: false },
    ]);
    const marketing = await site('web01.corp.example', 'Marketing (campaigns)');
    expect(marketing.bindings[0].hostname).toBe('*.campaigns.example.com');
  });

  it('serves specific IPv4 and IPv6 addresses on web02', async () => {
    const shop = await site('web02.corp.example', 'shop.example.com');
    expect(shop.bindings[1]).toEqual({
      protocol: 'https',
      binding_information: '192.0.2.21:443:',
      ip_address: '192.0.2.21',
      port: 443,
      hostname: '',
      require_sni: false,
    });
    const partners = await site('web02.corp.example', 'partners.example.com');
    expect(partners.bindings[0].ip_address).toBe('2001:db8:10::21');
    expect(partners.bindings[0].require_sni).toBe(true);
  });

  it('serves a stopped site with its own key', async () => {
    const preview = await site('web02.corp.example', 'shop-preview');
    expect([preview.key, preview.status, preview.server_auto_start]).toEqual([7, 'stopped', false]);
    expect(preview.application_pool.status).toBe('stopped');
  });

  it('serves net.tcp and net.pipe bindings raw', async () => {
    const service = await site('api01.corp.example', 'OrderService');
    expect(service.enabled_protocols).toBe('http,net.tcp,net.pipe');
    expect(service.bindings.slice(1)).toEqual([
      { protocol: 'net.tcp', binding_information: '808:*' },
      { protocol: 'net.pipe', binding_information: '*' },
    ]);
  });

  it('serves pools from a configSource file', async () => {
    const orderService = await pool('api01.corp.example', 'OrderService');
    expect(orderService.identity).toEqual({ identity_type: 'SpecificUser', username: 'CORP\\svc-orders' });
    expect(orderService.start_mode).toBe('AlwaysRunning');
    const legacy = await pool('api01.corp.example', 'OrdersApiLegacy');
    expect(legacy.pipeline_mode).toBe('classic');
    const core = await pool('api01.corp.example', 'OrdersApi');
    expect(core.managed_runtime_version).toBe('');
  });

  it('applies applicationDefaults and applicationPoolDefaults', async () => {
    const wiki = await site('legacy01.corp.example', 'Team Wiki');
    expect(wiki.application_pool.name).toBe('Classic .NET AppPool');
    const intranet = await pool('legacy01.corp.example', 'Intranet');
    expect([intranet.managed_runtime_version, intranet.pipeline_mode]).toEqual(['v2.0', 'classic']);
    const defaultPool = await pool('web01.corp.example', 'DefaultAppPool');
    expect(defaultPool.managed_runtime_version).toBe('v4.0');
    const defaultSite = await site('web01.corp.example', 'Default Web Site');
    expect(defaultSite.application_pool.name).toBe('DefaultAppPool');
  });

  it('serves nested applications in other pools', async () => {
    const shop = await site('web01.corp.example', 'shop.example.com');
    const { webapps } = await client.getJson(
      'web01.corp.example',
      `/api/webserver/webapps?website.id=${shop.id}&fields=path,application_pool.name`,
    );
    expect(webapps.map((app: any) => [app.path, app.application_pool.name])).toEqual([
      ['/', 'Shop'],
      ['/checkout', 'ShopCheckout'],
      ['/checkout/payments', 'ShopCheckout'],
    ]);
  });

  it('gives the same site different ids on different servers', async () => {
    const web01 = await site('web01.corp.example', 'shop.example.com');
    const web02 = await site('web02.corp.example', 'shop.example.com');
    expect(web01.key).toBe(web02.key);
    expect(web01.id).not.toBe(web02.id);
  });
});

describe('demo farm secrets', () => {
  const encryptedValues = ['api01.corp.example/applicationPools.config', 'legacy01.corp.example/applicationHost.config'].map(
    file => {
      const match = /password="([^"]+)"/.exec(readFileSync(path.join(FARM_DIR, file), 'utf8'));
      if (!match) throw new Error(`no password in ${file}`);
      return match[1];
    },
  );

  it('has encrypted placeholders in the files', () => {
    for (const value of encryptedValues) {
      expect(value).toMatch(/^\[enc:[A-Za-z]+:[A-Za-z0-9+/=]+:enc\]$/);
    }
  });

  it.each([
    ['JSON', {}],
    ['HAL', { Accept: 'application/hal+json' }],
  ])('never serves a password (%s)', async (_name, headers) => {
    for (const { host } of farm) {
      const bodies = await crawlServer(client, host, headers);
      expect(bodies.length).toBeGreaterThan(10);
      for (const body of bodies) {
        expect(body).not.toMatch(/password/i);
        expect(body).not.toContain('enc:');
        for (const value of encryptedValues) {
          expect(body).not.toContain(value.slice(5, -5));
        }
      }
    }
  });

  it('keeps passwords out of the readings', () => {
    expect(JSON.stringify(farm)).not.toContain('enc:');
  });
});
