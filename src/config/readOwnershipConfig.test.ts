import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { describe, expect, it } from 'vitest';
import { IisConfigError, readProviderConfigs } from '.';

const server = { host: 'web02.corp.example', applicationHostConfig: '/mnt/iis/web02/applicationHost.config' };

function read(ownership: unknown) {
  const config = { catalog: { providers: { iis: { production: { owner: 'group:default/web-platform', ownership, servers: [server] } } } } };
  return readProviderConfigs(new ConfigReader(config as JsonObject));
}

function problemsOf(ownership: unknown) {
  try {
    read(ownership);
  } catch (error) {
    return (error as IisConfigError).problems;
  }
  throw new Error('expected an IisConfigError');
}

describe('ownership config', () => {
  it('reads rules and a policy file', () => {
    const [provider] = read({
      rules: [{ match: { site: 'shop*' }, owner: 'group:default/shop' }],
      policyFile: '/etc/backstage/iis-ownership.yaml',
    });
    expect(provider.ownershipRules).toEqual([
      { match: { site: 'shop*' }, set: { owner: 'group:default/shop' }, origin: 'catalog.providers.iis.production.ownership.rules[0]' },
    ]);
    expect(provider.ownershipPolicyFile).toBe('/etc/backstage/iis-ownership.yaml');
  });

  it('defaults to no rules', () => {
    const [provider] = read(undefined);
    expect(provider.ownershipRules).toEqual([]);
    expect(provider.ownershipPolicyFile).toBeUndefined();
  });

  it.each([
    [{ rules: [{ match: { site: 'x' }, owner: 'not a ref!' }] }, 'catalog.providers.iis.production.ownership.rules[0]', /not a valid entity ref/],
    [{ rules: [{ owner: 'group:default/x' }] }, 'catalog.providers.iis.production.ownership.rules[0]', /match is missing/],
    [{ rule: [] }, 'catalog.providers.iis.production.ownership.rule', /use rules or policyFile/],
    [{ policyFile: '' }, 'catalog.providers.iis.production.ownership.policyFile', /path or http\(s\) URL/],
    [['x'], 'catalog.providers.iis.production.ownership', /must be an object/],
  ])('rejects %j', (ownership, key, message) => {
    const problem = problemsOf(ownership).find(candidate => candidate.key === key);
    expect(problem?.message).toMatch(message);
  });
});
