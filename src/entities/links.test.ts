import { describe, expect, it } from 'vitest';
import { parseBinding } from '../iis/bindings';
import { bindingLinks, bindingUrl } from './links';

describe('bindingUrl', () => {
  it.each([
    ['http', '*:80:', 'http://web01.corp.example/'],
    ['http', ':8080:localhost', undefined],
    ['https', '*:44300:LocalHost', undefined],
    ['http', '[::ffff:127.0.0.1]:80:', undefined],
    ['https', '*:443:', 'https://web01.corp.example/'],
    ['https', '192.0.2.10:443:shop.example.com', 'https://shop.example.com/'],
    ['https', '192.0.2.10:443:', 'https://192.0.2.10/'],
    ['https', '[2001:db8::7]:443:', 'https://[2001:db8::7]/'],
    ['https', '[2001:db8::7]:8443:', 'https://[2001:db8::7]:8443/'],
    ['HTTPS', '*:443:Shop.Example.com', 'https://shop.example.com/'],
    ['http', '*:443:shop.example.com', 'http://shop.example.com:443/'],
    ['https', '*:80:shop.example.com', 'https://shop.example.com:80/'],
    ['https', '*:443:*.example.com', undefined],
    ['http', '*:80:*', undefined],
    ['http', '127.0.0.1:80:', undefined],
    ['http', '[::1]:80:', undefined],
    ['ftp', '*:21:', undefined],
    ['net.tcp', '808:*', undefined],
    ['http', '*:8o:', undefined],
  ])('%s %j gives %j', (protocol, information, expected) => {
    expect(bindingUrl(parseBinding(protocol, information), 'web01.corp.example')).toBe(expected);
  });

  it('brackets an IPv6 server host', () => {
    expect(bindingUrl(parseBinding('http', '*:80:'), '2001:db8::1')).toBe('http://[2001:db8::1]/');
  });
});

describe('bindingLinks', () => {
  it('gives one link per distinct URL in binding order', () => {
    const bindings = [
      parseBinding('https', '*:443:shop.example.com'),
      parseBinding('http', '*:80:shop.example.com'),
      parseBinding('http', ':80:shop.example.com'),
      parseBinding('net.tcp', '808:*'),
    ];
    expect(bindingLinks(bindings, 'web01').map(link => link.url)).toEqual([
      'https://shop.example.com/',
      'http://shop.example.com/',
    ]);
  });
});
