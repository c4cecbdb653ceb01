import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteScalars } from './render';
import { startIisSimulator, IisSimulator } from './server';
import { createSimulatorClient, SimulatorClient } from './test-client';
import { sampleReading } from './test-readings';

const TOKEN = 'strings-test-token';
const HOST = 'web01.corp.example';
let simulator: IisSimulator;
let client: SimulatorClient;

beforeAll(async () => {
  simulator = await startIisSimulator({
    servers: [{ host: HOST, reading: sampleReading(HOST) }],
    accessToken: TOKEN,
    numbersAsStrings: true,
  });
  client = createSimulatorClient(simulator, TOKEN);
});

afterAll(async () => {
  await simulator.stop();
});

/** Collects every number or boolean anywhere in a body, with its path. */
function findScalars(value: unknown, path = '$', found: string[] = []): string[] {
  if (typeof value === 'number' || typeof value === 'boolean') {
    found.push(`${path}=${String(value)}`);
  } else if (Array.isArray(value)) {
    value.forEach((entry, index) => findScalars(entry, `${path}[${index}]`, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, entry] of Object.entries(value)) findScalars(entry, `${path}.${key}`, found);
  }
  return found;
}

describe('quoteScalars', () => {
  it('quotes numbers and booleans and keeps the rest', () => {
    expect(quoteScalars({ a: 1, b: false, c: null, d: 'x', e: [443, true, { f: 0 }] })).toEqual({
      a: '1',
      b: 'false',
      c: null,
      d: 'x',
      e: ['443', 'true', { f: '0' }],
    });
  });
});

describe('numbers as strings', () => {
  it('sends site numbers and booleans as strings, as the documentation shows', async () => {
    const { websites } = await client.getJson(HOST, '/api/webserver/websites?fields=*');
    const site = websites[0];
    expect(site.key).toBe('1');
    expect(site.server_auto_start).toBe('true');
    expect(site.bindings[1]).toEqual({
      protocol: 'https',
      binding_information: '*:443:',
      ip_address: '*',
      port: '443',
      hostname: '',
      require_sni: 'false',
    });
    expect(findScalars(websites)).toEqual([]);
  });

  it('keeps null for an unparsed binding', async () => {
    const { websites } = await client.getJson(HOST, '/api/webserver/websites?fields=bindings');
    expect(websites[2].bindings[0]).toEqual({
      protocol: 'http',
      binding_information: 'not-a-binding',
      ip_address: null,
      port: null,
      hostname: '',
    });
  });

  it('sends pool booleans as strings', async () => {
    const { app_pools } = await client.getJson(HOST, '/api/webserver/application-pools?fields=*');
    expect(app_pools[3].auto_start).toBe('true');
    expect(app_pools[3].enable_32bit_win64).toBe('true');
    expect(findScalars(app_pools)).toEqual([]);
  });

  it('keeps problem bodies numeric', async () => {
    const response = await client.get(HOST, '/api/certificates');
    expect(await response.json()).toEqual({ title: 'Not found', status: 404 });
  });

  it('keeps X-Total-Count a plain count', async () => {
    const response = await client.get(HOST, '/api/webserver/application-pools');
    expect(response.headers.get('x-total-count')).toBe('5');
  });
});
