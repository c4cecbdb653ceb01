import { isIP } from 'net';
import type { EntityLink } from '@backstage/catalog-model';
import { isWildcardHost } from '../iis/bindings';
import { IisBinding } from '../iis/model';

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443 };

/**
 * Builds the browsable URL of an http or https binding, or returns undefined when there is none.
 *
 * The URL host is the binding's host name; without one, the binding's specific address, and for
 * all unassigned addresses (`*`) the server's host. Wildcard hosts (`*.example.com`), the host
 * `localhost` and loopback addresses are not reachable by a catalog user, so they get no URL.
 */
export function bindingUrl(binding: IisBinding, serverHost: string): string | undefined {
  const defaultPort = DEFAULT_PORTS[binding.protocol];
  if (defaultPort === undefined || binding.problem || binding.port === undefined) {
    return undefined;
  }

  const host = urlHost(binding, serverHost);
  if (host === undefined) {
    return undefined;
  }
  const port = binding.port === defaultPort ? '' : `:${binding.port}`;
  return `${binding.protocol}://${host}${port}/`;
}

function urlHost(binding: IisBinding, serverHost: string): string | undefined {
  if (binding.host) {
    const host = binding.host.toLowerCase();
    return isWildcardHost(host) || host === 'localhost' ? undefined : host;
  }
  const address = binding.address ?? '*';
  if (address === '*') {
    return bracketIpv6(serverHost.toLowerCase());
  }
  if (isLoopback(address)) {
    return undefined;
  }
  return bracketIpv6(address.toLowerCase());
}

function bracketIpv6(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

function isLoopback(address: string): boolean {
  const ipv4 = address.toLowerCase().replace(/^::ffff:/, '');
  return ipv4.startsWith('127.') || address === '::1';
}

/** Builds one link per distinct browsable URL, in binding order. */
export function bindingLinks(bindings: IisBinding[], serverHost: string): EntityLink[] {
  const links: EntityLink[] = [];
  const seen = new Set<string>();
  for (const binding of bindings) {
    const url = bindingUrl(binding, serverHost);
    if (url && !seen.has(url)) {
      seen.add(url);
      links.push({ url, title: `${binding.protocol} ${binding.bindingInformation}`, icon: 'web', type: 'website' });
    }
  }
  return links;
}
