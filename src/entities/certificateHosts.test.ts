import { describe, expect, it } from 'vitest';
import type { IisCertificate } from '../iis/model';
import { certificateCoversHost, nameMatchesHost, subjectCommonName } from './certificateHosts';

describe('nameMatchesHost', () => {
  it.each<[string, string, boolean]>([
    ['shop.example.com', 'shop.example.com', true],
    ['*.example.com', 'shop.example.com', true],
    ['*.example.com', 'a.shop.example.com', false],
    ['*.example.com', 'example.com', false],
    ['*.campaigns.example.com', '*.campaigns.example.com', true],
    ['*.example.com', '*.campaigns.example.com', false],
    ['shop.example.com', 'www.shop.example.com', false],
  ])('%s against %s is %s', (name, host, expected) => {
    expect(nameMatchesHost(name, host)).toBe(expected);
  });
});

describe('certificateCoversHost', () => {
  const withNames = (names: string[] | undefined, subject = 'CN=fallback.example.com'): IisCertificate => ({
    subject,
    subjectAlternativeNames: names,
  });

  it.each<[string[] | undefined, string, boolean | undefined]>([
    [['shop.example.com'], 'SHOP.example.com', true],
    [['shop.example.com'], 'shop.example.com.', true],
    [['*.example.com'], 'Www.Example.com', true],
    [['static.example.com'], 'cdn.example.com', false],
    [[], 'fallback.example.com', true],
    [[], 'other.example.com', false],
    [undefined, 'other.example.com', undefined],
    [['shop.example.com'], '', undefined],
    [['shop.example.com'], '192.0.2.10', undefined],
    [['shop.example.com'], '2001:db8::7', undefined],
    [['shop.example.com'], '[2001:db8::7]', undefined],
  ])('names %j for host %j give %s', (names, host, expected) => {
    expect(certificateCoversHost(withNames(names), host)).toBe(expected);
  });

  it('finds no name without SANs and without a CN', () => {
    expect(certificateCoversHost(withNames([], 'O=Example'), 'shop.example.com')).toBe(false);
  });
});

describe('subjectCommonName', () => {
  it.each<[string, string | undefined]>([
    ['CN=shop.example.com, O=Example Shop', 'shop.example.com'],
    ['O=Example, CN=*.example.com', '*.example.com'],
    ['cn = "shop, inc.example.com"', 'shop, inc.example.com'],
    ['O=Example', undefined],
  ])('%s gives %s', (subject, expected) => {
    expect(subjectCommonName(subject)).toBe(expected);
  });
});
