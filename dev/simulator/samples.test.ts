import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApplicationHostConfig } from '../../src/iis/file';
import type { IisServerReading } from '../../src/iis/model';
import { startIisSimulator, IisSimulator } from './server';
import { createSimulatorClient, SimulatorClient } from './test-client';
import { crawlServer } from './test-crawl';

// Real applicationHost.config files kept next to the repository; a user's clone has none.
const SAMPLES_DIR = path.resolve(__dirname, '../..', '../shared/iis-samples/applicationHost');
const haveSamples = existsSync(SAMPLES_DIR);
if (!haveSamples) {
  console.warn(`Skipping the real-sample simulator tests: ${SAMPLES_DIR} does not exist.`);
}

const TOKEN = 'samples-test-token';
const files = haveSamples ? readdirSync(SAMPLES_DIR).filter(name => name.endsWith('.config')).sort() : [];
const hostOf = (file: string) => file.replace(/\.config$/, '');

let readings: Map<string, IisServerReading>;
let simulator: IisSimulator;
let client: SimulatorClient;

describe.skipIf(!haveSamples)('real applicationHost.config samples', () => {
  beforeAll(async () => {
    readings = new Map();
    for (const file of files) {
      const location = path.join(SAMPLES_DIR, file);
      readings.set(hostOf(file), await parseApplicationHostConfig(readFileSync(location), { host: hostOf(file), location }));
    }
    simulator = await startIisSimulator({
      servers: [...readings].map(([host, reading]) => ({ host, reading })),
      accessToken: TOKEN,
    });
    client = createSimulatorClient(simulator, TOKEN);
  });

  afterAll(async () => {
    await simulator?.stop();
  });

  it('finds the samples', () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
  });

  it.each(files)('serves every site and pool of %s', async file => {
    const reading = readings.get(hostOf(file))!;
    const sites = await client.get(hostOf(file), '/api/webserver/websites?fields=*');
    expect(sites.headers.get('x-total-count')).toBe(String(reading.sites.length));
    const { websites } = await sites.json();
    expect(websites.map((site: { key: number }) => site.key)).toEqual(reading.sites.map(site => site.id));
    for (const [index, site] of websites.entries()) {
      expect(site.bindings.map((binding: { binding_information: string }) => binding.binding_information)).toEqual(
        reading.sites[index].bindings.map(binding => binding.bindingInformation),
      );
    }

    const { app_pools } = await client.getJson(hostOf(file), '/api/webserver/application-pools');
    expect(app_pools.map((pool: { name: string }) => pool.name)).toEqual(reading.applicationPools.map(pool => pool.name));
  });

  it('serves the SNI binding of GuessMeWeb', async () => {
    const { websites } = await client.getJson('every-protocol-iis-express', '/api/webserver/websites?fields=name,bindings');
    const guessMe = websites.find((site: { name: string }) => site.name === 'GuessMeWeb');
    expect(guessMe.bindings[1]).toEqual({
      protocol: 'https',
      binding_information: '*:44300:localhost',
      ip_address: '*',
      port: 44300,
      hostname: 'localhost',
      require_sni: true,
    });
  });

  it('never serves the encrypted password of the IIS Express sample', async () => {
    const text = readFileSync(path.join(SAMPLES_DIR, 'every-protocol-iis-express.config'), 'utf8');
    const encrypted = /password="\[enc:([^"]+):enc\]"/.exec(text)?.[1];
    expect(encrypted).toBeDefined();
    for (const file of files) {
      for (const body of await crawlServer(client, hostOf(file))) {
        expect(body).not.toContain(encrypted!);
        expect(body).not.toMatch(/password/i);
      }
    }
  });
});
