import type { LoggerService } from '@backstage/backend-plugin-api';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startIisSimulator } from '../simulator';
import { DEFAULT_SCHEDULE } from '../../src/config';
import { readProviderServers } from '../../src/preview/readServers';
import { generateFarm } from './generateFarm';

const SERVERS = 4;

const silentLogger: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => silentLogger,
};

/**
 * Reads small farms of `SERVERS` servers with each number of sites per server, through the
 * provider's API source without applications, and returns the requests each server received.
 */
export async function measureRequestsBySiteCount(siteCounts: number[], seed: number, accessToken: string) {
  const rows: Array<{ sitesPerServer: number; requestsPerServer: number[] }> = [];
  for (const sitesPerServer of siteCounts) {
    const farm = generateFarm({ servers: SERVERS, sitesPerServer, poolsPerServer: 10, seed });
    const simulator = await startIisSimulator({ servers: farm.map(reading => ({ host: reading.host, reading })), accessToken });
    const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iis-bench-')), 'simulator.pem');
    simulator.writeCertificate(caFile);
    try {
      const results = await readProviderServers(
        {
          id: 'scaling',
          owner: 'group:default/web-platform',
          lifecycle: 'production',
          namespace: 'default',
          schedule: DEFAULT_SCHEDULE,
          concurrency: SERVERS,
          gracePeriodMs: 0,
          maxRemovalShare: 1,
          servers: farm.map(reading => ({
            host: reading.host,
            api: { url: simulator.url(reading.host), accessToken, caFile, timeoutMs: 15_000, readApplications: false },
          })),
        },
        { logger: silentLogger },
      );
      const failed = results.find(result => !result.reading);
      if (failed) {
        throw new Error(`${failed.host} failed: ${failed.failure?.message}`);
      }
      rows.push({ sitesPerServer, requestsPerServer: farm.map(reading => simulator.requests(reading.host)) });
    } finally {
      await simulator.stop();
    }
  }
  return rows;
}
