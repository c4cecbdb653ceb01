import { describe, expect, it } from 'vitest';
import { IisServerReading } from '../model';
import { parseApplicationHostConfig } from './index';

/** Parses section markup wrapped in a minimal applicationHost.config document. */
function parseSections(sections: string): Promise<IisServerReading> {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.applicationHost>
${sections}
    </system.applicationHost>
</configuration>`;
  return parseApplicationHostConfig(xml, { host: 'test.example', location: 'applicationHost.config' });
}

const POOLS = `<applicationPools>
    <add name="DefaultAppPool" />
</applicationPools>`;

function site(attributes: string, body = ''): string {
  return `<site ${attributes}>${body}</site>`;
}

const ROOT_APPLICATION = '<application path="/" applicationPool="DefaultAppPool"><virtualDirectory path="/" physicalPath="D:\\web" /></application>';

describe('site warnings', () => {
  it('keeps an unparsed binding and names the site', async () => {
    const reading = await parseSections(`${POOLS}<sites>${site(
      'name="shop" id="1"',
      `${ROOT_APPLICATION}<bindings><binding protocol="http" bindingInformation="*:8o:" /><binding protocol="HTTPS" bindingInformation="*:443:" sslFlags="abc" /></bindings>`,
    )}</sites>`);
    const [http, https] = reading.sites[0].bindings;

    expect(http.problem).toBe('port "8o" is not a number from 1 to 65535');
    expect(https.protocol).toBe('https');
    expect(https.problem).toContain('sslFlags "abc"');
    expect(reading.warnings).toEqual([
      'Site "shop": binding http "*:8o:" was not parsed: port "8o" is not a number from 1 to 65535.',
      expect.stringContaining('Site "shop": binding https "*:443:" was not parsed: sslFlags "abc"'),
    ]);
  });

  it('skips a later site with the same name in any case', async () => {
    const reading = await parseSections(`<sites>${site('name="Shop" id="1"')}${site('name="shop" id="2"')}</sites>`);

    expect(reading.sites.map((entry) => entry.id)).toEqual([1]);
    expect(reading.warnings).toEqual(['Site "shop" (id 2) is skipped because site id 1 already uses that name.']);
  });

  it('skips a later site with the same id', async () => {
    const reading = await parseSections(`<sites>${site('name="one" id="7"')}${site('name="two" id="7"')}</sites>`);

    expect(reading.sites.map((entry) => entry.name)).toEqual(['one']);
    expect(reading.warnings).toEqual(['Site "two" is skipped because its id 7 is already used by site "one".']);
  });

  it.each([
    ['no id', 'name="web"', 'Site "web" has no id, so it is skipped.'],
    ['a text id', 'name="web" id="abc"', 'Site "web" has id "abc", which is not a whole number, so it is skipped.'],
    ['a negative id', 'name="web" id="-1"', 'Site "web" has id "-1", which is not a whole number, so it is skipped.'],
    ['an id above 32 bits', 'name="web" id="4294967296"', 'Site "web" has id "4294967296", which is not a whole number, so it is skipped.'],
    ['no name', 'id="3"', 'Site number 1 has no name, so it is skipped.'],
    ['an empty name', 'name="" id="3"', 'Site number 1 has no name, so it is skipped.'],
  ])('skips a site with %s', async (_description, attributes, warning) => {
    const reading = await parseSections(`<sites>${site(attributes)}</sites>`);

    expect(reading.sites).toEqual([]);
    expect(reading.warnings).toEqual([warning]);
  });

  it('warns about a pool the file does not define', async () => {
    const reading = await parseSections(`${POOLS}<sites>${site(
      'name="shop" id="1"',
      '<application path="/" applicationPool="ShopPool" /><application path="/api" applicationPool="defaultapppool" />',
    )}</sites>`);

    expect(reading.sites[0].applicationPool).toBe('ShopPool');
    expect(reading.warnings).toEqual([
      'Site "shop": application "/" uses application pool "ShopPool", which this file does not define.',
    ]);
  });

  it('warns about an application without any pool', async () => {
    const reading = await parseSections(`${POOLS}<sites>${site('name="shop" id="1"', '<application path="/" />')}</sites>`);

    expect(reading.sites[0].applicationPool).toBe('');
    expect(reading.warnings).toEqual([
      'Site "shop": application "/" names no application pool, and no applicationDefaults sets one.',
    ]);
  });

  it('warns about an invalid serverAutoStart and uses the default', async () => {
    const reading = await parseSections(`<sites>${site('name="shop" id="1" serverAutoStart="yes"')}</sites>`);

    expect(reading.sites[0].serverAutoStart).toBe(true);
    expect(reading.sites[0].state).toBe('started');
    expect(reading.warnings).toEqual(['Site "shop": serverAutoStart "yes" is not valid, so it is ignored.']);
  });

  it('accepts booleans in any letter case', async () => {
    const reading = await parseSections(`<sites>${site('name="shop" id="1" serverAutoStart="False"')}</sites>`);

    expect(reading.sites[0].serverAutoStart).toBe(false);
    expect(reading.warnings).toEqual([]);
  });

  it('skips bindings without a protocol or repeated', async () => {
    const reading = await parseSections(`<sites>${site(
      'name="shop" id="1"',
      `<bindings>
          <binding bindingInformation="*:80:" />
          <binding protocol="http" bindingInformation="*:81:" />
          <binding protocol="HTTP" bindingInformation="*:81:" />
      </bindings>`,
    )}</sites>`);

    expect(reading.sites[0].bindings.map((binding) => binding.bindingInformation)).toEqual(['*:81:']);
    expect(reading.warnings).toEqual([
      'Site "shop" has a binding without a protocol ("*:80:"), so it is skipped.',
      'Site "shop" has binding http "*:81:" more than once; only the first is used.',
    ]);
  });

  it('skips repeated and pathless applications', async () => {
    const reading = await parseSections(`${POOLS}<sites>${site(
      'name="shop" id="1"',
      `${ROOT_APPLICATION}<application path="/API" applicationPool="DefaultAppPool" /><application path="/api" applicationPool="DefaultAppPool" /><application applicationPool="DefaultAppPool" />`,
    )}</sites>`);

    expect(reading.sites[0].applications.map((application) => application.path)).toEqual(['/', '/API']);
    expect(reading.warnings).toEqual([
      'Site "shop" defines application "/api" more than once; only the first definition is used.',
      'Site "shop" has an application without a path, so it is skipped.',
    ]);
  });

  it('reads the first of two system.applicationHost sections', async () => {
    const xml = `<configuration>
    <system.applicationHost><sites>${site('name="first" id="1"')}</sites></system.applicationHost>
    <system.applicationHost><sites>${site('name="second" id="2"')}</sites></system.applicationHost>
</configuration>`;
    const reading = await parseApplicationHostConfig(xml, { host: 'test.example', location: 'applicationHost.config' });

    expect(reading.sites.map((entry) => entry.name)).toEqual(['first']);
    expect(reading.warnings).toEqual(['The file has 2 <system.applicationHost> sections; only the first one is read.']);
  });
});

describe('application pool warnings', () => {
  it('warns about invalid values and uses defaults', async () => {
    const reading = await parseSections(`<applicationPools>
        <add name="odd" autoStart="maybe" managedPipelineMode="Hybrid" startMode="Sometimes" enable32BitAppOnWin64="1">
            <processModel identityType="Robot" />
        </add>
        <applicationPoolDefaults managedPipelineMode="Classic" />
    </applicationPools>`);

    expect(reading.applicationPools[0]).toEqual({
      name: 'odd',
      state: 'started',
      autoStart: true,
      managedRuntimeVersion: 'v4.0',
      pipelineMode: 'classic',
      identityType: 'ApplicationPoolIdentity',
      enable32BitAppOnWin64: false,
      startMode: 'OnDemand',
    });
    expect(reading.warnings).toEqual([
      'Application pool "odd": autoStart "maybe" is not valid, so it is ignored.',
      'Application pool "odd": managedPipelineMode "Hybrid" is not valid, so it is ignored.',
      'Application pool "odd": identityType "Robot" is not valid, so it is ignored.',
      'Application pool "odd": enable32BitAppOnWin64 "1" is not valid, so it is ignored.',
      'Application pool "odd": startMode "Sometimes" is not valid, so it is ignored.',
    ]);
  });

  it('accepts enumeration names in any letter case', async () => {
    const reading = await parseSections(`<applicationPools>
        <add name="legacy" managedPipelineMode="classic" startMode="alwaysrunning"><processModel identityType="networkservice" /></add>
    </applicationPools>`);

    expect(reading.applicationPools[0]).toMatchObject({
      pipelineMode: 'classic',
      startMode: 'AlwaysRunning',
      identityType: 'NetworkService',
    });
    expect(reading.warnings).toEqual([]);
  });

  it('skips pools without a name or repeated', async () => {
    const reading = await parseSections(`<applicationPools>
        <add name="Shop" />
        <add managedRuntimeVersion="v4.0" />
        <add name="SHOP" managedPipelineMode="Classic" />
    </applicationPools>`);

    expect(reading.applicationPools.map((pool) => pool.name)).toEqual(['Shop']);
    expect(reading.applicationPools[0].pipelineMode).toBe('integrated');
    expect(reading.warnings).toEqual([
      'Application pool number 2 has no name, so it is skipped.',
      'Application pool "SHOP" is defined more than once; only the first definition is used.',
    ]);
  });

  it('reads userName only for SpecificUser and never the password', async () => {
    const reading = await parseSections(`<applicationPools>
        <add name="svc" autoStart="nope">
            <processModel identityType="SpecificUser" userName="CORP\\svc-web" password="[enc:IISWASOnlyCngProvider:c2VjcmV0LXZhbHVl:enc]" />
        </add>
        <add name="builtin">
            <processModel identityType="NetworkService" userName="CORP\\leftover" password="plain-text-secret" />
        </add>
    </applicationPools>`);
    const serialized = JSON.stringify(reading);

    expect(reading.applicationPools[0].identityUserName).toBe('CORP\\svc-web');
    expect(reading.applicationPools[1].identityUserName).toBeUndefined();
    expect(reading.warnings).toHaveLength(1);
    expect(serialized).not.toContain('[enc:');
    expect(serialized).not.toContain('c2VjcmV0LXZhbHVl');
    expect(serialized).not.toContain('plain-text-secret');
  });
});
