import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import { describe, expect, it } from 'vitest';
import { assignUniqueNames, buildEntityName, MAX_NAME_LENGTH, slugify, slugifyHost } from './names';

describe('slugify', () => {
  it.each([
    ['Default Web Site', 'default-web-site'],
    ['Shop.Example.com', 'shop-example-com'],
    ['Authentication(1)', 'authentication-1'],
    ['[Intranet] *Portal*', 'intranet-portal'],
    ['Café Ünïcode', 'cafe-unicode'],
    ['  spaces  ', 'spaces'],
    ['网站', ''],
    ['***', ''],
  ])('turns %j into %j', (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });
});

describe('slugifyHost', () => {
  it.each([
    ['web01.corp.example', 'web01.corp.example'],
    ['WEB01.Corp.Example', 'web01.corp.example'],
    ['web_01', 'web_01'],
  ])('turns %j into %j', (input, expected) => {
    expect(slugifyHost(input)).toBe(expected);
  });
});

describe('buildEntityName', () => {
  it('joins short parts readably', () => {
    expect(buildEntityName(['web01.corp.example', 'default-web-site'], 'id')).toBe('web01.corp.example--default-web-site');
  });

  it('cuts long names and adds a stable suffix', () => {
    const long = 'a'.repeat(200);
    const first = buildEntityName(['web01', long], 'site\nweb01\n' + long);
    const again = buildEntityName(['web01', long], 'site\nweb01\n' + long);
    const other = buildEntityName(['web01', long], 'site\nweb01\n' + long + 'b');
    expect(first.length).toBe(MAX_NAME_LENGTH);
    expect(first).toMatch(/^web01--a+-[0-9a-f]{8}$/);
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(KubernetesValidatorFunctions.isValidObjectName(first)).toBe(true);
  });

  it('never ends the cut part on a separator', () => {
    const name = buildEntityName(['x'.repeat(52), 'yy'], 'identity');
    expect(KubernetesValidatorFunctions.isValidObjectName(name)).toBe(true);
    expect(name).not.toMatch(/--[0-9a-f]{8}$/);
  });

  it('names an empty slug by its hash', () => {
    expect(buildEntityName([''], 'site\nweb01\n网站')).toMatch(/^x-[0-9a-f]{8}$/);
  });

  it('never gives an empty part its server name', () => {
    const name = buildEntityName(['web01.corp.example', ''], 'pool\nweb01.corp.example\n販売', false, 'pool');
    expect(name).toMatch(/^web01\.corp\.example--pool-[0-9a-f]{8}$/);
  });
});

describe('assignUniqueNames', () => {
  const parts = (name: string) => ['web01', slugify(name)];
  const identity = (name: string) => `site\nweb01\n${name}`;

  it('keeps readable names when nothing clashes', () => {
    const names = assignUniqueNames(['Shop', 'Blog'], parts, identity);
    expect([...names.values()]).toEqual(['web01--shop', 'web01--blog']);
  });

  it('suffixes every member of a clash, independent of order', () => {
    const forward = assignUniqueNames(['Site A', 'site-a', 'Other'], parts, identity);
    const backward = assignUniqueNames(['Other', 'site-a', 'Site A'], parts, identity);
    expect(forward.get('Site A')).toMatch(/^web01--site-a-[0-9a-f]{8}$/);
    expect(forward.get('site-a')).toMatch(/^web01--site-a-[0-9a-f]{8}$/);
    expect(forward.get('Site A')).not.toBe(forward.get('site-a'));
    expect(forward.get('Other')).toBe('web01--other');
    expect(backward.get('Site A')).toBe(forward.get('Site A'));
    expect(backward.get('site-a')).toBe(forward.get('site-a'));
  });

  it('separates items with the same identity', () => {
    const items = [{ name: 'Shop' }, { name: 'Shop' }];
    const names = assignUniqueNames(items, item => parts(item.name), item => identity(item.name));
    expect(new Set(names.values()).size).toBe(2);
  });
});
