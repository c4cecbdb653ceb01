import { describe, expect, it } from 'vitest';
import { readingToEntities } from '../entities';
import { parseBinding } from '../iis/bindings';
import { IisServerReading, IisSite } from '../iis/model';
import { findSuffixedNames } from './suffixedNames';

const options = { providerId: 'test', owner: 'group:default/web-platform', lifecycle: 'production', namespace: 'default' };

function site(name: string, id: number): IisSite {
  return {
    name,
    id,
    state: 'started',
    serverAutoStart: true,
    applicationPool: 'DefaultAppPool',
    bindings: [parseBinding('http', `*:${8000 + id}:`)],
    applications: [{ path: '/', applicationPool: 'DefaultAppPool' }],
  };
}

function reading(siteNames: string[]): IisServerReading {
  return {
    host: 'web01.corp.example',
    source: 'file',
    location: '/mnt/iis/web01/applicationHost.config',
    sites: siteNames.map((name, index) => site(name, index + 1)),
    applicationPools: [],
    warnings: [],
  };
}

describe('findSuffixedNames', () => {
  it('finds nothing for readable names', () => {
    expect(findSuffixedNames(readingToEntities(reading(['Shop', 'Blog']), options))).toEqual([]);
  });

  it('reports both sites of a clash', () => {
    const found = findSuffixedNames(readingToEntities(reading(['Site A', 'site-a', 'Blog']), options));
    expect(found.map(name => [name.iisName, name.reason])).toEqual(
      expect.arrayContaining([
        ['Site A', 'clash'],
        ['site-a', 'clash'],
      ]),
    );
    expect(found).toHaveLength(2);
    expect(found[0].entityName).toMatch(/^web01\.corp\.example--site-a-[0-9a-f]{8}$/);
  });

  it('reports a name cut for length', () => {
    const long = 'A site name that is far too long to fit into an entity name';
    const [found] = findSuffixedNames(readingToEntities(reading([long]), options));
    expect(found.reason).toBe('too-long');
    expect(found.item).toBe('site');
    expect(found.entityName.length).toBeLessThanOrEqual(63);
  });
});
