import { describe, expect, it } from 'vitest';
import { mapBinding, mapWebsite } from './mapSites';
import { API_SAMPLES_SKIP_NOTE, API_SAMPLES_AVAILABLE, readApiSample, readApiSampleText } from './testing/apiSamples';

const samplesSuite = API_SAMPLES_AVAILABLE ? describe : describe.skip;

samplesSuite(`mapWebsite on documentation samples${API_SAMPLES_SKIP_NOTE}`, () => {
  it('maps the single-website sample with string numbers', () => {
    const warnings: string[] = [];
    const mapped = mapWebsite(readApiSample('GET_api_webserver_websites_ID.json'), 0, warnings);

    expect(warnings).toEqual([]);
    expect(mapped?.site.apiId).toBe('{id}');
    expect(mapped?.enabledProtocols).toBe('http');
    expect(mapped?.site).toEqual({
      name: 'Default Web Site',
      id: 1,
      apiId: '{id}',
      state: 'started',
      serverAutoStart: true,
      applicationPool: 'DefaultAppPool',
      physicalPath: '%SystemDrive%\\inetpub\\wwwroot',
      bindings: [
        {
          protocol: 'https',
          bindingInformation: '*:443:',
          address: '*',
          port: 443,
          host: '',
          sni: false,
          certificate: {
            apiId: '{certificate_id}',
            issuer: 'CN=localhost',
            subject: 'CN=localhost',
            thumbprint: '2F6C0E796B8DAC4A1DDBF59F1714A19D9520B88A',
            validTo: '2022-01-09T00:00:00Z',
          },
        },
        { protocol: 'http', bindingInformation: '*:80:', address: '*', port: 80, host: '' },
        { protocol: 'net.tcp', bindingInformation: '808:*', port: 808, host: '*' },
      ],
      applications: [],
    });
  });

  it('skips list entries that lack the requested fields', () => {
    // The published list misses the comma between its second and third entry; this copy adds it.
    const published = readApiSampleText('GET_api_webserver_websites.json');
    const corrected = published.replace(/\}\s*\n(\s*)\{\s*\n\s*"name": "docs"/, match => match.replace('}', '},'));
    expect(() => JSON.parse(published)).toThrow();
    const list = (JSON.parse(corrected) as { websites: unknown[] }).websites;
    const warnings: string[] = [];

    const mapped = list.map((raw, index) => mapWebsite(raw, index, warnings));

    expect(list.map(entry => (entry as { name: string }).name)).toEqual(['Default Web Site', 'My Site', 'docs']);
    expect(mapped).toEqual([undefined, undefined, undefined]);
    expect(warnings).toEqual([
      'Site "Default Web Site" has no numeric key (the site id); it was skipped',
      'Site "My Site" has no numeric key (the site id); it was skipped',
      'Site "docs" has no numeric key (the site id); it was skipped',
    ]);
  });
});

describe('mapWebsite', () => {
  const typedWebsite = {
    name: 'shop',
    id: 'c2l0ZTI',
    key: 2,
    status: 'stopped',
    server_auto_start: false,
    physical_path: 'D:\\sites\\shop',
    enabled_protocols: 'http,net.tcp',
    bindings: [
      {
        protocol: 'https',
        binding_information: '[2001:db8::7]:8443:shop.example.com',
        ip_address: '2001:db8::7',
        port: 8443,
        hostname: 'shop.example.com',
        require_sni: true,
      },
    ],
    application_pool: { name: 'shop', id: 'cG9vbA', status: 'started' },
  };
  const stringWebsite = {
    ...typedWebsite,
    key: '2',
    server_auto_start: 'false',
    bindings: [{ ...typedWebsite.bindings[0], port: '8443', require_sni: 'true' }],
  };

  it('reads numbers and booleans sent as strings like real ones', () => {
    const typedWarnings: string[] = [];
    const stringWarnings: string[] = [];

    const typed = mapWebsite(typedWebsite, 0, typedWarnings);
    const fromStrings = mapWebsite(stringWebsite, 0, stringWarnings);

    expect(fromStrings).toEqual(typed);
    expect(typedWarnings).toEqual([]);
    expect(stringWarnings).toEqual([]);
    expect(typed?.site.id).toBe(2);
    expect(typed?.site.serverAutoStart).toBe(false);
    expect(typed?.site.bindings[0]).toEqual({
      protocol: 'https',
      bindingInformation: '[2001:db8::7]:8443:shop.example.com',
      address: '2001:db8::7',
      port: 8443,
      host: 'shop.example.com',
      sni: true,
    });
  });

  it('ignores unknown fields', () => {
    const mapped = mapWebsite({ ...typedWebsite, limits: { max_connections: 5 }, _links: {} }, 0, []);

    expect(mapped).toEqual(mapWebsite(typedWebsite, 0, []));
  });

  it('applies defaults for missing optional fields', () => {
    const warnings: string[] = [];
    const mapped = mapWebsite({ name: 'bare', key: 7 }, 0, warnings);

    expect(mapped).toEqual({
      site: { name: 'bare', id: 7, state: 'unknown', serverAutoStart: true, bindings: [], applications: [] },
    });
    expect(warnings).toEqual([]);
  });

  it('leaves out the pool and path of a site without root application', () => {
    const mapped = mapWebsite({ name: 'empty', key: 3, application_pool: null, physical_path: '', enabled_protocols: '' }, 0, []);

    expect(mapped?.site.applicationPool).toBeUndefined();
    expect(mapped?.site.physicalPath).toBeUndefined();
  });

  it.each([
    [null, 'Website #1 of the list is null, not an object; it was skipped'],
    [{ key: 1 }, 'Website #1 of the list has no name; it was skipped'],
    [{ name: '', key: 1 }, 'Website #1 of the list has no name; it was skipped'],
    [{ name: 'a', key: 'one' }, 'Site "a" has no numeric key (the site id); it was skipped'],
  ])('skips %j with a warning', (raw, lastWarning) => {
    const warnings: string[] = [];

    expect(mapWebsite(raw, 0, warnings)).toBeUndefined();
    expect(warnings.at(-1)).toBe(lastWarning);
  });
});

describe('mapBinding', () => {
  it.each([
    [{ protocol: 'HTTPS', binding_information: '*:443:' }, { protocol: 'https', bindingInformation: '*:443:', address: '*', port: 443, host: '' }],
    [
      { protocol: 'http', binding_information: '192.0.2.10:80:www.example.com', ip_address: '192.0.2.10', port: 80, hostname: 'www.example.com' },
      { protocol: 'http', bindingInformation: '192.0.2.10:80:www.example.com', address: '192.0.2.10', port: 80, host: 'www.example.com' },
    ],
    [{ protocol: 'net.pipe', binding_information: '*' }, { protocol: 'net.pipe', bindingInformation: '*', host: '*' }],
    [{ protocol: 'https', binding_information: '*:443:*.example.com', require_sni: 'true' }, { protocol: 'https', bindingInformation: '*:443:*.example.com', address: '*', port: 443, host: '*.example.com', sni: true }],
  ])('maps %j', (raw, expected) => {
    const warnings: string[] = [];

    expect(mapBinding(raw, 0, 'site', warnings)).toEqual(expected);
    expect(warnings).toEqual([]);
  });

  it('parses binding_information even where ip_address and port disagree', () => {
    const binding = mapBinding({ protocol: 'http', binding_information: ':8080:localhost', ip_address: '*', port: 1, hostname: 'x' }, 0, 'site', []);

    expect(binding).toEqual({ protocol: 'http', bindingInformation: ':8080:localhost', address: '*', port: 8080, host: 'localhost' });
  });

  it('keeps an unparsed binding raw and warns', () => {
    const warnings: string[] = [];

    const binding = mapBinding({ protocol: 'https', binding_information: '*:https:', require_sni: true }, 0, 'shop', warnings);

    expect(binding?.problem).toMatch(/port "https"/);
    expect(binding?.port).toBeUndefined();
    expect(binding?.sni).toBeUndefined();
    expect(warnings).toEqual([`Site "shop": binding https "*:https:" was not parsed: ${binding?.problem}`]);
  });

  it.each([
    [{ binding_information: '*:80:' }],
    [{ protocol: 'http' }],
    [{ protocol: '', binding_information: '*:80:' }],
  ])('skips %j without protocol or information', raw => {
    const warnings: string[] = [];

    expect(mapBinding(raw, 2, 'shop', warnings)).toBeUndefined();
    expect(warnings).toEqual(['Site "shop" binding #3 has no protocol or no binding_information; it was skipped']);
  });
});
