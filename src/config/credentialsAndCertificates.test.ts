import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { describe, expect, it } from 'vitest';
import { IisConfigError, readProviderConfigs } from '.';

function read(provider: JsonObject) {
  const config = { catalog: { providers: { iis: { production: { owner: 'group:default/web-platform', ...provider } } } } };
  return readProviderConfigs(new ConfigReader(config as JsonObject));
}

function problemsOf(provider: JsonObject) {
  try {
    read(provider);
  } catch (error) {
    return (error as IisConfigError).problems;
  }
  throw new Error('expected an IisConfigError');
}

const api = (extra: JsonObject) => ({ servers: [{ host: 'web01.corp.example', api: { url: 'https://web01.corp.example:55539', ...extra } }] });

describe('access token file and certificate window config', () => {
  it('reads an access token file', () => {
    const [provider] = read(api({ accessTokenFile: '/run/secrets/iis-web01' }));
    expect(provider.servers[0].api?.accessTokenFile).toBe('/run/secrets/iis-web01');
    expect(provider.servers[0].api?.accessToken).toBeUndefined();
  });

  it('reads the certificate expiry window', () => {
    expect(read({ ...api({ accessToken: 't' }), certificateExpiryWindow: { days: 14 } })[0].certificateExpiryWindowMs).toBe(14 * 24 * 3600 * 1000);
  });

  it.each([
    ['both token keys', api({ accessToken: 't', accessTokenFile: '/run/secrets/x' }), 'catalog.providers.iis.production.servers[0].api', /both accessToken and accessTokenFile/],
    ['neither token key', api({}), 'catalog.providers.iis.production.servers[0].api.accessToken', /accessTokenFile/],
    ['an empty token file path', api({ accessTokenFile: '' }), 'catalog.providers.iis.production.servers[0].api.accessTokenFile', /is empty: set it to the path of a file/],
    ['an invalid expiry window', { ...api({ accessToken: 't' }), certificateExpiryWindow: 'soon' }, 'catalog.providers.iis.production.certificateExpiryWindow', /duration/],
  ])('rejects %s', (_name, provider, key, message) => {
    const problem = problemsOf(provider as JsonObject).find(candidate => candidate.key === key);
    expect(problem, JSON.stringify(problemsOf(provider as JsonObject))).toBeDefined();
    expect(problem!.message).toMatch(message);
  });
});
