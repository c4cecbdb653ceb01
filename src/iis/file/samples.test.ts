import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isWildcardHost } from '../bindings';
import { IisServerReading } from '../model';
import { parseApplicationHostConfig } from './index';

/**
 * Real applicationHost.config files published by other projects. They live outside the repository
 * and exist only in the development workspace, so a clone without them skips these tests.
 */
const REPO_ROOT = path.resolve(__dirname, '../../..');
const SAMPLES_DIR = path.resolve(REPO_ROOT, '../shared/iis-samples/applicationHost');
const samplesPresent = existsSync(SAMPLES_DIR);
if (!samplesPresent) {
  console.warn(`Skipping the applicationHost.config sample tests: the folder ${SAMPLES_DIR} does not exist.`);
}

/** Sites, pools and bindings per file, counted by reading each file. */
const EXPECTED_COUNTS: Record<string, { sites: number; pools: number; bindings: number }> = {
  'container-http-and-https.config': { sites: 1, pools: 1, bindings: 2 },
  'every-protocol-iis-express.config': { sites: 12, pools: 5, bindings: 26 },
  'full-iis-specific-ip-and-net-tcp.config': { sites: 4, pools: 9, bindings: 12 },
  'iis-express-twenty-sites.config': { sites: 20, pools: 5, bindings: 20 },
  'nested-applications.config': { sites: 1, pools: 1, bindings: 1 },
  'shared-config-host-headers.config': { sites: 4, pools: 6, bindings: 7 },
  'stock-default-web-site.config': { sites: 1, pools: 6, bindings: 1 },
  'visual-studio-solution-sites.config': { sites: 7, pools: 10, bindings: 10 },
  'wildcard-https-host.config': { sites: 1, pools: 1, bindings: 1 },
};

describe.skipIf(!samplesPresent)('applicationHost.config samples', () => {
  const readings = new Map<string, IisServerReading>();

  beforeAll(async () => {
    for (const file of readdirSync(SAMPLES_DIR)) {
      const content = await readFile(path.join(SAMPLES_DIR, file));
      readings.set(file, await parseApplicationHostConfig(content, { host: 'sample.example', location: file }));
    }
  });

  function reading(file: string): IisServerReading {
    const result = readings.get(file);
    if (!result) {
      throw new Error(`sample ${file} was not read`);
    }
    return result;
  }

  function site(file: string, name: string) {
    const result = reading(file).sites.find((candidate) => candidate.name === name);
    if (!result) {
      throw new Error(`site ${name} not found in ${file}`);
    }
    return result;
  }

  function pool(file: string, name: string) {
    const result = reading(file).applicationPools.find((candidate) => candidate.name === name);
    if (!result) {
      throw new Error(`pool ${name} not found in ${file}`);
    }
    return result;
  }

  it('has a count for every sample file', () => {
    expect(readdirSync(SAMPLES_DIR).sort()).toEqual(Object.keys(EXPECTED_COUNTS).sort());
  });

  it.each(Object.entries(EXPECTED_COUNTS))('counts sites, pools and bindings in %s', (file, expected) => {
    const result = reading(file);

    expect(result.sites).toHaveLength(expected.sites);
    expect(result.applicationPools).toHaveLength(expected.pools);
    expect(result.sites.flatMap((entry) => entry.bindings)).toHaveLength(expected.bindings);
  });

  it.each(Object.keys(EXPECTED_COUNTS))('copies host and location into %s', (file) => {
    const result = reading(file);

    expect(result.host).toBe('sample.example');
    expect(result.location).toBe(file);
    expect(result.source).toBe('file');
  });

  it.each(Object.keys(EXPECTED_COUNTS))('keeps encrypted values out of %s', (file) => {
    expect(JSON.stringify(reading(file))).not.toContain('[enc:');
  });

  it('keeps site order and ids of the twenty-site file', () => {
    const sites = reading('iis-express-twenty-sites.config').sites;

    expect(sites.map((entry) => entry.id)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(sites[16].name).toBe('Authentication(1)');
    expect(sites[19].physicalPath).toBe('D:\\WebAPI-master (1)\\WebAPI-master\\Authentication\\Authentication');
  });

  it('reads the fourteen bindings of WebSite1', () => {
    const bindings = site('every-protocol-iis-express.config', 'WebSite1').bindings;

    expect(bindings.map((binding) => `${binding.protocol} ${binding.bindingInformation}`)).toEqual([
      'http :8080:localhost',
      'net.tcp 808:*',
      'net.msmq localhost',
      'msmq.formatname localhost',
      'net.pipe *',
      'ftp *:21:',
      'http :8080:*',
      'https :443:localhost',
      'https :44300:*',
      'ftp *:210:localhost',
      'net.tcp *',
      'net.msmq *',
      'msmq.formatname *',
      'net.pipe localhost',
    ]);
    expect(bindings[0]).toMatchObject({ address: '*', port: 8080, host: 'localhost' });
    expect(bindings[6]).toMatchObject({ address: '*', port: 8080, host: '*' });
    expect(bindings[7]).toMatchObject({ address: '*', port: 443, host: 'localhost', sslFlags: 0, sni: false });
    expect(bindings[5]).toMatchObject({ address: '*', port: 21, host: '' });
    expect(bindings[1]).toMatchObject({ port: 808, host: '*' });
    expect(bindings[10].problem).toContain('<port>:<host>');
    expect(bindings[10].port).toBeUndefined();
  });

  it('warns only about the unparsed net.tcp binding of WebSite1', () => {
    const warnings = reading('every-protocol-iis-express.config').warnings;

    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Site "WebSite1"');
    expect(warnings[0]).toContain('net.tcp "*"');
  });

  it('reads SNI on GuessMeWeb', () => {
    const https = site('every-protocol-iis-express.config', 'GuessMeWeb').bindings[1];

    expect(https).toMatchObject({ protocol: 'https', port: 44300, host: 'localhost', sslFlags: 1, sni: true });
  });

  it('reads serverAutoStart="false" as stopped', () => {
    const stopped = site('full-iis-specific-ip-and-net-tcp.config', 'Default Web Site');
    const started = site('full-iis-specific-ip-and-net-tcp.config', 'virtocommerce.cn');
    const unset = site('full-iis-specific-ip-and-net-tcp.config', 'vcdesign');

    expect(stopped.serverAutoStart).toBe(false);
    expect(stopped.state).toBe('stopped');
    expect(started.state).toBe('started');
    expect(unset.serverAutoStart).toBe(true);
    expect(unset.state).toBe('started');
  });

  it('reports the odd non-HTTP bindings of the full IIS server', () => {
    const result = reading('full-iis-specific-ip-and-net-tcp.config');
    const bindings = site('full-iis-specific-ip-and-net-tcp.config', 'Default Web Site').bindings;

    expect(bindings.find((binding) => binding.bindingInformation === '*:80')?.problem).toBeDefined();
    expect(bindings.find((binding) => binding.bindingInformation === '*:808')?.problem).toBeDefined();
    expect(bindings.find((binding) => binding.protocol === 'https')).toMatchObject({
      address: '169.254.224.100',
      port: 443,
      host: '',
    });
    expect(result.warnings).toHaveLength(2);
  });

  it('reads the pool with no attributes from schema and pool defaults', () => {
    expect(pool('full-iis-specific-ip-and-net-tcp.config', 'SSLTest')).toEqual({
      name: 'SSLTest',
      state: 'started',
      autoStart: true,
      managedRuntimeVersion: 'v4.0',
      pipelineMode: 'integrated',
      identityType: 'ApplicationPoolIdentity',
      enable32BitAppOnWin64: false,
      startMode: 'OnDemand',
    });
  });

  it('inherits the root application pool from applicationDefaults', () => {
    const stock = site('stock-default-web-site.config', 'Default Web Site');
    const express = site('every-protocol-iis-express.config', 'WebSite1');

    expect(stock.applicationPool).toBe('DefaultAppPool');
    expect(stock.physicalPath).toBe('%SystemDrive%\\inetpub\\wwwroot');
    expect(express.applicationPool).toBe('Clr4IntegratedAppPool');
  });

  it('inherits pool values from applicationPoolDefaults', () => {
    const defaultPool = pool('shared-config-host-headers.config', 'DefaultAppPool');

    expect(defaultPool.enable32BitAppOnWin64).toBe(true);
    expect(defaultPool.managedRuntimeVersion).toBe('v4.0');
    expect(defaultPool.autoStart).toBe(true);
    expect(pool('stock-default-web-site.config', 'DefaultAppPool').managedRuntimeVersion).toBe('v4.0');
    expect(pool('stock-default-web-site.config', 'Classic .NET AppPool')).toMatchObject({
      managedRuntimeVersion: 'v2.0',
      pipelineMode: 'classic',
    });
  });

  it('reads the wildcard host', () => {
    const bindings = site('wildcard-https-host.config', 'Supernova').bindings;

    expect(bindings).toHaveLength(1);
    expect(bindings[0]).toMatchObject({ protocol: 'https', address: '*', port: 443, host: '*.cosoluce.fr' });
    expect(isWildcardHost(bindings[0].host ?? '')).toBe(true);
  });

  it('reads nested applications in file order', () => {
    const nested = site('nested-applications.config', 'Default Web Site');

    expect(nested.applications.map((application) => application.path)).toEqual([
      '/',
      '/csp',
      '/iris',
      '/iris/csp',
      '/iris/isc',
    ]);
    expect(nested.applications.slice(1).every((application) => application.physicalPath === 'C:\\IRISSys\\csp')).toBe(true);
    expect(nested.applications.every((application) => application.applicationPool === 'DefaultAppPool')).toBe(true);
  });

  it('reads the nested application of the dotted site', () => {
    const dotted = site('full-iis-specific-ip-and-net-tcp.config', 'virtocommerce.cn');

    expect(dotted.applications.map((application) => application.path)).toEqual(['/', '/admin']);
    expect(dotted.applications[1].physicalPath).toBe('C:\\TANGJ15\\code\\vc-community\\PLATFORM\\VirtoCommerce.Platform.Web');
  });

  it('keeps managedRuntimeVersion="" as no managed code', () => {
    expect(pool('visual-studio-solution-sites.config', 'MicrosServices.APIGateway AppPool').managedRuntimeVersion).toBe('');
    expect(pool('visual-studio-solution-sites.config', 'Clr4IntegratedAppPool').managedRuntimeVersion).toBe('v4.0');
    expect(pool('wildcard-https-host.config', 'DefaultAppPool')).toMatchObject({
      managedRuntimeVersion: '',
      pipelineMode: 'classic',
      enable32BitAppOnWin64: true,
    });
  });

  it('reads host-header bindings of the shared-configuration server', () => {
    const result = reading('shared-config-host-headers.config');

    expect(result.sites.map((entry) => entry.id)).toEqual([1, 4, 5, 6]);
    expect(site('shared-config-host-headers.config', 'ikinci.com').bindings.map((binding) => binding.host)).toEqual([
      'ikinci.com',
      'www.ikinci.com',
    ]);
  });

  it.each(['container-http-and-https.config', 'iis-express-twenty-sites.config', 'visual-studio-solution-sites.config'])(
    'has no warnings for %s',
    (file) => {
      expect(reading(file).warnings).toEqual([]);
    },
  );
});
