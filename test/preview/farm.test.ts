import net from 'net';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { farmDir, FarmUnderTest, startFarmSimulator } from '../support/farmSimulator';
import { providerEntities, runPreview, writeTempFile } from './harness';

const accessToken = 'preview-farm-token-91c2e7';
const wrongToken = 'preview-wrong-token-5a0b3d';
const env = { IIS_PREVIEW_TOKEN: accessToken, IIS_WRONG_TOKEN: wrongToken };
const fileHost = 'legacy01.corp.example';
const apiHosts = ['web01.corp.example', 'web02.corp.example', 'api01.corp.example'];

/** Finds a port on 127.0.0.1 that refuses connections, because it was free a moment ago. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

function apiServerYaml(host: string, url: string, caFile: string, token = '${IIS_PREVIEW_TOKEN}'): string {
  return `          - host: ${host}\n            api:\n              url: ${url}\n              accessToken: ${token}\n              caFile: ${caFile}\n`;
}

function fileServerYaml(host: string, file: string): string {
  return `          - host: ${host}\n            applicationHostConfig: ${file}\n`;
}

function providerYaml(servers: string): string {
  return `catalog:\n  providers:\n    iis:\n      production:\n        owner: group:default/first-owner\n        concurrency: 2\n        servers:\n${servers}`;
}

/** The second file overrides the first file's owner, as a later --config does in the backend. */
const overrideYaml = 'catalog:\n  providers:\n    iis:\n      production:\n        owner: group:default/web-platform\n';

function allOutput(run: { stdout: string; stderr: string }): string {
  return run.stdout + run.stderr;
}

describe('preview of the demo farm', () => {
  let farm: FarmUnderTest;
  let healthy: string[];
  let withFailures: string[];
  let caFile: string;

  beforeAll(async () => {
    farm = await startFarmSimulator(accessToken);
    caFile = String((farm.apiServer(apiHosts[0]).api as { caFile: string }).caFile);
    const apiServers = apiHosts.map(host => apiServerYaml(host, farm.simulator.url(host), caFile));
    const fileServer = fileServerYaml(fileHost, path.join(farmDir, fileHost, 'applicationHost.config'));
    const override = writeTempFile('app-config.override.yaml', overrideYaml);
    healthy = [writeTempFile('app-config.yaml', providerYaml([...apiServers, fileServer].join(''))), override];

    const port = await closedPort();
    const failing = [
      apiServerYaml('down.corp.example', `https://127.0.0.1:${port}`, caFile),
      apiServerYaml('web01-wrong-token.corp.example', farm.simulator.url(apiHosts[0]), caFile, '${IIS_WRONG_TOKEN}'),
    ];
    withFailures = [writeTempFile('app-config.yaml', providerYaml([...apiServers, fileServer, ...failing].join(''))), override];
  });

  afterAll(async () => {
    await farm?.simulator.stop();
  });

  it('json entities equal the provider output', async () => {
    const run = await runPreview(['preview', ...healthy.flatMap(file => ['--config', file]), '--output', 'json'], env);
    expect(run.stderr).not.toContain('Warnings:');
    expect(run.code).toBe(0);

    const { entities, providers } = JSON.parse(run.stdout) as { entities: Entity[]; providers: Array<{ servers: Array<{ state: string }> }> };
    const expected = await providerEntities(healthy, env);
    const count = farm.farm.reduce((sum, server) => sum + 1 + server.reading.applicationPools.length + server.reading.sites.length, 0);
    expect(expected).toHaveLength(count);
    expect(entities).toEqual(expected);
    expect(providers[0].servers.map(server => server.state)).toEqual(['read', 'read', 'read', 'read']);
    expect(new Set(entities.map(entity => entity.spec?.owner))).toEqual(new Set(['group:default/web-platform']));
  });

  it('yaml stream parses to the provider output', async () => {
    const run = await runPreview(['preview', ...healthy.flatMap(file => ['--config', file]), '--output', 'yaml'], env);
    expect(run.code).toBe(0);
    const documents = parseAllDocuments(run.stdout);
    expect(Array.isArray(documents)).toBe(true);
    const parsed = (documents as Array<{ errors: unknown[]; toJS(): unknown }>).map(document => {
      expect(document.errors).toEqual([]);
      return document.toJS();
    });
    expect(parsed).toEqual(await providerEntities(healthy, env));
  });

  it('tables list every server and site', async () => {
    const run = await runPreview(['preview', ...healthy.flatMap(file => ['--config', file])], env);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Provider iis-provider:production (catalog.providers.iis.production), owner group:default/web-platform');
    for (const host of [...apiHosts, fileHost]) {
      const source = host === fileHost ? 'file' : 'api';
      expect(lines.some(line => new RegExp(`^${host.replace(/\./g, '\\.')}\\s+${source}\\s+read\\s+4\\s`).test(line))).toBe(true);
    }
    for (const server of farm.farm) {
      for (const site of server.reading.sites) {
        const row = lines.find(line => line.startsWith(server.host) && line.includes(`  ${site.name}  `));
        expect(row, `${server.host} ${site.name}`).toBeDefined();
        expect(row).toMatch(/group:default\/web-platform$/);
      }
    }
    expect(run.stdout).toMatch(/^web02\.corp\.example\s+partners\.example\.com\s+https\s+2001:db8:10::21\s+443\s+partners\.example\.com\s/m);
    expect(run.stderr).toMatch(/^Read 4 of 4 IIS servers \(16 sites\): 40 entities would be emitted$/m);
  });

  it('exits 1 when a server fails and reads the rest', async () => {
    const run = await runPreview(['preview', ...withFailures.flatMap(file => ['--config', file]), '--output', 'json'], env);
    expect(run.code).toBe(1);
    const { entities, providers } = JSON.parse(run.stdout) as {
      entities: Entity[];
      providers: Array<{ servers: Array<{ host: string; state: string; failure?: { kind: string } }> }>;
    };
    const byHost = new Map(providers[0].servers.map(server => [server.host, server]));
    expect(byHost.get('down.corp.example')?.state).toBe('failed');
    expect(byHost.get('down.corp.example')?.failure?.kind).toBe('refused');
    expect(byHost.get('web01-wrong-token.corp.example')?.state).toBe('failed');
    expect(byHost.get('web01.corp.example')?.state).toBe('read');
    expect(entities.some(entity => entity.metadata.annotations?.['iis.net/server'] === 'down.corp.example')).toBe(false);
    expect(entities).toEqual(await providerEntities(withFailures, env));
    expect(run.stderr).toMatch(/^- down\.corp\.example could not be read from https:\/\/127\.0\.0\.1:\d+ \(refused\): /m);
    expect(run.stderr).toMatch(/^- web01-wrong-token\.corp\.example could not be read from /m);
  });

  it('prints no token in any output', async () => {
    for (const output of ['table', 'yaml', 'json']) {
      const run = await runPreview(['preview', ...withFailures.flatMap(file => ['--config', file]), '--output', output], env);
      expect(run.code).toBe(1);
      expect(allOutput(run)).not.toContain(accessToken);
      expect(allOutput(run)).not.toContain(wrongToken);
    }
  });

  it('draws no progress bar off a terminal', async () => {
    const run = await runPreview(['preview', ...healthy.flatMap(file => ['--config', file])], env, false);
    expect(run.stderr).not.toContain('\r');
    expect(run.stderr).not.toContain('Reading IIS servers');
    expect(run.stdout).not.toContain('\r');
  });

  it('draws a progress bar on a terminal', async () => {
    const run = await runPreview(['preview', ...withFailures.flatMap(file => ['--config', file])], env, true);
    expect(run.stderr).toContain('\rReading IIS servers [');
    expect(run.stderr).toContain('] 6/6, 2 failed');
    expect(run.stdout).not.toContain('\r');
    // The bar is erased before the warnings, so they start on a clean line.
    expect(run.stderr).toMatch(/\r +\rWarnings:\n/);
  });
});
