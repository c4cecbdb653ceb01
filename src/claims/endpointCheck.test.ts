import { describe, expect, it } from 'vitest';
import type { Entity } from '@backstage/catalog-model';
import { parseBinding } from '../iis/bindings';
import { bindingUrl } from '../entities/links';
import { readDeclaredEndpoints } from './declaredEndpoints';
import { checkEndpoint, CheckedSite } from './endpointCheck';

const serverHost = 'web01.corp.example';

/** Builds a site with bindings as the demo farm's applicationHost.config files write them. */
function site(...bindings: Array<[string, string]>): CheckedSite {
  return {
    serverHost,
    siteName: 'Site',
    bindings: bindings.map(([protocol, information]) => {
      const binding = parseBinding(protocol, information, protocol === 'https' ? 0 : undefined);
      return { ...binding, url: bindingUrl(binding, serverHost) };
    }),
  };
}

function endpointFrom(url: string, kind: 'link' | 'annotation') {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: kind === 'link' ? { name: 'x', links: [{ url, title: 'L' }] } : { name: 'x', annotations: { 'iis.net/endpoint': url } },
  };
  const { endpoints } = readDeclaredEndpoints(entity);
  expect(endpoints).toHaveLength(1);
  return endpoints[0];
}

const shop = site(['http', '*:80:shop.example.com'], ['https', '*:443:shop.example.com'], ['https', '*:443:www.shop.example.com']);
const defaultSite = site(['http', '*:80:'], ['https', '*:443:']);
const addressOnly = site(['http', '192.0.2.21:80:shop.example.com'], ['https', '192.0.2.21:443:']);
const campaigns = site(['https', '*:443:*.campaigns.example.com']);
const netTcpOnly = site(['net.tcp', '808:*']);

describe('checkEndpoint', () => {
  it.each([
    ['https://shop.example.com/', shop],
    ['http://shop.example.com/cart?id=1', shop],
    ['https://www.shop.example.com:443/', shop],
    ['https://SHOP.example.com/', shop],
    ['http://web01.corp.example/', defaultSite],
    ['https://any-alias.corp.example/', defaultSite],
    ['https://192.0.2.21/', addressOnly],
    ['https://shop.example.com/', addressOnly],
    ['https://spring.campaigns.example.com/', campaigns],
  ])('accepts the annotation %s', (url, checked) => {
    expect(checkEndpoint(endpointFrom(url, 'annotation'), checked)).toBeUndefined();
  });

  it.each([
    ['http://shop.example.com:8080/', shop, 'has no http binding for shop.example.com on port 8080'],
    ['https://shop.example.com:8443/', shop, 'has no https binding for shop.example.com on port 8443'],
    ['https://api.example.com/', shop, 'has no https binding for api.example.com on port 443'],
    ['http://192.0.2.99/', addressOnly, 'has no http binding for 192.0.2.99 on port 80'],
    ['https://campaigns.example.com/', campaigns, 'has no https binding for campaigns.example.com'],
    ['https://web01.corp.example/', netTcpOnly, 'it has no http or https binding'],
  ])('reports the annotation %s', (url, checked, message) => {
    expect(checkEndpoint(endpointFrom(url, 'annotation'), checked)).toContain(message);
  });

  it('suggests the served URL with the same path', () => {
    const finding = checkEndpoint(endpointFrom('http://shop.example.com:8080/cart?id=1', 'annotation'), shop);

    expect(finding).toContain('Fix: change iis.net/endpoint to http://shop.example.com/cart?id=1');
    expect(finding).toContain('or add an http binding for shop.example.com on port 8080 to the site in IIS');
  });

  it('suggests the other protocol when it is the only one', () => {
    const finding = checkEndpoint(endpointFrom('http://cdn.example.com/', 'annotation'), site(['https', '*:443:cdn.example.com']));

    expect(finding).toContain('Fix: change iis.net/endpoint to https://cdn.example.com/');
  });

  it('lists the bindings when no host matches', () => {
    const finding = checkEndpoint(endpointFrom('https://api.example.com/', 'annotation'), shop);

    expect(finding).toContain('its bindings are http *:80:shop.example.com (http://shop.example.com/)');
    expect(finding).toContain('Fix: point iis.net/endpoint at one of the bindings above');
  });

  it.each([
    ['https://wiki.corp.example/shop', shop],
    ['https://other.corp.example/', defaultSite],
    ['https://example.com/', campaigns],
  ])('ignores the link %s to another host', (url, checked) => {
    expect(checkEndpoint(endpointFrom(url, 'link'), checked)).toBeUndefined();
  });

  it.each([
    ['http://shop.example.com:8080/', shop],
    ['http://web01.corp.example:8080/', defaultSite],
    ['http://192.0.2.21/', addressOnly],
  ])('reports the link %s to the site', (url, checked) => {
    expect(checkEndpoint(endpointFrom(url, 'link'), checked)).toContain('link "L" declares');
  });
});

describe('readDeclaredEndpoints', () => {
  it('skips links that are not http or https', () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x', links: [{ url: 'mailto:team@example.com' }, { url: 'slack://channel' }, { url: 'not a url' }] },
    };

    expect(readDeclaredEndpoints(entity)).toEqual({ endpoints: [], problems: [] });
  });

  it('reports an annotation value that is not a URL', () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x', annotations: { 'iis.net/endpoint': 'https://ok.example.com/, shop.example.com:443, net.tcp://x:808/' } },
    };
    const { endpoints, problems } = readDeclaredEndpoints(entity);

    expect(endpoints.map(endpoint => endpoint.url.href)).toEqual(['https://ok.example.com/']);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('iis.net/endpoint value "shop.example.com:443" is not an http or https URL');
  });
});
