import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IisApiClient } from '../../src/iis/api';
import type { IisServerReading } from '../../src/iis/model';
import { FarmServer, loadFarm } from './farm';
import { IisSimulator, startIisSimulator } from './server';

const FARM_DIR = path.resolve(__dirname, '../../fixtures/farm');
const TOKEN = 'roundtrip-test-token';

/**
 * Keeps the parts of a reading that both sources can deliver. The API has no `sslFlags` (only
 * `require_sni`) and adds its opaque ids, so both are left out of the comparison.
 */
function comparable(reading: IisServerReading): unknown {
  return {
    sites: reading.sites.map(({ apiId: _apiId, ...site }) => ({
      ...site,
      bindings: site.bindings.map(({ sslFlags: _sslFlags, ...binding }) => binding),
    })),
    applicationPools: reading.applicationPools.map(({ apiId: _apiId, ...pool }) => pool),
  };
}

let farm: FarmServer[];
let folder: string;

beforeAll(async () => {
  farm = await loadFarm(FARM_DIR);
  folder = mkdtempSync(path.join(tmpdir(), 'iis-simulator-roundtrip-'));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe.each([
  ['numbers', false],
  ['numbers as strings', true],
])('API client round trip with %s', (_name, numbersAsStrings) => {
  let simulator: IisSimulator;
  let caFile: string;

  beforeAll(async () => {
    simulator = await startIisSimulator({ servers: farm, accessToken: TOKEN, numbersAsStrings });
    caFile = path.join(folder, `ca-${String(numbersAsStrings)}.pem`);
    simulator.writeCertificate(caFile);
  });

  afterAll(async () => {
    await simulator.stop();
  });

  it.each([
    ['a CA file', () => ({ caFile })],
    ['a fingerprint', () => ({ certificateFingerprint: simulator.certificateFingerprint })],
  ])('reads the file readings back through %s', async (_trust, trust) => {
    for (const { host, reading } of farm) {
      const client = new IisApiClient({ host, url: simulator.url(host), accessToken: TOKEN, ...trust() });
      try {
        const apiReading = await client.readServer();
        expect(apiReading.warnings, host).toEqual([]);
        expect(comparable(apiReading), host).toEqual(comparable(reading));
        expect(apiReading.sites.every(site => site.apiId !== undefined)).toBe(true);
      } finally {
        client.close();
      }
    }
  });
});
