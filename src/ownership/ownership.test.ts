import { describe, expect, it } from 'vitest';
import { globToRegExp } from './glob';
import { OwnershipResolver } from './OwnershipResolver';
import { parseRules } from './parseRules';
import { parsePolicy } from './policyFile';
import { OwnershipTarget } from './types';

describe('globToRegExp', () => {
  it.each([
    ['shop*', 'Shop.Example.com', true, true],
    ['shop*', 'myshop', true, false],
    ['web0?.corp.example', 'WEB01.corp.example', true, true],
    ['web0?.corp.example', 'web10.corp.example', true, false],
    ['*.example.com', 'shop.example.com', true, true],
    ['*.example.com', 'example.com', true, false],
    ['E:\\apps\\*', 'e:\\APPS\\orders-api', true, true],
    ['prod', 'Prod', false, false],
    ['a+b(c)', 'a+b(c)', true, true],
  ])('%j against %j (ignore case %s) is %s', (pattern, value, ignoreCase, expected) => {
    expect(globToRegExp(pattern, ignoreCase).test(value)).toBe(expected);
  });
});

const site: OwnershipTarget = {
  kind: 'site',
  provider: 'production',
  server: 'web01.corp.example',
  site: 'Shop',
  applicationPools: ['ShopPool', 'ShopApi'],
  bindingHosts: ['shop.example.com', 'www.shop.example.com'],
  physicalPath: 'E:\\apps\\shop',
};
const pool: OwnershipTarget = { kind: 'pool', provider: 'production', server: 'web01.corp.example', applicationPools: ['ShopApi'], bindingHosts: [] };
const server: OwnershipTarget = { kind: 'server', provider: 'production', server: 'web01.corp.example', applicationPools: [], bindingHosts: [] };

function resolver(rules: unknown[]) {
  const parsed = parseRules(rules, index => `rule ${index}`);
  expect(parsed.problems).toEqual([]);
  return new OwnershipResolver(parsed.rules);
}

describe('OwnershipResolver', () => {
  it('takes the first matching rule', () => {
    const rules = resolver([
      { match: { site: 'blog*' }, owner: 'group:default/blog' },
      { match: { bindingHost: '*.shop.example.com' }, owner: 'group:default/shop', system: 'shop', tags: ['pci'] },
      { match: { server: 'web*' }, owner: 'group:default/web' },
    ]);
    expect(rules.resolve(site)).toEqual({ owner: 'group:default/shop', system: 'shop', tags: ['pci'] });
    expect(rules.unmatchedRules().map(rule => rule.origin)).toEqual(['rule 0', 'rule 2']);
  });

  it('matches every field of a rule', () => {
    const rules = resolver([{ match: { server: 'web01*', site: 'shop', physicalPath: 'e:\\apps\\*' }, lifecycle: 'experimental' }]);
    expect(rules.resolve(site)).toEqual({ lifecycle: 'experimental' });
    expect(rules.resolve({ ...site, physicalPath: 'D:\\sites\\shop' })).toBeUndefined();
  });

  it('keeps site-only rules off pools and servers', () => {
    const rules = resolver([{ match: { site: '*' }, owner: 'group:default/sites' }, { match: { applicationPool: 'Shop*' }, owner: 'group:default/pools' }]);
    expect(rules.resolve(pool)).toEqual({ owner: 'group:default/pools' });
    expect(rules.resolve(server)).toBeUndefined();
    expect(rules.resolve(site)).toEqual({ owner: 'group:default/sites' });
  });

  it('matches a site by any of its pools', () => {
    const rules = resolver([{ match: { applicationPool: 'shopapi' }, owner: 'group:default/api' }]);
    expect(rules.resolve(site)).toEqual({ owner: 'group:default/api' });
  });

  it('compares the provider id with case', () => {
    const rules = resolver([{ match: { provider: 'Production' }, owner: 'group:default/x' }]);
    expect(rules.resolve(server)).toBeUndefined();
  });
});

describe('parseRules', () => {
  it.each([
    [[{ owner: 'group:default/x' }], /match is missing or empty/],
    [[{ match: {}, owner: 'group:default/x' }], /match is missing or empty/],
    [[{ match: { sites: 'x' }, owner: 'group:default/x' }], /match\.sites is not a match field/],
    [[{ match: { site: 'x' } }], /the rule sets nothing/],
    [[{ match: { site: 'x' }, owner: 'group:a:b/c/d' }], /not a valid entity ref/],
    [[{ match: { site: 'x' }, owner: 'group:default/x', tags: ['Shop'] }], /lower-case tags/],
    [[{ match: { site: 'x' }, namespace: 'Web Platform' }], /namespace "Web Platform" is invalid/],
    [[{ match: { site: 'x' }, ownr: 'group:default/x', owner: 'group:default/x' }], /"ownr" is not a rule setting/],
    [[{ match: { site: 42 }, owner: 'group:default/x' }], /must be a glob pattern string/],
    [{ match: { site: 'x' } }, /rules must be a list/],
  ])('rejects %j', (rules, message) => {
    const parsed = parseRules(rules, index => `rule ${index}`);
    expect(parsed.problems.map(problem => problem.message).join('\n')).toMatch(message);
    expect(parsed.rules).toEqual([]);
  });
});

describe('parsePolicy', () => {
  it('reads rules with their lines', () => {
    const result = parsePolicy('policy.yaml', 'rules:\n  - match: { site: shop* }\n    owner: group:default/shop\n  - match: { server: web* }\n    owner: group:default/web\n');
    expect(result.ok).toBe(true);
    expect(result.ok && result.rules.map(rule => rule.origin)).toEqual(['policy.yaml line 2', 'policy.yaml line 4']);
  });

  it('names the line of an invalid rule', () => {
    const result = parsePolicy('policy.yaml', 'rules:\n  - match: { site: shop* }\n    owner: group:default/shop\n  - match: { site: x }\n    owner: not/a/valid/ref\n');
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^policy\.yaml line 4: owner "not\/a\/valid\/ref" is not a valid entity ref/);
  });

  it('names the line of invalid YAML', () => {
    const result = parsePolicy('policy.yaml', 'rules:\n  - match: { site: shop*\n    owner: x\n');
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems[0]).toMatch(/^policy\.yaml line \d+: invalid YAML/);
  });

  it('requires a rules list', () => {
    const result = parsePolicy('policy.yaml', 'owners: []\n');
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems[0]).toMatch(/top-level rules list/);
  });
});
