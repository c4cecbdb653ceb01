import { createHmac } from 'node:crypto';

/**
 * Opaque resource ids. The IIS Administration API encrypts a resource's key (site number, pool
 * name, site number and application path) with a key made at installation, so an id is stable
 * for one installation and means nothing elsewhere. The simulator keys an HMAC with the server's
 * host name for the same effect: stable per server, different between servers, and not decodable.
 */

const ID_BYTES = 24;

function opaqueId(host: string, purpose: string, value: string): string {
  return createHmac('sha256', `iis-simulator:${host.toLowerCase()}`)
    .update(`${purpose}\n${value}`)
    .digest()
    .subarray(0, ID_BYTES)
    .toString('base64url');
}

export function siteId(host: string, siteKey: number): string {
  return opaqueId(host, 'WebServer.Site', String(siteKey));
}

export function appPoolId(host: string, poolName: string): string {
  return opaqueId(host, 'WebServer.AppPool', poolName);
}

export function webAppId(host: string, siteKey: number, path: string): string {
  return opaqueId(host, 'WebServer.Application', `${siteKey}\n${path}`);
}

/** A certificate's id; the service derives it from the certificate and its store. */
export function certificateId(host: string, thumbprint: string): string {
  return opaqueId(host, 'Certificates.Certificate', thumbprint.toUpperCase());
}
