import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IisSimulator, loadFarm, startIisSimulator } from '../../dev/simulator';
import { createServerSource } from '../../src/provider/sources';
import { farmDir } from '../support/farmSimulator';

const HOST = 'web01.corp.example';
const FIRST = 'first-token-4f1c9a';
const SECOND = 'second-token-8b27de';

const lines: string[] = [];
const logger = {
  debug: (message: string) => lines.push(message),
  info: (message: string) => lines.push(message),
  warn: (message: string) => lines.push(message),
  error: (message: string) => lines.push(message),
  child: () => logger,
} as unknown as LoggerService;

let simulator: IisSimulator;
let folder: string;

beforeAll(async () => {
  const farm = await loadFarm(farmDir);
  simulator = await startIisSimulator({ servers: farm.filter(server => server.host === HOST), accessToken: FIRST });
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-token-'));
});

afterAll(async () => {
  await simulator.stop();
});

describe('accessTokenFile', () => {
  it('takes a rotated token without a restart', async () => {
    const tokenFile = path.join(folder, 'token');
    fs.writeFileSync(tokenFile, `${FIRST}\n`);
    const source = createServerSource(
      {
        host: HOST,
        api: { url: simulator.url(HOST), accessTokenFile: tokenFile, certificateFingerprint: simulator.certificateFingerprint, timeoutMs: 5000, readApplications: false },
      },
      { logger },
    );
    try {
      expect((await source.read()).sites.length).toBeGreaterThan(0);

      simulator.setAccessToken(SECOND);
      await expect(source.read()).rejects.toMatchObject({ kind: 'access-token' });

      fs.writeFileSync(tokenFile, `  ${SECOND}  \n`);
      expect((await source.read()).sites.length).toBeGreaterThan(0);

      fs.writeFileSync(tokenFile, '\n');
      await expect(source.read()).rejects.toThrow(`access token file ${tokenFile} is empty`);

      fs.rmSync(tokenFile);
      const missing = source.read();
      await expect(missing).rejects.toThrow(`access token file ${tokenFile} could not be read (ENOENT)`);
      await expect(missing).rejects.toMatchObject({ kind: 'token-file' });
    } finally {
      source.close();
    }
    expect(lines.filter(line => line.includes(FIRST) || line.includes(SECOND))).toEqual([]);
  });
});
