import { describe, expect, it } from 'vitest';
import { deriveRootApplications, mapWebapp } from './mapApplications';
import type { MappedWebsite } from './mapSites';
import { API_SAMPLES_AVAILABLE, API_SAMPLES_SKIP_NOTE, readApiSample } from './testing/apiSamples';

const samplesSuite = API_SAMPLES_AVAILABLE ? describe : describe.skip;

samplesSuite(`mapWebapp on documentation samples${API_SAMPLES_SKIP_NOTE}`, () => {
  it('maps the single-application sample', () => {
    const warnings: string[] = [];

    const application = mapWebapp(readApiSample('GET_api_webserver_webapps_ID.json'), 0, 'Default Web Site', warnings);

    expect(application).toEqual({
      path: '/demo-app',
      applicationPool: 'DefaultAppPool',
      physicalPath: 'c:\\inetpub\\wwwroot\\demo-app',
      enabledProtocols: 'http',
    });
    expect(warnings).toEqual([]);
  });

  it('maps the list sample, which lacks the requested fields, with warnings', () => {
    const { webapps } = readApiSample('GET_api_webserver_webapps_q_website.id.json') as { webapps: unknown[] };
    const warnings: string[] = [];

    const applications = webapps.map((raw, index) => mapWebapp(raw, index, 'Default Web Site', warnings));

    expect(applications).toEqual([
      { path: '/', applicationPool: '' },
      { path: '/demo-app', applicationPool: '' },
    ]);
    expect(warnings).toEqual([
      'Application "Default Web Site/": the API names no application pool (the configured pool may not exist); the pool is left empty',
      'Application "Default Web Site/demo-app": the API names no application pool (the configured pool may not exist); the pool is left empty',
    ]);
  });
});

describe('mapWebapp', () => {
  it.each([
    [{ path: 'relative' }],
    [{ path: 5 }],
    [{}],
  ])('skips %j without a virtual path', raw => {
    const warnings: string[] = [];

    expect(mapWebapp(raw, 1, 'shop', warnings)).toBeUndefined();
    expect(warnings.at(-1)).toBe('Site "shop" application #2 has no virtual path starting with "/"; it was skipped');
  });

  it('leaves out an empty physical path and protocol list', () => {
    const application = mapWebapp({ path: '/api', physical_path: '', enabled_protocols: '', application_pool: { name: 'api' } }, 0, 'shop', []);

    expect(application).toEqual({ path: '/api', applicationPool: 'api' });
  });
});

describe('deriveRootApplications', () => {
  const site = { name: 'shop', id: 2, state: 'started' as const, serverAutoStart: true, bindings: [], applications: [] };

  it('derives the root application from the site pool and path', () => {
    const mapped: MappedWebsite = {
      site: { ...site, applicationPool: 'shop', physicalPath: 'D:\\shop' },
      enabledProtocols: 'http,net.tcp',
    };
    const warnings: string[] = [];

    expect(deriveRootApplications(mapped, warnings)).toEqual([
      { path: '/', applicationPool: 'shop', physicalPath: 'D:\\shop', enabledProtocols: 'http,net.tcp' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('returns nothing for a site without root application', () => {
    expect(deriveRootApplications({ site, enabledProtocols: '' }, [])).toEqual([]);
  });

  it('warns when the root pool is unknown', () => {
    const warnings: string[] = [];

    const applications = deriveRootApplications({ site: { ...site, physicalPath: 'D:\\shop' } }, warnings);

    expect(applications).toEqual([{ path: '/', applicationPool: '', physicalPath: 'D:\\shop' }]);
    expect(warnings).toEqual([
      'Application "shop/": the API names no application pool (the configured pool may not exist); the pool is left empty',
    ]);
  });
});
