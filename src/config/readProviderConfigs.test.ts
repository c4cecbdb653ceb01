import fs from 'fs';
import os from 'os';
import path from 'path';
import { ConfigReader } from '@backstage/config';
import { loadConfigSchema } from '@backstage/config-loader';
import type { JsonObject, JsonValue } from '@backstage/types';
import { describe, expect, it } from 'vitest';
import { IisConfigError, readProviderConfigs } from '.';

const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iis-config-')), 'ca.pem');
fs.writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
const notPem = path.join(path.dirname(caFile), 'not.pem');
fs.writeFileSync(notPem, 'this is not a certificate\n');

const apiServer = {
  host: 'web01.corp.example',
  api: { url: 'https://web01.corp.example:55539', accessToken: 'secret-token-1' },
};
const fileServer = { host: 'web02.corp.example', applicationHostConfig: '/mnt/iis/web02/applicationHost.config' };

function read(provider: unknown, extraProviders: Record<string, unknown> = {}) {
  return readProviderConfigs(
    new ConfigReader({ catalog: { providers: { iis: { production: provider, ...extraProviders } } } } as JsonObject),
  );
}

function problemsOf(provider: unknown, extraProviders: Record<string, unknown> = {}) {
  try {
    read(provider, extraProviders);
  } catch (error) {
    expect(error).toBeInstanceOf(IisConfigError);
    return (error as IisConfigError).problems;
  }
  throw new Error('expected an IisConfigError');
}

describe('readProviderConfigs', () => {
  it('returns no providers without the section', () => {
    expect(readProviderConfigs(new ConfigReader({}))).toEqual([]);
  });

  it('applies defaults to a minimal provider', () => {
    const [provider] = read({ owner: 'group:default/web-platform', servers: [apiServer, fileServer] });
    expect(provider.id).toBe('production');
    expect(provider.lifecycle).toBe('production');
    expect(provider.namespace).toBe('default');
    expect(provider.schedule).toEqual({ frequency: { minutes: 30 }, timeout: { minutes: 10 } });
    expect(provider.concurrency).toBe(8);
    expect(provider.gracePeriodMs).toBe(7 * 24 * 3600 * 1000);
    expect(provider.maxRemovalShare).toBe(0.5);
    expect(provider.claimFindings).toBe('annotate');
    expect(provider.servers[0].api).toEqual({
      url: 'https://web01.corp.example:55539',
      accessToken: 'secret-token-1',
      caFile: undefined,
      certificateFingerprint: undefined,
      timeoutMs: 15_000,
      readApplications: true,
    });
    expect(provider.servers[1]).toEqual(fileServer);
  });

  it('reads every documented setting', () => {
    const [provider] = read({
      owner: 'group:ops/web-platform',
      lifecycle: 'experimental',
      namespace: 'iis',
      concurrency: 16,
      gracePeriod: { days: 2 },
      maxRemovalShare: 1,
      claims: { findings: 'error' },
      schedule: { frequency: { minutes: 5 }, timeout: { minutes: 2 }, initialDelay: { seconds: 10 } },
      servers: [
        {
          host: 'web01.corp.example',
          api: {
            url: 'https://web01.corp.example:55539/',
            accessToken: 'secret-token-1',
            certificateFingerprint: 'ab'.repeat(32),
            timeout: { seconds: 5 },
            readApplications: false,
          },
        },
        { host: 'web03.corp.example', api: { url: 'https://web03:55539', accessToken: 't', caFile } },
      ],
    });
    expect(provider.lifecycle).toBe('experimental');
    expect(provider.namespace).toBe('iis');
    expect(provider.concurrency).toBe(16);
    expect(provider.gracePeriodMs).toBe(2 * 24 * 3600 * 1000);
    expect(provider.maxRemovalShare).toBe(1);
    expect(provider.claimFindings).toBe('error');
    expect(provider.schedule.initialDelay).toEqual({ seconds: 10 });
    expect(provider.servers[0].api?.url).toBe('https://web01.corp.example:55539');
    expect(provider.servers[0].api?.certificateFingerprint).toBe(Array(32).fill('AB').join(':'));
    expect(provider.servers[0].api?.timeoutMs).toBe(5000);
    expect(provider.servers[0].api?.readApplications).toBe(false);
    expect(provider.servers[1].api?.caFile).toBe(caFile);
  });

  const base = { owner: 'group:default/web-platform' };
  const cases: Array<{ name: string; provider: unknown; extra?: Record<string, unknown>; key: string; says: RegExp }> = [
    { name: 'missing owner', provider: { servers: [apiServer] }, key: 'catalog.providers.iis.production.owner', says: /is missing: set it to the entity ref/ },
    { name: 'invalid owner', provider: { owner: 'group:a:b/c/d', servers: [apiServer] }, key: 'catalog.providers.iis.production.owner', says: /not a valid entity ref/ },
    { name: 'missing servers', provider: { ...base }, key: 'catalog.providers.iis.production.servers', says: /missing or empty/ },
    { name: 'empty servers', provider: { ...base, servers: [] }, key: 'catalog.providers.iis.production.servers', says: /missing or empty/ },
    { name: 'servers not a list', provider: { ...base, servers: { host: 'a' } }, key: 'catalog.providers.iis.production.servers', says: /must be a list/ },
    { name: 'missing host', provider: { ...base, servers: [{ applicationHostConfig: '/a' }] }, key: 'catalog.providers.iis.production.servers[0].host', says: /is missing/ },
    { name: 'host with spaces', provider: { ...base, servers: [{ host: 'web 01', applicationHostConfig: '/a' }] }, key: 'catalog.providers.iis.production.servers[0].host', says: /not a valid host name/ },
    { name: 'both sources', provider: { ...base, servers: [{ ...apiServer, applicationHostConfig: '/a' }] }, key: 'catalog.providers.iis.production.servers[0]', says: /both api and applicationHostConfig/ },
    { name: 'no source', provider: { ...base, servers: [{ host: 'web01' }] }, key: 'catalog.providers.iis.production.servers[0]', says: /has no source/ },
    { name: 'invalid URL', provider: { ...base, servers: [{ host: 'web01', api: { url: 'web01:55539x', accessToken: 't' } }] }, key: 'catalog.providers.iis.production.servers[0].api.url', says: /not a valid URL|must use https/ },
    { name: 'http URL', provider: { ...base, servers: [{ host: 'web01', api: { url: 'http://web01:55539', accessToken: 't' } }] }, key: 'catalog.providers.iis.production.servers[0].api.url', says: /must use https/ },
    { name: 'URL with credentials', provider: { ...base, servers: [{ host: 'web01', api: { url: 'https://u:p@web01:55539', accessToken: 't' } }] }, key: 'catalog.providers.iis.production.servers[0].api.url', says: /user name or password/ },
    { name: 'missing url', provider: { ...base, servers: [{ host: 'web01', api: { accessToken: 't' } }] }, key: 'catalog.providers.iis.production.servers[0].api.url', says: /is missing/ },
    { name: 'missing token', provider: { ...base, servers: [{ host: 'web01', api: { url: 'https://web01:55539' } }] }, key: 'catalog.providers.iis.production.servers[0].api.accessToken', says: /environment variable/ },
    { name: 'missing caFile', provider: { ...base, servers: [{ host: 'web01', api: { url: 'https://web01:55539', accessToken: 't', caFile: '/nope/ca.pem' } }] }, key: 'catalog.providers.iis.production.servers[0].api.caFile', says: /does not exist/ },
    { name: 'bad fingerprint', provider: { ...base, servers: [{ host: 'web01', api: { url: 'https://web01:55539', accessToken: 't', certificateFingerprint: 'abc' } }] }, key: 'catalog.providers.iis.production.servers[0].api.certificateFingerprint', says: /64 hex digits/ },
    { name: 'caFile and fingerprint', provider: { ...base, servers: [{ host: 'web01', api: { url: 'https://web01:55539', accessToken: 't', caFile, certificateFingerprint: 'ab'.repeat(32) } }] }, key: 'catalog.providers.iis.production.servers[0].api', says: /keep one way/ },
    { name: 'bad timeout', provider: { ...base, servers: [{ host: 'web01', api: { url: 'https://web01:55539', accessToken: 't', timeout: 'soon' } }] }, key: 'catalog.providers.iis.production.servers[0].api.timeout', says: /duration/ },
    { name: 'unsupported file scheme', provider: { ...base, servers: [{ host: 'web01', applicationHostConfig: 'ftp://x/applicationHost.config' }] }, key: 'catalog.providers.iis.production.servers[0].applicationHostConfig', says: /unsupported scheme/ },
    { name: 'duplicate hosts', provider: { ...base, servers: [apiServer, { host: 'WEB01.corp.example', applicationHostConfig: '/a' }] }, key: 'catalog.providers.iis.production.servers[1].host', says: /already listed at catalog\.providers\.iis\.production\.servers\[0\]\.host/ },
    { name: 'duplicate hosts after an invalid server', provider: { ...base, servers: [{ host: 'web 00' }, apiServer, apiServer] }, key: 'catalog.providers.iis.production.servers[2].host', says: /already listed at catalog\.providers\.iis\.production\.servers\[1\]\.host/ },
    { name: 'token with a space', provider: { ...base, servers: [{ host: 'web01', api: { url: 'https://web01:55539', accessToken: 'abc def' } }] }, key: 'catalog.providers.iis.production.servers[0].api.accessToken', says: /spaces/ },
    { name: 'caFile that is not PEM', provider: { ...base, servers: [{ host: 'web01', api: { url: 'https://web01:55539', accessToken: 't', caFile: notPem } }] }, key: 'catalog.providers.iis.production.servers[0].api.caFile', says: /no PEM certificate/ },
    { name: 'duplicate hosts across providers', provider: { ...base, servers: [apiServer] }, extra: { staging: { ...base, servers: [apiServer] } }, key: 'catalog.providers.iis.staging.servers[0].host', says: /already listed/ },
    { name: 'unknown key', provider: { ...base, server: [apiServer], servers: [apiServer] }, key: 'catalog.providers.iis.production.server', says: /not a known setting/ },
    { name: 'bad namespace', provider: { ...base, namespace: 'Web Platform', servers: [apiServer] }, key: 'catalog.providers.iis.production.namespace', says: /not a valid catalog namespace/ },
    { name: 'bad concurrency', provider: { ...base, concurrency: 0, servers: [apiServer] }, key: 'catalog.providers.iis.production.concurrency', says: /whole number/ },
    { name: 'bad grace period', provider: { ...base, gracePeriod: { weeks: 'one' }, servers: [apiServer] }, key: 'catalog.providers.iis.production.gracePeriod', says: /duration/ },
    { name: 'bad removal share', provider: { ...base, maxRemovalShare: 50, servers: [apiServer] }, key: 'catalog.providers.iis.production.maxRemovalShare', says: /from 0 to 1/ },
    { name: 'bad schedule', provider: { ...base, schedule: { frequency: 'often' }, servers: [apiServer] }, key: 'catalog.providers.iis.production.schedule', says: /Backstage schedule/ },
    { name: 'bad claims mode', provider: { ...base, claims: { findings: 'warn' }, servers: [apiServer] }, key: 'catalog.providers.iis.production.claims.findings', says: /must be "annotate" or "error", not "warn"/ },
    { name: 'claims not an object', provider: { ...base, claims: 'error', servers: [apiServer] }, key: 'catalog.providers.iis.production.claims', says: /must be an object such as \{ findings: annotate \}/ },
    { name: 'unknown claims key', provider: { ...base, claims: { mode: 'error' }, servers: [apiServer] }, key: 'catalog.providers.iis.production.claims.mode', says: /not a known setting: use one of findings/ },
    { name: 'bad readApplications', provider: { ...base, servers: [{ host: 'web01', api: { url: 'https://web01:55539', accessToken: 't', readApplications: 'yes' } }] }, key: 'catalog.providers.iis.production.servers[0].api.readApplications', says: /true or false/ },
  ];

  it.each(cases)('rejects $name', ({ provider, extra, key, says }) => {
    const problems = problemsOf(provider, extra);
    const problem = problems.find(candidate => candidate.key === key);
    expect(problem, `no problem for ${key} in ${JSON.stringify(problems)}`).toBeDefined();
    expect(problem!.message).toMatch(says);
  });

  it('accepts openssl fingerprint output', () => {
    const [provider] = read({
      ...base,
      servers: [{ host: 'web01', api: { url: 'https://web01:55539', accessToken: 't', certificateFingerprint: `sha256 Fingerprint=${Array(32).fill('ab').join(':')}` } }],
    });
    expect(provider.servers[0].api?.certificateFingerprint).toBe(Array(32).fill('AB').join(':'));
  });

  it('allows one host in two namespaces', () => {
    const providers = read({ ...base, servers: [apiServer] }, { staging: { ...base, namespace: 'staging', servers: [apiServer] } });
    expect(providers).toHaveLength(2);
  });

  it('rejects a setting used as provider id', () => {
    const problems = problemsOf({ owner: 'group:default/web-platform', servers: [apiServer] }, { claims: { findings: 'error' } });

    expect(problems).toEqual([
      {
        key: 'catalog.providers.iis.claims',
        message: '"claims" is a provider setting, not a provider id: move it under a provider id, for example catalog.providers.iis.production.claims',
      },
    ]);
  });

  it('accepts a setting name as provider id', () => {
    const providers = read({ owner: 'group:default/web-platform', servers: [apiServer] }, { claims: { owner: 'group:default/web-platform', servers: [fileServer] } });

    expect(providers.map(provider => provider.id)).toEqual(['production', 'claims']);
  });

  it('rejects an invalid provider id', () => {
    const problems = problemsOf({ ...base, servers: [apiServer] }, { 'prod env': { ...base, servers: [fileServer] } });
    expect(problems.map(problem => problem.key)).toContain('catalog.providers.iis.prod env');
  });

  it('lists every problem in one error without the token', () => {
    let message = '';
    try {
      read({ servers: [{ host: 'web01', api: { url: 'http://web01', accessToken: 'secret-token-1' } }, { host: 'web02' }] });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('catalog.providers.iis.production.owner');
    expect(message).toContain('catalog.providers.iis.production.servers[0].api.url');
    expect(message).toContain('catalog.providers.iis.production.servers[1]');
    expect(message).not.toContain('secret-token-1');
  });
});

describe('api.windowsAuthentication', () => {
  const base = { owner: 'group:default/web-platform' };
  const password = 'config-windows-passw0rd';
  const account = { domain: 'CORP', username: 'svc-backstage', password };
  const key = 'catalog.providers.iis.production.servers[0].api.windowsAuthentication';

  function withWindowsAuthentication(windowsAuthentication: JsonValue) {
    return { ...base, servers: [{ host: 'web01', api: { url: 'https://web01:55539', accessToken: 't', windowsAuthentication } }] };
  }

  it('reads the account', () => {
    const [provider] = read(withWindowsAuthentication(account));
    expect(provider.servers[0].api?.windowsAuthentication).toEqual(account);
  });

  it('leaves it out when the block is absent', () => {
    const [provider] = read({ ...base, servers: [apiServer] });
    expect(provider.servers[0].api?.windowsAuthentication).toBeUndefined();
  });

  const windowsCases: Array<{ name: string; value: JsonValue; key: string; says: RegExp }> = [
    { name: 'a string', value: 'CORP\\svc-backstage', key, says: /must be an object with domain, username and password/ },
    { name: 'no domain', value: { username: 'svc-backstage', password }, key: `${key}.domain`, says: /is missing or empty: set it to the Windows domain/ },
    { name: 'no username', value: { domain: 'CORP', password }, key: `${key}.username`, says: /is missing or empty: set it to the account name/ },
    { name: 'no password', value: { domain: 'CORP', username: 'svc-backstage' }, key: `${key}.password`, says: /is missing or empty: set it from an environment variable/ },
    { name: 'an empty password', value: { ...account, password: '' }, key: `${key}.password`, says: /is missing or empty/ },
    { name: 'DOMAIN\\user as username', value: { ...account, username: 'CORP\\svc-backstage' }, key: `${key}.username`, says: /give the domain and the user name separately/ },
    { name: 'an unknown key', value: { ...account, realm: 'CORP' }, key: `${key}.realm`, says: /not a known setting: use one of domain, username, password/ },
  ];

  it.each(windowsCases)('rejects $name', ({ value, key: problemKey, says }) => {
    const problems = problemsOf(withWindowsAuthentication(value));
    const problem = problems.find(candidate => candidate.key === problemKey);
    expect(problem, `no problem for ${problemKey} in ${JSON.stringify(problems)}`).toBeDefined();
    expect(problem!.message).toMatch(says);
    expect(JSON.stringify(problems)).not.toContain(password);
  });

  it('keeps the password out of the startup error', () => {
    let message = '';
    try {
      read(withWindowsAuthentication({ ...account, username: 'CORP\\svc-backstage' }));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`${key}.username`);
    expect(message).not.toContain(password);
  });

  it('is marked secret in config.d.ts', async () => {
    const schema = await loadConfigSchema({ dependencies: [], packagePaths: [path.resolve(__dirname, '../../package.json')] });
    const data = {
      app: { baseUrl: 'http://127.0.0.1:3000' },
      backend: { baseUrl: 'http://127.0.0.1:7007', listen: { port: 7007 }, database: { client: 'better-sqlite3', connection: ':memory:' } },
      catalog: { providers: { iis: { production: withWindowsAuthentication(account) } } },
    };

    const secrets = JSON.stringify(schema.process([{ data, context: 'app' }], { visibility: ['secret'] }));
    const frontend = JSON.stringify(schema.process([{ data, context: 'app' }], { visibility: ['frontend'] }));

    expect(secrets).toContain(password);
    expect(secrets).not.toContain('svc-backstage');
    expect(frontend).not.toContain(password);
  });
});
