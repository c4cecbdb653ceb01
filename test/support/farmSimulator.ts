import fs from 'fs';
import os from 'os';
import path from 'path';
import type { JsonObject } from '@backstage/types';
import { FarmServer, IisSimulator, loadFarm, startIisSimulator } from '../../dev/simulator';
import { IisServerReading } from '../../src/iis/model';

export const repoRoot = path.resolve(__dirname, '../..');
export const farmDir = path.join(repoRoot, 'fixtures', 'farm');

export interface FarmUnderTest {
  simulator: IisSimulator;
  farm: FarmServer[];
  accessToken: string;
  /** The config entry of a farm server read through the simulated API. */
  apiServer(host: string): JsonObject;
  reading(host: string): IisServerReading;
}

/** Serves the demo farm's API servers (all but legacy01, which is read as a file) over HTTPS. */
export async function startFarmSimulator(accessToken: string): Promise<FarmUnderTest> {
  const farm = await loadFarm(farmDir);
  const simulator = await startIisSimulator({ servers: farm.filter(server => server.host !== 'legacy01.corp.example'), accessToken });
  const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iis-farm-')), 'simulator.pem');
  simulator.writeCertificate(caFile);
  return {
    simulator,
    farm,
    accessToken,
    apiServer: host => ({ host, api: { url: simulator.url(host), accessToken, caFile } }),
    reading: host => farm.find(server => server.host === host)!.reading,
  };
}

/** Builds a test backend config with one IIS provider. */
export function providerConfig(id: string, provider: JsonObject): JsonObject {
  return {
    backend: { baseUrl: 'http://127.0.0.1', listen: { host: '127.0.0.1', port: 0 } },
    catalog: { providers: { iis: { [id]: { owner: 'group:default/web-platform', ...provider } } } },
  };
}
