import fs from 'fs';
import path from 'path';
import type { Entity } from '@backstage/catalog-model';
import { describe, expect, it } from 'vitest';
import { providerEntities, runPreview, writeTempFile } from './harness';

const samplesDir = path.resolve(__dirname, '../../../shared/iis-samples/applicationHost');
const hasSamples = fs.existsSync(samplesDir);
const sampleFiles = hasSamples ? fs.readdirSync(samplesDir).filter(name => name.endsWith('.config')).sort() : [];

if (!hasSamples) {
  console.warn(`Skipping the preview of the sample corpus: ${samplesDir} is absent (it exists only in the project's workspace).`);
}

describe.skipIf(!hasSamples)('preview of the sample applicationHost.config files', () => {
  it('emits what the provider emits for every sample', async () => {
    const servers = sampleFiles
      .map(file => `          - host: ${path.basename(file, '.config')}.corp.example\n            applicationHostConfig: ${path.join(samplesDir, file)}\n`)
      .join('');
    const config = writeTempFile(
      'app-config.yaml',
      `catalog:\n  providers:\n    iis:\n      samples:\n        owner: group:default/web-platform\n        servers:\n${servers}`,
    );

    const run = await runPreview(['preview', '--config', config, '--output', 'json']);
    expect(run.code).toBe(0);
    const { entities, providers } = JSON.parse(run.stdout) as {
      entities: Entity[];
      providers: Array<{ servers: Array<{ host: string; state: string; sites: number }> }>;
    };
    expect(providers[0].servers).toHaveLength(sampleFiles.length);
    expect(providers[0].servers.every(server => server.state === 'read')).toBe(true);
    const serverEntities = entities.filter(entity => entity.spec?.type === 'iis-server');
    expect(serverEntities).toHaveLength(sampleFiles.length);
    expect(entities).toEqual(await providerEntities([config], {}));

    const table = await runPreview(['preview', '--config', config]);
    expect(table.code).toBe(0);
    const sites = providers[0].servers.reduce((sum, server) => sum + server.sites, 0);
    expect(table.stderr).toContain(`Read ${sampleFiles.length} of ${sampleFiles.length} IIS servers (${sites} sites): ${entities.length} entities would be emitted`);
  });
});
