import { describe, expect, it } from 'vitest';
import { parseBinding } from '../iis/bindings';
import { IisApplicationPool, IisServerReading, IisSite } from '../iis/model';
import { readingToEntities } from './transform';
import { validateEntity } from './testing/validateEntity';
import { OwnershipResolver } from '../ownership/OwnershipResolver';
import { parseRules } from '../ownership/parseRules';
import { testPool } from '../iis/testing/builders';

const options = { providerId: 'test', owner: 'group:default/web-platform', lifecycle: 'production', namespace: 'default' };

const pool = testPool;

function site(name: string, id: number, bindings: Array<[string, string, number?]>, poolName = 'DefaultAppPool'): IisSite {
  return {
    name,
    id,
    state: 'started',
    serverAutoStart: true,
    applicationPool: poolName,
    physicalPath: '%SystemDrive%\\inetpub\\wwwroot',
    bindings: bindings.map(([protocol, information, flags]) => parseBinding(protocol, information, flags)),
    applications: [{ path: '/', applicationPool: poolName, physicalPath: '%SystemDrive%\\inetpub\\wwwroot' }],
  };
}

function fileReading(sites: IisSite[], pools: IisApplicationPool[]): IisServerReading {
  return {
    host: 'web01.corp.example',
    source: 'file',
    location: '/mnt/iis/web01/applicationHost.config',
    sites,
    applicationPools: pools,
    warnings: [],
  };
}

describe('readingToEntities', () => {
  const shop = site('Shop', 2, [
    ['https', '*:443:shop.example.com', 1],
    ['http', '*:80:shop.example.com'],
    ['net.tcp', '808:*'],
  ]);
  shop.applications.push({ path: '/api', applicationPool: 'ShopApi' });
  const reading = fileReading(
    [site('Default Web Site', 1, [['http', '*:80:']]), shop],
    [pool('DefaultAppPool'), pool('ShopApi', { managedRuntimeVersion: '', identityType: 'SpecificUser', identityUserName: 'CORP\\svc-shop' })],
  );
  const entities = readingToEntities(reading, options);
  const byName = new Map(entities.map(entity => [entity.metadata.name, entity]));

  it('emits a server, its pools and its sites in sorted order', () => {
    expect(entities.map(entity => `${entity.kind}:${entity.metadata.name}`)).toEqual([
      'Component:web01.corp.example--default-web-site',
      'Component:web01.corp.example--shop',
      'Resource:web01.corp.example',
      'Resource:web01.corp.example--defaultapppool',
      'Resource:web01.corp.example--shopapi',
    ]);
  });

  it('passes the catalog validators', async () => {
    for (const entity of entities) {
      await expect(validateEntity(entity)).resolves.toBeUndefined();
    }
  });

  it('relates sites to pools and the server', () => {
    expect(byName.get('web01.corp.example--shop')!.spec!.dependsOn).toEqual([
      'resource:default/web01.corp.example',
      'resource:default/web01.corp.example--defaultapppool',
      'resource:default/web01.corp.example--shopapi',
    ]);
    expect(byName.get('web01.corp.example--shopapi')!.spec!.dependsOn).toEqual(['resource:default/web01.corp.example']);
    expect(byName.get('web01.corp.example')!.spec).toEqual({ type: 'iis-server', owner: 'group:default/web-platform' });
  });

  it('writes the binding annotation in IIS order', () => {
    const annotations = byName.get('web01.corp.example--shop')!.metadata.annotations!;
    expect(JSON.parse(annotations['iis.net/bindings'])).toEqual([
      { protocol: 'https', bindingInformation: '*:443:shop.example.com', address: '*', port: 443, host: 'shop.example.com', sslFlags: 1, sni: true, url: 'https://shop.example.com/' },
      { protocol: 'http', bindingInformation: '*:80:shop.example.com', address: '*', port: 80, host: 'shop.example.com', url: 'http://shop.example.com/' },
      { protocol: 'net.tcp', bindingInformation: '808:*', port: 808, host: '*' },
    ]);
    expect(annotations['iis.net/site-name']).toBe('Shop');
    expect(annotations['iis.net/site-id']).toBe('2');
    expect(annotations['iis.net/state']).toBe('started');
    expect(annotations['iis.net/app-pool']).toBe('DefaultAppPool');
    expect(annotations['iis.net/identity-type']).toBe('ApplicationPoolIdentity');
    expect(JSON.stringify(entities)).not.toContain('[enc:');
    expect(JSON.parse(annotations['iis.net/applications'])).toEqual([
      { path: '/', applicationPool: 'DefaultAppPool' },
      { path: '/api', applicationPool: 'ShopApi' },
    ]);
    expect(annotations['backstage.io/managed-by-location']).toBe('file:/mnt/iis/web01/applicationHost.config');
    expect(annotations['backstage.io/managed-by-origin-location']).toBe('file:/mnt/iis/web01/applicationHost.config');
  });

  it('links each browsable binding', () => {
    expect(byName.get('web01.corp.example--shop')!.metadata.links!.map(link => link.url)).toEqual([
      'https://shop.example.com/',
      'http://shop.example.com/',
    ]);
    expect(byName.get('web01.corp.example--default-web-site')!.metadata.links!.map(link => link.url)).toEqual([
      'http://web01.corp.example/',
    ]);
  });

  it('describes pools with runtime, pipeline and identity', () => {
    const annotations = byName.get('web01.corp.example--shopapi')!.metadata.annotations!;
    expect(annotations['iis.net/runtime-version']).toBe('none');
    expect(annotations['iis.net/pipeline-mode']).toBe('integrated');
    expect(annotations['iis.net/identity-type']).toBe('SpecificUser');
    expect(annotations['iis.net/identity-username']).toBe('CORP\\svc-shop');
    expect(annotations['iis.net/state']).toBe('started');
  });

  it('is byte-identical for the same reading', () => {
    const shuffled = fileReading([...reading.sites].reverse(), [...reading.applicationPools].reverse());
    expect(JSON.stringify(readingToEntities(reading, options))).toBe(JSON.stringify(entities));
    expect(JSON.stringify(readingToEntities(shuffled, options))).toBe(JSON.stringify(entities));
  });

  it('keeps an unparsed binding as it is', () => {
    const odd = readingToEntities(fileReading([site('Odd', 3, [['http', '*:8o:'], ['net.tcp', '*:808']])], [pool('DefaultAppPool')]), options);
    const bindings = JSON.parse(odd[0].metadata.annotations!['iis.net/bindings']);
    expect(bindings[0]).toEqual({ protocol: 'http', bindingInformation: '*:8o:', problem: expect.stringContaining('8o') });
    expect(bindings[1].bindingInformation).toBe('*:808');
    expect(bindings[1].problem).toEqual(expect.any(String));
    expect(odd[0].metadata.links).toEqual([]);
  });

  it('points API entities at their API addresses', () => {
    const apiSite = { ...site('Shop', 2, [['http', '*:80:']]), apiId: 'abc123' };
    const apiReading: IisServerReading = {
      ...fileReading([apiSite], [{ ...pool('DefaultAppPool'), apiId: 'pool1' }]),
      source: 'api',
      location: 'https://web01.corp.example:55539',
    };
    const locations = readingToEntities(apiReading, options).map(entity => entity.metadata.annotations!['backstage.io/managed-by-location']);
    expect(locations).toEqual([
      'url:https://web01.corp.example:55539/api/webserver/websites/abc123',
      'url:https://web01.corp.example:55539/api',
      'url:https://web01.corp.example:55539/api/webserver/application-pools/pool1',
    ]);
  });
});

describe('entity names of unusual site names', () => {
  const names = [
    '[Intranet] Portal',
    'Portal *',
    'portal',
    'Shop.Example.com',
    'Café Ünïcode',
    '网站',
    '社内ポータル',
    'x'.repeat(200),
    'x'.repeat(199) + 'y',
    'Authentication(1)',
    'Authentication 1',
  ];
  const reading = fileReading(names.map((name, index) => site(name, index + 1, [['http', `*:${8000 + index}:`]])), [pool('DefaultAppPool')]);
  const components = readingToEntities(reading, options).filter(entity => entity.kind === 'Component');

  it('gives valid, unique names', async () => {
    expect(components).toHaveLength(names.length);
    expect(new Set(components.map(entity => entity.metadata.name)).size).toBe(names.length);
    for (const entity of components) {
      await expect(validateEntity(entity)).resolves.toBeUndefined();
    }
  });

  it('never reuses the server name for a pool', () => {
    const symbols = fileReading([site('★', 1, [['http', '*:80:']], '販売')], [pool('販売'), pool('★')]);
    const resources = readingToEntities(symbols, options).filter(entity => entity.kind === 'Resource');
    const resourceNames = resources.map(entity => entity.metadata.name);
    expect(new Set(resourceNames).size).toBe(3);
    expect(resourceNames.filter(name => name === 'web01.corp.example')).toHaveLength(1);
    const poolEntity = resources.find(entity => entity.metadata.annotations!['iis.net/app-pool'] === '販売')!;
    expect(poolEntity.spec!.dependsOn).toEqual(['resource:default/web01.corp.example']);
  });

  it('keeps the exact site name as the title', () => {
    expect(components.map(entity => entity.metadata.title).sort()).toEqual([...names].sort());
  });

  it('keeps names stable when other sites come and go', () => {
    const fewer = fileReading(reading.sites.filter(candidate => candidate.name !== 'portal'), reading.applicationPools);
    const before = new Map(components.map(entity => [entity.metadata.title, entity.metadata.name]));
    for (const entity of readingToEntities(fewer, options).filter(candidate => candidate.kind === 'Component')) {
      if (!['[Intranet] Portal', 'Portal *'].includes(entity.metadata.title!)) {
        expect(entity.metadata.name).toBe(before.get(entity.metadata.title));
      }
    }
  });
});

describe('readingToEntities with ownership rules', () => {
  const shopSite = site('Shop', 2, [['https', '*:443:shop.example.com', 1]], 'ShopPool');
  const reading = fileReading([site('Default Web Site', 1, [['http', '*:80:']]), shopSite], [pool('DefaultAppPool'), pool('ShopPool')]);
  const parsed = parseRules(
    [
      { match: { bindingHost: 'shop.example.com' }, owner: 'group:default/shop-team', system: 'shop', lifecycle: 'experimental', tags: ['pci'], namespace: 'shop' },
      { match: { applicationPool: 'ShopPool' }, owner: 'group:default/shop-team', namespace: 'shop' },
      { match: { server: 'web01.*' }, owner: 'group:default/windows-ops' },
    ],
    index => `rule ${index}`,
  );
  const entities = readingToEntities(reading, { ...options, ownership: new OwnershipResolver(parsed.rules) });
  const byTitle = new Map(entities.map(entity => [entity.metadata.title, entity]));

  it('applies the first matching rule per entity', () => {
    const shop = byTitle.get('Shop')!;
    expect(shop.metadata.namespace).toBe('shop');
    expect(shop.metadata.tags).toEqual(['iis', 'pci']);
    expect(shop.spec).toMatchObject({ owner: 'group:default/shop-team', system: 'shop', lifecycle: 'experimental' });
    expect(byTitle.get('Default Web Site')!.spec).toMatchObject({ owner: 'group:default/windows-ops', lifecycle: 'production' });
    expect(byTitle.get('Default Web Site')!.spec!.system).toBeUndefined();
    expect(byTitle.get('web01.corp.example')!.spec!.owner).toBe('group:default/windows-ops');
  });

  it('points dependsOn at each target namespace', async () => {
    expect(byTitle.get('Shop')!.spec!.dependsOn).toEqual(['resource:default/web01.corp.example', 'resource:shop/web01.corp.example--shoppool']);
    expect(byTitle.get('ShopPool (web01.corp.example)')!.metadata.namespace).toBe('shop');
    for (const entity of entities) {
      await expect(validateEntity(entity)).resolves.toBeUndefined();
    }
  });
});
