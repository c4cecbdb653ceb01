import path from 'path';
import { loadConfigSchema } from '@backstage/config-loader';
import { describe, expect, it } from 'vitest';

const packageJson = path.resolve(__dirname, '../package.json');
// The schemas of this package's dependencies require app and backend settings too.
const required = { app: { baseUrl: 'http://127.0.0.1:3000' }, backend: { baseUrl: 'http://127.0.0.1:7007', listen: { port: 7007 }, database: { client: 'better-sqlite3', connection: ':memory:' } } };
const config = {
  ...required,
  catalog: {
    providers: {
      iis: {
        production: {
          owner: 'group:default/web-platform',
          servers: [{ host: 'web01.corp.example', api: { url: 'https://web01.corp.example:55539', accessToken: 'schema-token-91ac' } }],
        },
      },
    },
  },
};

describe('config.d.ts schema', () => {
  it('marks the access token secret', async () => {
    const schema = await loadConfigSchema({ dependencies: [], packagePaths: [packageJson] });
    const secrets = schema.process([{ data: config, context: 'app' }], { visibility: ['secret'] });
    expect(JSON.stringify(secrets)).toContain('schema-token-91ac');
    expect(JSON.stringify(secrets)).not.toContain('web01.corp.example');

    const frontend = schema.process([{ data: config, context: 'app' }], { visibility: ['frontend'] });
    expect(JSON.stringify(frontend)).not.toContain('schema-token-91ac');
  });

  it('accepts the documented config shape', async () => {
    const schema = await loadConfigSchema({ dependencies: [], packagePaths: [packageJson] });
    expect(() => schema.process([{ data: config, context: 'app' }])).not.toThrow();
    const invalid = { ...required, catalog: { providers: { iis: { production: { owner: 'group:default/web-platform', servers: 'web01' } } } } };
    expect(() => schema.process([{ data: invalid, context: 'app' }])).toThrow(/servers/);
  });

  it('checks the claims findings mode', async () => {
    const schema = await loadConfigSchema({ dependencies: [], packagePaths: [packageJson] });
    const withMode = (findings: string) => ({
      ...config,
      catalog: { providers: { iis: { production: { ...config.catalog.providers.iis.production, claims: { findings } } } } },
    });

    expect(() => schema.process([{ data: withMode('error'), context: 'app' }])).not.toThrow();
    expect(() => schema.process([{ data: withMode('warn'), context: 'app' }])).toThrow(/findings/);
  });
});
