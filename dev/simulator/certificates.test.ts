import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IisApiClient } from '../../src/iis/api';
import { loadFarm } from './farm';
import { startIisSimulator, IisSimulator } from './server';
import { createSimulatorClient, SimulatorClient } from './test-client';

const TOKEN = 'certificates-test-token';
const HOST = 'web01.corp.example';
const FARM_DIR = path.resolve(__dirname, '../../fixtures/farm');
const NOW = new Date('2026-05-01T08:00:00Z');

let simulator: IisSimulator;
let client: SimulatorClient;

beforeAll(async () => {
  const farm = await loadFarm(FARM_DIR, { certificates: true, now: NOW });
  simulator = await startIisSimulator({ servers: farm.filter(server => server.host === HOST), accessToken: TOKEN });
  client = createSimulatorClient(simulator, TOKEN);
});

afterAll(async () => {
  await simulator.stop();
});

async function bindingsOf(siteName: string): Promise<Array<Record<string, any>>> {
  const { websites } = await client.getJson(HOST, '/api/webserver/websites?fields=name,bindings');
  return websites.find((site: { name: string }) => site.name === siteName).bindings;
}

describe('certificates in the simulator', () => {
  it('serves the certificate object on https bindings', async () => {
    const [http, https] = await bindingsOf('Default Web Site');
    expect(http).not.toHaveProperty('certificate');
    expect(Object.keys(https.certificate)).toEqual(['alias', 'id', 'issued_by', 'subject', 'thumbprint', 'valid_to']);
    expect(https.certificate.subject).toBe('CN=web01.corp.example');
    expect(https.certificate.valid_to).toBe('2027-06-05T00:00:00Z');
  });

  it('gives shared certificates one id', async () => {
    const bindings = await bindingsOf('shop.example.com');
    const ids = bindings.filter(binding => binding.protocol === 'https').map(binding => binding.certificate.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[0]).not.toMatch(/B7D2E4F6/i);
  });

  it('serves a certificate by id with its SANs', async () => {
    const [https] = (await bindingsOf('shop.example.com')).filter(binding => binding.protocol === 'https');
    const body = await client.getJson(HOST, `/api/certificates/${https.certificate.id}`);
    expect(body.id).toBe(https.certificate.id);
    expect(body.subject_alternative_names).toEqual(['DNS Name=shop.example.com', 'DNS Name=www.shop.example.com']);
    expect(body.valid_to).toBe('2026-05-13T00:00:00Z');
  });

  it('answers 404 for an unknown certificate id', async () => {
    const response = await client.get(HOST, '/api/certificates/no-such-id');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ title: 'Not found', name: 'id' });
  });

  it('is read once per certificate by the client', async () => {
    const apiClient = new IisApiClient({ host: HOST, url: simulator.url(HOST), accessToken: TOKEN, caFile: undefined, certificateFingerprint: simulator.certificateFingerprint });
    const before = simulator.requestLog(HOST).length;
    try {
      const reading = await apiClient.readServer();
      const certificateRequests = simulator
        .requestLog(HOST)
        .slice(before)
        .filter(entry => entry.path.startsWith('/api/certificates/'));
      expect(certificateRequests).toHaveLength(4);
      const shop = reading.sites.find(site => site.name === 'shop.example.com')!;
      const names = shop.bindings.filter(binding => binding.certificate).map(binding => binding.certificate!.subjectAlternativeNames);
      expect(names).toEqual([
        ['shop.example.com', 'www.shop.example.com'],
        ['shop.example.com', 'www.shop.example.com'],
      ]);
      expect(reading.warnings).toEqual([]);
    } finally {
      apiClient.close();
    }
  });
});
