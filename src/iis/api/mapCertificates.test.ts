import { describe, expect, it } from 'vitest';
import { mapBinding } from './mapSites';
import { mapBindingCertificate, parseSubjectAlternativeNames, toUtcTimestamp } from './mapCertificates';

const FULL = {
  alias: 'shop',
  id: 'Q2VydA',
  issued_by: 'CN=Example CA',
  subject: 'CN=shop.example.com',
  thumbprint: 'b7d2e4f60811a3c5e7092b4d6f8091a2b3c4d5e6',
  valid_to: '2027-03-01T12:00:00Z',
};

describe('mapBindingCertificate', () => {
  it('maps every field', () => {
    const warnings: string[] = [];
    expect(mapBindingCertificate(FULL, 'Site "shop" binding #1', warnings)).toEqual({
      apiId: 'Q2VydA',
      issuer: 'CN=Example CA',
      subject: 'CN=shop.example.com',
      thumbprint: 'B7D2E4F60811A3C5E7092B4D6F8091A2B3C4D5E6',
      validTo: '2027-03-01T12:00:00Z',
    });
    expect(warnings).toEqual([]);
  });

  it('keeps the fields that are present', () => {
    const warnings: string[] = [];
    expect(mapBindingCertificate({ subject: 'CN=a', valid_to: null }, 'b', warnings)).toEqual({ subject: 'CN=a' });
    expect(warnings).toEqual([]);
  });

  it('returns undefined for an empty object', () => {
    expect(mapBindingCertificate({}, 'b', [])).toBeUndefined();
  });

  it('warns about a date that does not parse', () => {
    const warnings: string[] = [];
    expect(mapBindingCertificate({ ...FULL, valid_to: 'next year' }, 'b', warnings)?.validTo).toBeUndefined();
    expect(warnings).toEqual(['b certificate: field valid_to "next year" is not a date; it was ignored']);
  });

  it('warns about a number where a string belongs', () => {
    const warnings: string[] = [];
    expect(mapBindingCertificate({ ...FULL, thumbprint: 42 }, 'b', warnings)?.thumbprint).toBeUndefined();
    expect(warnings).toHaveLength(1);
  });
});

describe('toUtcTimestamp', () => {
  it.each([
    ['2027-03-01T12:00:00Z', '2027-03-01T12:00:00Z'],
    ['2027-03-01T12:00:00.250Z', '2027-03-01T12:00:00.250Z'],
    ['2027-03-01T14:00:00+02:00', '2027-03-01T12:00:00Z'],
    ['2027', undefined],
    ['', undefined],
    ['2027-13-45T00:00:00Z', undefined],
  ])('%s gives %s', (input, expected) => {
    expect(toUtcTimestamp(input)).toBe(expected);
  });
});

describe('mapBinding with a certificate', () => {
  it('adds the certificate of an https binding', () => {
    const raw = { protocol: 'https', binding_information: '*:443:shop.example.com', require_sni: 'true', certificate: FULL };
    const binding = mapBinding(raw, 0, 'shop', []);
    expect(binding?.certificate?.thumbprint).toBe('B7D2E4F60811A3C5E7092B4D6F8091A2B3C4D5E6');
    expect(binding?.sni).toBe(true);
  });

  it('leaves the certificate out when the service sent none', () => {
    const binding = mapBinding({ protocol: 'https', binding_information: '*:443:', require_sni: false }, 0, 'shop', []);
    expect(binding).not.toHaveProperty('certificate');
  });

  it('warns about a certificate that is not an object', () => {
    const warnings: string[] = [];
    const binding = mapBinding({ protocol: 'https', binding_information: '*:443:', certificate: 'x' }, 0, 'shop', warnings);
    expect(binding).not.toHaveProperty('certificate');
    expect(warnings).toEqual(['Site "shop" binding #1: field certificate is "x", not an object; it was ignored']);
  });
});

describe('parseSubjectAlternativeNames', () => {
  it.each<[unknown[], string[]]>([
    [['DNS Name=localhost', 'DNS Name=my-work-pc'], ['localhost', 'my-work-pc']],
    [['DNS Name=Shop.Example.com', 'dns name = shop.example.com'], ['shop.example.com']],
    [['IP Address=192.0.2.1', 'DNS Name=*.example.com'], ['*.example.com']],
    [['DNS Name=', 42, null, 'URL=https://example.com/'], []],
    [[], []],
  ])('%j gives %j', (entries, expected) => {
    expect(parseSubjectAlternativeNames(entries)).toEqual(expected);
  });
});
