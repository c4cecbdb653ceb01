import { describe, expect, it } from 'vitest';
import { formatSiteClaim, parseSiteClaims } from './claimSyntax';

describe('parseSiteClaims', () => {
  it.each([
    ['web01.corp.example/Default Web Site', [{ host: 'web01.corp.example', site: 'Default Web Site' }]],
    ['  web01.corp.example/Shop  ', [{ host: 'web01.corp.example', site: 'Shop' }]],
    ['web01/Shop, web02/Shop', [{ host: 'web01', site: 'Shop' }, { host: 'web02', site: 'Shop' }]],
    ['web01/Reports/2019', [{ host: 'web01', site: 'Reports/2019' }]],
    ['web01/Legacy%2C Reports', [{ host: 'web01', site: 'Legacy, Reports' }]],
    ['web01/100%25 uptime', [{ host: 'web01', site: '100% uptime' }]],
    ['web01/%20padded%20', [{ host: 'web01', site: ' padded ' }]],
    ['web01/Marketing (campaigns)', [{ host: 'web01', site: 'Marketing (campaigns)' }]],
    ['web01/Shop,,', [{ host: 'web01', site: 'Shop' }]],
    ['web01/Shop, WEB01/Shop', [{ host: 'web01', site: 'Shop' }]],
    ['web01/Shop, web01/shop', [{ host: 'web01', site: 'Shop' }, { host: 'web01', site: 'shop' }]],
    ['192.0.2.10/Shop', [{ host: '192.0.2.10', site: 'Shop' }]],
  ])('reads %j', (value, claims) => {
    const parsed = parseSiteClaims(value);

    expect(parsed.problems).toEqual([]);
    expect(parsed.claims).toEqual(claims);
  });

  it.each([
    ['', 'iis.net/site is empty'],
    [' , ', 'iis.net/site is empty'],
    ['web01', 'item "web01" has no site name'],
    ['/Shop', 'has no server host before the "/"'],
    ['web01/', 'has no site name after the "/"'],
    ['web 01/Shop', '"web 01" is not a host name'],
    ['web01/100% uptime', 'has an invalid percent escape'],
    ['web01/bad%FF', 'has an invalid percent escape'],
  ])('rejects %j', (value, message) => {
    const parsed = parseSiteClaims(value);

    expect(parsed.claims).toEqual([]);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toContain(message);
  });

  it('keeps valid items beside a bad one', () => {
    const parsed = parseSiteClaims('web01/Shop, web02');

    expect(parsed.claims).toEqual([{ host: 'web01', site: 'Shop' }]);
    expect(parsed.problems).toHaveLength(1);
  });
});

describe('formatSiteClaim', () => {
  it.each(['Default Web Site', 'Legacy, Reports/2019', '100% uptime', ' padded ', 'a%2Cb'])('round-trips %j', site => {
    const written = formatSiteClaim({ host: 'web01.corp.example', site });

    expect(parseSiteClaims(written).claims).toEqual([{ host: 'web01.corp.example', site }]);
  });

  it('escapes only what the syntax needs', () => {
    expect(formatSiteClaim({ host: 'web01', site: 'Legacy, Reports/2019' })).toBe('web01/Legacy%2C Reports/2019');
  });
});
