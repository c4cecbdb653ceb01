import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IisServerReading, IisSite } from '../model';
import { ApplicationHostConfigError, parseApplicationHostConfig } from './index';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const FIXTURES_DIR = path.join(REPO_ROOT, 'fixtures/applicationHost');
const FARM_DIR = path.join(REPO_ROOT, 'fixtures/farm');

/** Reads a file the way the file source does: bytes from disk, configSource files next to it. */
async function readFixture(file: string, directory = FIXTURES_DIR): Promise<IisServerReading> {
  const fullPath = path.join(directory, file);
  return parseApplicationHostConfig(await readFile(fullPath), {
    host: 'fixture.example',
    location: fullPath,
    readConfigSource: (relativePath) => readFile(path.join(path.dirname(fullPath), relativePath)),
  });
}

function siteNamed(reading: IisServerReading, name: string): IisSite {
  const site = reading.sites.find((candidate) => candidate.name === name);
  if (!site) {
    throw new Error(`site ${name} not found in ${reading.location}`);
  }
  return site;
}

describe('fixture files', () => {
  it('reads IPv6 bindings without brackets', async () => {
    const reading = await readFixture('ipv6-bindings.config');
    const [ipv6Https, ipv4Https, ipv6Http] = siteNamed(reading, 'shop').bindings;

    expect(ipv6Https).toMatchObject({ address: '2001:db8:10::5', port: 443, host: 'shop.example.com', sni: true });
    expect(ipv4Https).toMatchObject({ address: '192.0.2.15', port: 443, host: 'shop.example.com' });
    expect(ipv6Http).toMatchObject({ address: '2001:db8:10::5', port: 80, host: '' });
    expect(siteNamed(reading, 'Default Web Site').bindings[1]).toMatchObject({ address: '::1', port: 8080 });
    expect(reading.warnings).toEqual([]);
  });

  it('reads sites with empty bindings and no root application', async () => {
    const reading = await readFixture('site-shapes.config');
    const staging = siteNamed(reading, 'staging');
    const reports = siteNamed(reading, 'reports');
    const placeholder = siteNamed(reading, 'placeholder');

    expect(reading.sites.map((site) => site.name)).toEqual(['Default Web Site', 'staging', 'reports', 'placeholder']);
    expect(staging.bindings).toEqual([]);
    expect(staging.state).toBe('stopped');
    expect(reports.applications.map((application) => application.path)).toEqual(['/monthly']);
    expect(reports.applicationPool).toBeUndefined();
    expect(reports.physicalPath).toBeUndefined();
    expect(placeholder.applications).toEqual([]);
    expect(placeholder.bindings).toEqual([]);
    expect(reading.warnings).toEqual([]);
  });

  it('ignores a site inside a comment', async () => {
    const reading = await readFixture('site-shapes.config');

    expect(reading.sites.some((site) => site.name === 'retired')).toBe(false);
  });

  it('reads a file with a byte order mark and unusual names', async () => {
    const reading = await readFixture('bom-unusual-names.config');
    const names = reading.sites.map((site) => site.name);

    expect(names.slice(0, 6)).toEqual([
      'Bücher Online',
      '販売サイト',
      'Intranet [old]',
      '*.campaigns',
      'api.v2.example.com',
      'R&D Portal',
    ]);
    expect(names[6]).toHaveLength(200);
    expect(siteNamed(reading, 'Bücher Online').physicalPath).toBe('D:\\sites\\bücher');
    expect(siteNamed(reading, 'Intranet [old]').applicationPool).toBe('R&D');
    expect(reading.sites[6].applicationPool).toBe('R&D');
    expect(reading.applicationPools.map((pool) => pool.name)).toEqual(['Bücher', '販売', 'R&D']);
    expect(reading.warnings).toEqual([]);
  });

  it('reads sections from configSource files', async () => {
    const requested: string[] = [];
    const fullPath = path.join(FIXTURES_DIR, 'config-source/applicationHost.config');
    const reading = await parseApplicationHostConfig(await readFile(fullPath), {
      host: 'fixture.example',
      location: fullPath,
      readConfigSource: (relativePath) => {
        requested.push(relativePath);
        return readFile(path.join(path.dirname(fullPath), relativePath));
      },
    });

    expect(requested).toEqual(['applicationPools.config', 'config/sites.config']);
    expect(reading.sites.map((site) => site.name)).toEqual(['Default Web Site', 'payments']);
    expect(reading.applicationPools.map((pool) => pool.name)).toEqual(['DefaultAppPool', 'payments']);
    expect(reading.applicationPools[1]).toMatchObject({
      identityType: 'SpecificUser',
      identityUserName: 'CORP\\svc-payments',
      startMode: 'AlwaysRunning',
    });
    expect(JSON.stringify(reading)).not.toContain('[enc:');
    expect(reading.warnings).toEqual([]);
  });

  it('applies clear and remove in collections', async () => {
    const reading = await readFixture('clear-and-remove.config');

    expect(reading.applicationPools.map((pool) => pool.name)).toEqual(['DefaultAppPool', 'orders']);
    expect(reading.sites.map((site) => site.name)).toEqual(['Default Web Site', 'orders', 'status']);
    expect(siteNamed(reading, 'Default Web Site').bindings.map((binding) => binding.bindingInformation)).toEqual([
      '808:*',
      '*:80:',
    ]);
    expect(siteNamed(reading, 'orders').bindings.map((binding) => binding.bindingInformation)).toEqual([
      '*:443:orders.example.com',
    ]);
    expect(siteNamed(reading, 'status').bindings.map((binding) => binding.bindingInformation)).toEqual(['*:8080:']);
    expect(reading.warnings).toEqual([]);
  });

  it('inherits pool values from applicationPoolDefaults', async () => {
    const reading = await readFixture('defaults-inheritance.config');
    const [defaultPool, batch, intranet] = reading.applicationPools;

    expect(defaultPool).toEqual({
      name: 'DefaultAppPool',
      state: 'started',
      autoStart: true,
      managedRuntimeVersion: 'v2.0',
      pipelineMode: 'integrated',
      identityType: 'LocalService',
      enable32BitAppOnWin64: true,
      startMode: 'AlwaysRunning',
    });
    expect(batch).toMatchObject({
      state: 'stopped',
      autoStart: false,
      managedRuntimeVersion: 'v2.0',
      pipelineMode: 'classic',
      identityType: 'NetworkService',
      enable32BitAppOnWin64: false,
      startMode: 'OnDemand',
    });
    expect(intranet).toMatchObject({ identityType: 'SpecificUser', identityUserName: 'CORP\\svc-intranet' });
    expect(JSON.stringify(reading)).not.toContain('[enc:');
    expect(JSON.stringify(reading)).not.toContain('password');
  });

  it('inherits site and application values from defaults', async () => {
    const reading = await readFixture('defaults-inheritance.config');
    const intranet = siteNamed(reading, 'intranet');
    const archive = siteNamed(reading, 'archive');

    expect(siteNamed(reading, 'Default Web Site').applicationPool).toBe('DefaultAppPool');
    expect(intranet.applicationPool).toBe('intranet');
    expect(intranet.applications[1]).toMatchObject({ path: '/batch', applicationPool: 'batch', enabledProtocols: 'http' });
    expect(intranet.applications[0].enabledProtocols).toBe('http,net.tcp');
    expect(archive.serverAutoStart).toBe(false);
    expect(archive.state).toBe('stopped');
    expect(siteNamed(reading, 'Default Web Site').state).toBe('started');
  });

  it('reads a file with only application pools', async () => {
    const reading = await readFixture('pools-only.config');

    expect(reading.sites).toEqual([]);
    expect(reading.applicationPools.map((pool) => pool.name)).toEqual([
      'DefaultAppPool',
      '.NET v4.5 Classic',
      'No Managed Code',
    ]);
    expect(reading.applicationPools[2]).toMatchObject({ state: 'stopped', managedRuntimeVersion: '' });
  });

  it('reads sites without pools and without pool warnings', async () => {
    const reading = await readFixture('sites-only.config');

    expect(reading.applicationPools).toEqual([]);
    expect(reading.sites.map((site) => site.applicationPool)).toEqual(['DefaultAppPool', 'docs']);
    expect(reading.warnings).toEqual([]);
  });

  it('rejects an XML file that is not an applicationHost.config', async () => {
    const reading = readFixture('not-application-host.config');

    await expect(reading).rejects.toThrow(ApplicationHostConfigError);
    await expect(reading).rejects.toThrow(/not-application-host\.config is not an applicationHost\.config file/);
    await expect(reading).rejects.toThrow(/no <system\.applicationHost> section/);
  });
});

describe('demo farm files', () => {
  const hosts = readdirSync(FARM_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

  it.each(hosts)('reads %s without encrypted values', async (host) => {
    const reading = await readFixture('applicationHost.config', path.join(FARM_DIR, host));

    expect(reading.sites.length).toBeGreaterThan(0);
    expect(reading.applicationPools.length).toBeGreaterThan(0);
    expect(JSON.stringify(reading)).not.toContain('[enc:');
  });
});
