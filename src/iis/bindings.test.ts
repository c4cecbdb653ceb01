import { describe, expect, it } from 'vitest';
import { isWildcardHost, parseBinding } from './bindings';
import { IisBinding } from './model';

type Case = [protocol: string, bindingInformation: string, sslFlags: number | string | undefined, expected: IisBinding];

/** Every example of the IIS binding forms, and every form found in the real applicationHost.config samples. */
const validCases: Case[] = [
  // http, https and ftp: <address>:<port>:<host>
  ['http', '*:80:', undefined, { protocol: 'http', bindingInformation: '*:80:', address: '*', port: 80, host: '' }],
  ['https', '192.0.2.10:443:shop.example.com', undefined, {
    protocol: 'https', bindingInformation: '192.0.2.10:443:shop.example.com',
    address: '192.0.2.10', port: 443, host: 'shop.example.com', sslFlags: 0, sni: false,
  }],
  ['http', ':8080:localhost', undefined, { protocol: 'http', bindingInformation: ':8080:localhost', address: '*', port: 8080, host: 'localhost' }],
  ['https', '[2001:db8::7]:443:', undefined, {
    protocol: 'https', bindingInformation: '[2001:db8::7]:443:', address: '2001:db8::7', port: 443, host: '', sslFlags: 0, sni: false,
  }],
  ['https', '*:443:*.example.com', undefined, {
    protocol: 'https', bindingInformation: '*:443:*.example.com', address: '*', port: 443, host: '*.example.com', sslFlags: 0, sni: false,
  }],
  ['http', ':8080:*', undefined, { protocol: 'http', bindingInformation: ':8080:*', address: '*', port: 8080, host: '*' }],
  ['https', ':443:localhost', undefined, {
    protocol: 'https', bindingInformation: ':443:localhost', address: '*', port: 443, host: 'localhost', sslFlags: 0, sni: false,
  }],
  ['https', ':44300:*', undefined, {
    protocol: 'https', bindingInformation: ':44300:*', address: '*', port: 44300, host: '*', sslFlags: 0, sni: false,
  }],
  ['https', '*:44300:localhost', '1', {
    protocol: 'https', bindingInformation: '*:44300:localhost', address: '*', port: 44300, host: 'localhost', sslFlags: 1, sni: true,
  }],
  ['https', '169.254.224.100:443:', '0', {
    protocol: 'https', bindingInformation: '169.254.224.100:443:', address: '169.254.224.100', port: 443, host: '', sslFlags: 0, sni: false,
  }],
  ['https', '*:443:*.cosoluce.fr', undefined, {
    protocol: 'https', bindingInformation: '*:443:*.cosoluce.fr', address: '*', port: 443, host: '*.cosoluce.fr', sslFlags: 0, sni: false,
  }],
  ['http', '169.254.224.100:80:www.tsharp.org', undefined, {
    protocol: 'http', bindingInformation: '169.254.224.100:80:www.tsharp.org', address: '169.254.224.100', port: 80, host: 'www.tsharp.org',
  }],
  ['http', '*:808:', undefined, { protocol: 'http', bindingInformation: '*:808:', address: '*', port: 808, host: '' }],
  ['ftp', '*:21:', undefined, { protocol: 'ftp', bindingInformation: '*:21:', address: '*', port: 21, host: '' }],
  ['ftp', '*:210:localhost', undefined, { protocol: 'ftp', bindingInformation: '*:210:localhost', address: '*', port: 210, host: 'localhost' }],
  ['http', '[::1]:65535:', undefined, { protocol: 'http', bindingInformation: '[::1]:65535:', address: '::1', port: 65535, host: '' }],
  ['http', '*:1:bücher.example', undefined, { protocol: 'http', bindingInformation: '*:1:bücher.example', address: '*', port: 1, host: 'bücher.example' }],

  // Protocol case is folded; sslFlags counts only for https and accepts numbers.
  ['HTTPS', '*:443:', 5, {
    protocol: 'https', bindingInformation: '*:443:', address: '*', port: 443, host: '', sslFlags: 5, sni: true,
  }],
  ['https', '*:443:', 4, {
    protocol: 'https', bindingInformation: '*:443:', address: '*', port: 443, host: '', sslFlags: 4, sni: false,
  }],
  ['Http', '*:80:', '1', { protocol: 'http', bindingInformation: '*:80:', address: '*', port: 80, host: '' }],

  // net.tcp: <port>:<host match>
  ['net.tcp', '808:*', undefined, { protocol: 'net.tcp', bindingInformation: '808:*', port: 808, host: '*' }],
  ['net.tcp', '808:svc.example.com', undefined, { protocol: 'net.tcp', bindingInformation: '808:svc.example.com', port: 808, host: 'svc.example.com' }],

  // net.pipe, net.msmq, msmq.formatname: a host name or *
  ['net.pipe', '*', undefined, { protocol: 'net.pipe', bindingInformation: '*', host: '*' }],
  ['net.pipe', 'localhost', undefined, { protocol: 'net.pipe', bindingInformation: 'localhost', host: 'localhost' }],
  ['net.msmq', 'localhost', undefined, { protocol: 'net.msmq', bindingInformation: 'localhost', host: 'localhost' }],
  ['net.msmq', '*', undefined, { protocol: 'net.msmq', bindingInformation: '*', host: '*' }],
  ['msmq.formatname', 'localhost', undefined, { protocol: 'msmq.formatname', bindingInformation: 'localhost', host: 'localhost' }],
  ['msmq.formatname', '*', undefined, { protocol: 'msmq.formatname', bindingInformation: '*', host: '*' }],

  // Unknown protocols keep the raw value only.
  ['gopher', '*:70:', undefined, { protocol: 'gopher', bindingInformation: '*:70:' }],
  ['', 'anything', undefined, { protocol: '', bindingInformation: 'anything' }],
];

/** Values that must not parse, with the words the problem must contain. */
const invalidCases: [protocol: string, bindingInformation: string, sslFlags: number | string | undefined, problem: string][] = [
  ['http', '', undefined, 'binding information "" is not in the form <address>:<port>:<host>'],
  ['http', '*:80', undefined, 'binding information "*:80" is not in the form <address>:<port>:<host>'],
  ['http', '*::', undefined, 'port "" is not a number from 1 to 65535'],
  ['http', '*:8o:', undefined, 'port "8o" is not a number from 1 to 65535'],
  ['http', '*:0:', undefined, 'port "0" is not a number from 1 to 65535'],
  ['http', '*:70000:', undefined, 'port "70000" is not a number from 1 to 65535'],
  ['http', '*:-80:', undefined, 'port "-80" is not a number from 1 to 65535'],
  ['http', '*: 80:', undefined, 'port " 80" is not a number from 1 to 65535'],
  ['http', '*:80 :', undefined, 'port "80 " is not a number from 1 to 65535'],
  ['https', '[2001:db8::7:443:', undefined, 'address "[2001:db8::7" has an unclosed bracket'],
  ['https', '[example]:443:', undefined, 'address "[example]" is not an IPv6 address in brackets'],
  ['https', '2001:db8::7:443:', undefined, 'IPv6 address "2001:db8::7" must be in brackets'],
  ['http', 'localhost:80:', undefined, 'address "localhost" is not an IPv4 address'],
  ['http', ' *:80:', undefined, 'address " *" is not an IPv4 address'],
  ['http', '*:80:my site', undefined, 'host "my site" contains a space or a control character'],
  ['http', '*:80:shop.example.com ', undefined, 'host "shop.example.com " contains a space'],
  ['http', '*:80:shop/example', undefined, 'host "shop/example" contains a character that is not allowed'],
  ['https', '*:443:www.*.example.com', undefined, 'host "www.*.example.com" has a "*" outside'],
  ['https', '*:443:*example.com', undefined, 'host "*example.com" has a "*" outside'],
  ['https', '*:443:*.*.example.com', undefined, 'host "*.*.example.com" has a "*" outside the left-most label'],
  ['https', '*:443:', 'abc', 'sslFlags "abc" is not a whole number'],
  ['https', '*:443:', '', 'sslFlags "" is not a whole number'],
  ['https', '*:443:', -1, 'sslFlags "-1" is not a whole number'],
  ['https', '*:443:', 1.5, 'sslFlags "1.5" is not a whole number'],
  ['https', '*:443:', '0x1', 'sslFlags "0x1" is not a whole number'],
  ['net.tcp', '*:808', undefined, 'port "*" is not a number from 1 to 65535'],
  ['net.tcp', '*', undefined, 'binding information "*" is not in the form <port>:<host>'],
  ['net.tcp', '808:', undefined, 'binding information "808:" has no host after the port'],
  ['net.tcp', '', undefined, 'binding information "" is not in the form <port>:<host>'],
  ['net.pipe', '*:80', undefined, 'binding information "*:80" is not a host name or "*"'],
  ['net.pipe', '', undefined, 'binding information "" is not a host name or "*"'],
  ['net.msmq', 'local host', undefined, 'host "local host" contains a space'],
];

describe('parseBinding', () => {
  it.each(validCases)('parses %s "%s" (sslFlags %s)', (protocol, bindingInformation, sslFlags, expected) => {
    expect(parseBinding(protocol, bindingInformation, sslFlags)).toStrictEqual(expected);
  });

  it.each(invalidCases)('reports %s "%s" (sslFlags %s) as a problem', (protocol, bindingInformation, sslFlags, problem) => {
    const binding = parseBinding(protocol, bindingInformation, sslFlags);

    expect(binding.protocol).toBe(protocol.toLowerCase());
    expect(binding.bindingInformation).toBe(bindingInformation);
    expect(binding.problem).toContain(problem);
    expect(binding.address).toBeUndefined();
    expect(binding.port).toBeUndefined();
    expect(binding.host).toBeUndefined();
    expect(binding.sslFlags).toBeUndefined();
    expect(binding.sni).toBeUndefined();
  });

  it('treats an empty and a * address as the same', () => {
    expect(parseBinding('https', ':443:').address).toBe(parseBinding('https', '*:443:').address);
  });

  it('keeps the raw value byte for byte', () => {
    expect(parseBinding('HTTP', '[2001:DB8::7]:80:Shop.Example.com').bindingInformation).toBe('[2001:DB8::7]:80:Shop.Example.com');
  });
});

describe('isWildcardHost', () => {
  it.each([
    ['*', true],
    ['*.example.com', true],
    ['', false],
    ['localhost', false],
    ['www.example.com', false],
  ])('returns for "%s" %s', (host, expected) => {
    expect(isWildcardHost(host)).toBe(expected);
  });
});
