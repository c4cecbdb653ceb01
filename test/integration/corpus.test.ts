import fs from 'fs';
import os from 'os';
import path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IisSimulator, startIisSimulator } from '../../dev/simulator';
import { readingToEntities } from '../../src/entities';
import { IisApiClient } from '../../src/iis/api';
import { parseApplicationHostConfig } from '../../src/iis/file';
import { IisServerReading } from '../../src/iis/model';
import { validateEntity } from '../../src/entities/testing/validateEntity';
import { withoutSourceDetails } from '../support/sourceNeutral';

const samplesDir = path.resolve(__dirname, '../../../shared/iis-samples/applicationHost');
const hasSamples = fs.existsSync(samplesDir);
const sampleFiles = hasSamples ? fs.readdirSync(samplesDir).filter(name => name.endsWith('.config')).sort() : [];
const accessToken = 'corpus-token-5d1e';
const options = { providerId: 'test', owner: 'group:default/web-platform', lifecycle: 'production', namespace: 'default' };

if (!hasSamples) {
  console.warn(`Skipping the sample corpus tests: ${samplesDir} is absent (it exists only in the project's workspace).`);
}

describe.skipIf(!hasSamples)('sample applicationHost.config files through both sources', () => {
  const readings = new Map<string, IisServerReading>();
  let simulator: IisSimulator;
  let caFile: string;

  beforeAll(async () => {
    for (const file of sampleFiles) {
      const host = `${path.basename(file, '.config')}.corp.example`;
      const location = path.join(samplesDir, file);
      readings.set(file, await parseApplicationHostConfig(fs.readFileSync(location), { host, location }));
    }
    simulator = await startIisSimulator({
      servers: [...readings.values()].map(reading => ({ host: reading.host, reading })),
      accessToken,
    });
    caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iis-corpus-')), 'simulator.pem');
    simulator.writeCertificate(caFile);
  });

  afterAll(async () => {
    await simulator?.stop();
  });

  it.each(sampleFiles)('%s gives the same entities', async file => {
    const fileReading = readings.get(file)!;
    const client = new IisApiClient({ host: fileReading.host, url: simulator.url(fileReading.host), accessToken, caFile });
    let apiReading: IisServerReading;
    try {
      apiReading = await client.readServer();
    } finally {
      client.close();
    }

    const fromFile = readingToEntities(fileReading, options);
    const fromApi = readingToEntities(apiReading, options);
    expect(fromApi.map(withoutSourceDetails)).toEqual(fromFile.map(withoutSourceDetails));
    expect(fromFile).toHaveLength(1 + fileReading.applicationPools.length + fileReading.sites.length);
    for (const entity of fromFile) {
      await validateEntity(entity);
    }
    expect(JSON.stringify(fromFile)).not.toContain('[enc:');
  });
});
