import { describe, expect, it } from 'vitest';
import { parseBinding } from '../iis/bindings';
import type { IisCertificate, IisServerReading, IisSite } from '../iis/model';
import { readingToEntities } from './transform';

const DAY = 86_400_000;
const NOW = new Date('2026-05-01T08:00:00Z');
const options = { providerId: 'test', owner: 'group:default/web-platform', lifecycle: 'production', namespace: 'default', now: NOW };

function certificate(daysLeft: number, names: string[], subject = `CN=${names[0]}`): IisCertificate {
  return {
    apiId: `id-${subject}`,
    subject,
    issuer: 'CN=Example CA',
    thumbprint: 'B7D2E4F60811A3C5E7092B4D6F8091A2B3C4D5E6',
    validTo: new Date(NOW.getTime() + daysLeft * DAY).toISOString(),
    subjectAlternativeNames: names,
  };
}

function siteWith(bindings: Array<[string, IisCertificate?]>): IisSite {
  return {
    name: 'shop',
    id: 2,
    state: 'started',
    serverAutoStart: true,
    bindings: bindings.map(([information, cert]) => {
      const binding = parseBinding('https', information);
      return cert ? { ...binding, certificate: cert } : binding;
    }),
    applications: [],
  };
}

function siteEntity(site: IisSite, source: 'api' | 'file' = 'api', extra: object = {}) {
  const reading: IisServerReading = {
    host: 'web01.corp.example',
    source,
    location: source === 'api' ? 'https://web01.corp.example:55539' : '/iis/applicationHost.config',
    sites: [site],
    applicationPools: [],
    warnings: [],
  };
  return readingToEntities(reading, { ...options, ...extra }).find(entity => entity.kind === 'Component')!;
}

const bindingsOf = (entity: ReturnType<typeof siteEntity>) => JSON.parse(entity.metadata.annotations!['iis.net/bindings']);

describe('certificate facts on sites', () => {
  it('adds the certificate to the binding object', () => {
    const entity = siteEntity(siteWith([['*:443:shop.example.com', certificate(90, ['shop.example.com'])]]));
    const [binding] = bindingsOf(entity);
    expect(binding.certificate).toEqual({
      subject: 'CN=shop.example.com',
      issuer: 'CN=Example CA',
      thumbprint: 'B7D2E4F60811A3C5E7092B4D6F8091A2B3C4D5E6',
      validTo: new Date(NOW.getTime() + 90 * DAY).toISOString(),
    });
    expect(binding).not.toHaveProperty('certificateHostMismatch');
    expect(entity.metadata.tags).toEqual(['iis']);
  });

  it('annotates the earliest expiry', () => {
    const entity = siteEntity(
      siteWith([
        ['*:443:shop.example.com', certificate(90, ['shop.example.com'])],
        ['*:443:www.example.com', certificate(40, ['www.example.com'])],
        ['*:443:old.example.com'],
      ]),
    );
    expect(entity.metadata.annotations!['iis.net/certificate-expires']).toBe(new Date(NOW.getTime() + 40 * DAY).toISOString());
  });

  it('tags a certificate inside the window', () => {
    const entity = siteEntity(siteWith([['*:443:shop.example.com', certificate(12, ['shop.example.com'])]]));
    expect(entity.metadata.tags).toEqual(['iis', 'certificate-expiring']);
  });

  it('honours a configured window', () => {
    const site = siteWith([['*:443:shop.example.com', certificate(12, ['shop.example.com'])]]);
    expect(siteEntity(site, 'api', { certificateExpiryWindowMs: 7 * DAY }).metadata.tags).toEqual(['iis']);
  });

  it('tags an expired certificate', () => {
    const entity = siteEntity(siteWith([['*:443:shop.example.com', certificate(-1, ['shop.example.com'])]]));
    expect(entity.metadata.tags).toEqual(['iis', 'certificate-expired']);
  });

  it('gives the same entity on every run inside one window state', () => {
    const site = siteWith([['*:443:shop.example.com', certificate(12, ['shop.example.com'])]]);
    const first = siteEntity(site, 'api', { now: NOW });
    const later = siteEntity(site, 'api', { now: new Date(NOW.getTime() + 3 * DAY) });
    expect(later).toEqual(first);
  });

  it('flags a certificate that does not cover the host', () => {
    const entity = siteEntity(
      siteWith([
        ['*:443:cdn.example.com', certificate(90, ['static.example.com'])],
        ['*:443:shop.example.com', certificate(90, ['shop.example.com'])],
      ]),
    );
    const [cdn, shop] = bindingsOf(entity);
    expect(cdn.certificateHostMismatch).toBe(true);
    expect(shop).not.toHaveProperty('certificateHostMismatch');
    expect(entity.metadata.tags).toEqual(['iis', 'certificate-host-mismatch']);
  });

  it('checks a binding without host against the server host', () => {
    const covered = siteEntity(siteWith([['*:443:', certificate(90, ['web01.corp.example'])]]));
    const other = siteEntity(siteWith([['*:443:', certificate(90, ['localhost'])]]));
    expect(bindingsOf(covered)[0]).not.toHaveProperty('certificateHostMismatch');
    expect(bindingsOf(other)[0].certificateHostMismatch).toBe(true);
  });

  it('marks https sites read from a file', () => {
    const https = siteEntity(siteWith([['*:443:shop.example.com']]), 'file');
    expect(https.metadata.annotations!['iis.net/certificates']).toBe('not-visible-in-file');
    expect(https.metadata.annotations).not.toHaveProperty('iis.net/certificate-expires');

    const http: IisSite = { ...siteWith([]), bindings: [parseBinding('http', '*:80:')] };
    expect(siteEntity(http, 'file').metadata.annotations).not.toHaveProperty('iis.net/certificates');
  });
});
