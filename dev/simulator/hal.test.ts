import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIisSimulator, IisSimulator } from './server';
import { createSimulatorClient, SimulatorClient } from './test-client';
import { sampleReading } from './test-readings';

const TOKEN = 'hal-test-token';
const HOST = 'web01.corp.example';
const HAL = { Accept: 'application/hal+json' };
let simulator: IisSimulator;
let client: SimulatorClient;

beforeAll(async () => {
  simulator = await startIisSimulator({ servers: [{ host: HOST, reading: sampleReading(HOST) }], accessToken: TOKEN });
  client = createSimulatorClient(simulator, TOKEN);
});

afterAll(async () => {
  await simulator.stop();
});

/** Collects every `_links` object anywhere in a body. */
function collectLinks(value: unknown, found: unknown[] = []): unknown[] {
  if (Array.isArray(value)) {
    value.forEach(entry => collectLinks(entry, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, entry] of Object.entries(value)) {
      if (key === '_links') found.push(entry);
      collectLinks(entry, found);
    }
  }
  return found;
}

describe('HAL links', () => {
  it.each([
    ['application/json'],
    ['*/*'],
    ['hal'],
  ])('are absent with Accept %s', async accept => {
    const response = await client.get(HOST, '/api/webserver/websites?fields=*', { Accept: accept });
    const body = await response.json();
    expect(collectLinks(body)).toEqual([]);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('are absent without an Accept header', async () => {
    const { websites } = await client.getJson(HOST, '/api/webserver/websites');
    const site = await client.getJson(HOST, `/api/webserver/websites/${websites[0].id}`);
    expect(collectLinks(site)).toEqual([]);
  });

  it('give list items a self link', async () => {
    const response = await client.get(HOST, '/api/webserver/websites', HAL);
    expect(response.headers.get('content-type')).toBe('application/hal+json; charset=utf-8');
    const { websites, _links } = await response.json();
    expect(_links).toBeUndefined();
    for (const site of websites) {
      expect(site._links).toEqual({ self: { href: `/${HOST}/api/webserver/websites/${site.id}` } });
    }
  });

  it('give a site detail its webapps link', async () => {
    const { websites } = await client.getJson(HOST, '/api/webserver/websites', HAL);
    const site = await client.getJson(HOST, `/api/webserver/websites/${websites[0].id}`, HAL);
    expect(site._links).toEqual({
      self: { href: `/${HOST}/api/webserver/websites/${site.id}` },
      webapps: { href: `/${HOST}/api/webserver/webapps?website.id=${site.id}` },
    });
    expect(site.application_pool._links).toEqual({
      self: { href: `/${HOST}/api/webserver/application-pools/${site.application_pool.id}` },
    });
  });

  it('resolve against the origin to working URLs', async () => {
    const { websites } = await client.getJson(HOST, '/api/webserver/websites', HAL);
    const site = await client.getJson(HOST, `/api/webserver/websites/${websites[0].id}`, HAL);
    const origin = new URL(simulator.url(HOST)).origin;
    for (const link of [site._links.webapps.href, site.application_pool._links.self.href]) {
      const url = new URL(link, origin);
      const response = await client.get(HOST, url.pathname.slice(`/${HOST}`.length) + url.search);
      expect(response.status, link).toBe(200);
    }
  });

  it('give a pool detail its webapps and websites links', async () => {
    const { app_pools } = await client.getJson(HOST, '/api/webserver/application-pools');
    const pool = await client.getJson(HOST, `/api/webserver/application-pools/${app_pools[0].id}`, HAL);
    expect(Object.keys(pool._links)).toEqual(['self', 'webapps', 'websites']);
  });
});
