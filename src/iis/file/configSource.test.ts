import { describe, expect, it } from 'vitest';
import { ApplicationHostConfigError, parseApplicationHostConfig } from './index';

const LOCATION = '/srv/iis/web01/applicationHost.config';

const MAIN_FILE = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.applicationHost>
        <applicationPools configSource="applicationPools.config" />
        <sites configSource="sites.config" />
    </system.applicationHost>
</configuration>`;

const POOLS_FILE = `<?xml version="1.0" encoding="UTF-8"?>
<applicationPools>
    <add name="DefaultAppPool" />
    <add name="shop" managedRuntimeVersion="" />
</applicationPools>`;

const SITES_FILE = `<?xml version="1.0" encoding="UTF-8"?>
<sites>
    <site name="shop" id="2">
        <application path="/" applicationPool="shop">
            <virtualDirectory path="/" physicalPath="D:\\sites\\shop" />
        </application>
        <bindings>
            <binding protocol="http" bindingInformation="*:80:shop.example.com" />
        </bindings>
    </site>
</sites>`;

/** Builds a reader over in-memory files that records every path requested. */
function memoryReader(files: Record<string, string | Buffer>) {
  const requested: string[] = [];
  const read = async (relativePath: string) => {
    requested.push(relativePath);
    const content = files[relativePath];
    if (content === undefined) {
      throw new Error(`ENOENT: no such file or directory, open '${relativePath}'`);
    }
    return content;
  };
  return { read, requested };
}

async function captureError(promise: Promise<unknown>): Promise<ApplicationHostConfigError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApplicationHostConfigError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected an ApplicationHostConfigError, but the input was read');
}

describe('configSource', () => {
  it('reads both sections from side files', async () => {
    const reader = memoryReader({ 'applicationPools.config': POOLS_FILE, 'sites.config': SITES_FILE });
    const reading = await parseApplicationHostConfig(MAIN_FILE, {
      host: 'web01',
      location: LOCATION,
      readConfigSource: reader.read,
    });

    expect(reader.requested).toEqual(['applicationPools.config', 'sites.config']);
    expect(reading.applicationPools.map((pool) => pool.name)).toEqual(['DefaultAppPool', 'shop']);
    expect(reading.sites.map((site) => site.name)).toEqual(['shop']);
    expect(reading.sites[0].physicalPath).toBe('D:\\sites\\shop');
    expect(reading.warnings).toEqual([]);
  });

  it('passes paths with forward slashes', async () => {
    const main = MAIN_FILE.replace('configSource="sites.config"', 'configSource="config\\sites.config"');
    const reader = memoryReader({ 'applicationPools.config': POOLS_FILE, 'config/sites.config': SITES_FILE });
    await parseApplicationHostConfig(main, { host: 'web01', location: LOCATION, readConfigSource: reader.read });

    expect(reader.requested).toContain('config/sites.config');
  });

  it('reads a side file with a byte order mark', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const reader = memoryReader({
      'applicationPools.config': Buffer.concat([bom, Buffer.from(POOLS_FILE)]),
      'sites.config': SITES_FILE,
    });
    const reading = await parseApplicationHostConfig(MAIN_FILE, { host: 'web01', location: LOCATION, readConfigSource: reader.read });

    expect(reading.applicationPools).toHaveLength(2);
  });

  it('rejects a missing side file by name', async () => {
    const reader = memoryReader({ 'applicationPools.config': POOLS_FILE });
    const error = await captureError(
      parseApplicationHostConfig(MAIN_FILE, { host: 'web01', location: LOCATION, readConfigSource: reader.read }),
    );

    expect(error.message).toContain(LOCATION);
    expect(error.message).toContain('configSource file "sites.config" of the <sites> section could not be read');
    expect(error.message).toContain('ENOENT');
    expect(error.location).toBe(LOCATION);
  });

  it('rejects configSource without a reader', async () => {
    const error = await captureError(parseApplicationHostConfig(MAIN_FILE, { host: 'web01', location: LOCATION }));

    expect(error.message).toContain('"applicationPools.config"');
    expect(error.message).toContain('no reader for configSource files was given');
  });

  it.each([
    ['an absolute Windows path', 'C:\\inetpub\\sites.config'],
    ['an absolute POSIX path', '/etc/passwd'],
    ['a parent directory', '..\\..\\sites.config'],
    ['a nested parent directory', 'config/../../sites.config'],
    ['a URL', 'file:///etc/passwd'],
    ['an empty value', ''],
  ])('rejects %s without reading it', async (_description, configSource) => {
    const main = MAIN_FILE.replace('configSource="sites.config"', `configSource="${configSource}"`);
    const reader = memoryReader({ 'applicationPools.config': POOLS_FILE });
    const error = await captureError(
      parseApplicationHostConfig(main, { host: 'web01', location: LOCATION, readConfigSource: reader.read }),
    );

    expect(error.message).toContain(`configSource "${configSource}"`);
    expect(error.message).toContain('must be a file path relative to the main file');
    expect(reader.requested).not.toContain(configSource);
    expect(reader.requested).toEqual(['applicationPools.config']);
  });

  it('rejects a side file of the wrong section', async () => {
    const reader = memoryReader({ 'applicationPools.config': SITES_FILE, 'sites.config': SITES_FILE });
    const error = await captureError(
      parseApplicationHostConfig(MAIN_FILE, { host: 'web01', location: LOCATION, readConfigSource: reader.read }),
    );

    expect(error.message).toContain('"applicationPools.config" has the root element <sites>');
    expect(error.message).toContain('<applicationPools> section was expected');
  });

  it('rejects a side file that is not XML', async () => {
    const reader = memoryReader({ 'applicationPools.config': POOLS_FILE, 'sites.config': 'not xml at all' });
    const error = await captureError(
      parseApplicationHostConfig(MAIN_FILE, { host: 'web01', location: LOCATION, readConfigSource: reader.read }),
    );

    expect(error.message).toContain(`${LOCATION} (configSource "sites.config")`);
    expect(error.message).toContain('not well-formed XML');
  });

  it('warns when a section has both configSource and content', async () => {
    const main = MAIN_FILE.replace(
      '<sites configSource="sites.config" />',
      '<sites configSource="sites.config"><site name="inline" id="9" /></sites>',
    );
    const reader = memoryReader({ 'applicationPools.config': POOLS_FILE, 'sites.config': SITES_FILE });
    const reading = await parseApplicationHostConfig(main, { host: 'web01', location: LOCATION, readConfigSource: reader.read });

    expect(reading.sites.map((site) => site.name)).toEqual(['shop']);
    expect(reading.warnings).toHaveLength(1);
    expect(reading.warnings[0]).toContain('configSource="sites.config"');
  });
});
