import { isIP } from 'net';
import type { DeclaredEndpoint } from './declaredEndpoints';

/** One binding as the site Component's `iis.net/bindings` annotation lists it. */
export interface BindingFact {
  protocol: string;
  bindingInformation: string;
  address?: string;
  port?: number;
  host?: string;
  url?: string;
  problem?: string;
}

/** A claimed site with the facts the endpoint check uses. */
export interface CheckedSite {
  serverHost: string;
  siteName: string;
  bindings: BindingFact[];
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443 };

/**
 * Checks one declared endpoint against one claimed site. Returns the finding when no binding of
 * the site serves the endpoint's scheme, host and port, and undefined when one does or when the
 * endpoint is a link to another host, which declares nothing about this site.
 */
export function checkEndpoint(endpoint: DeclaredEndpoint, site: CheckedSite): string | undefined {
  const webBindings = site.bindings.filter(isWebBinding);
  if (endpoint.kind === 'link' && !webBindings.some(binding => namesSiteHost(binding, endpoint.host, site.serverHost))) {
    return undefined;
  }
  if (webBindings.some(binding => serves(binding, endpoint))) {
    return undefined;
  }

  const served =
    webBindings.length === 0
      ? 'it has no http or https binding'
      : `its bindings are ${webBindings.map(binding => describeBinding(binding)).join(', ')}`;
  return (
    `${endpoint.origin} declares ${endpoint.url.href}, but IIS site "${site.siteName}" on ${site.serverHost} ` +
    `has no ${endpoint.scheme} binding for ${endpoint.host} on port ${endpoint.port}: ${served}. ${suggestFix(endpoint, webBindings)}`
  );
}

function isWebBinding(binding: BindingFact): boolean {
  return (binding.protocol === 'http' || binding.protocol === 'https') && !binding.problem && binding.port !== undefined;
}

/** Returns whether a binding serves requests for the endpoint's scheme, host and port. */
function serves(binding: BindingFact, endpoint: DeclaredEndpoint): boolean {
  return binding.protocol === endpoint.scheme && binding.port === endpoint.port && acceptsHost(binding, endpoint.host);
}

/**
 * Returns whether a binding accepts requests for a host name. A binding without a host name serves any
 * name that resolves to its address, which this module cannot check, so only an IP literal is
 * compared with a specific address.
 */
function acceptsHost(binding: BindingFact, host: string): boolean {
  if (binding.host) {
    return matchesHostPattern(binding.host, host);
  }
  const address = (binding.address ?? '*').toLowerCase();
  return address === '*' || isIP(host) === 0 || address === host;
}

/**
 * Returns whether a link's host is one of the site's: a binding's host name, a binding's specific
 * address, or the server's own host for a binding on all addresses without a host name.
 */
function namesSiteHost(binding: BindingFact, host: string, serverHost: string): boolean {
  if (binding.host) {
    return matchesHostPattern(binding.host, host);
  }
  const address = (binding.address ?? '*').toLowerCase();
  return address === '*' ? host === serverHost.toLowerCase() : host === address;
}

/** Compares a host with a binding's host name, where IIS 10 allows `*.example.com` and `*`. */
function matchesHostPattern(pattern: string, host: string): boolean {
  const lower = pattern.toLowerCase();
  if (lower === '*') {
    return true;
  }
  if (lower.startsWith('*.')) {
    return host.endsWith(lower.slice(1));
  }
  return lower === host;
}

function describeBinding(binding: BindingFact): string {
  return binding.url ? `${binding.protocol} ${binding.bindingInformation} (${binding.url})` : `${binding.protocol} ${binding.bindingInformation}`;
}

/** Proposes the declared URL corrected to a binding for the same host, or the binding to add in IIS. */
function suggestFix(endpoint: DeclaredEndpoint, bindings: BindingFact[]): string {
  const addBinding = `add an ${endpoint.scheme} binding for ${endpoint.host} on port ${endpoint.port} to the site in IIS`;
  const sameHost = bindings.filter(binding => acceptsHost(binding, endpoint.host));
  const best = sameHost.find(binding => binding.protocol === endpoint.scheme) ?? sameHost[0];
  if (!best) {
    return `Fix: point ${endpoint.origin} at one of the bindings above, or ${addBinding}.`;
  }

  const corrected = new URL(endpoint.url.href);
  corrected.protocol = `${best.protocol}:`;
  corrected.port = best.port === DEFAULT_PORTS[best.protocol] ? '' : String(best.port);
  return `Fix: change ${endpoint.origin} to ${corrected.href}, or ${addBinding}.`;
}
