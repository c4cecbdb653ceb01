import { isIP } from 'node:net';
import type { IisCertificate } from '../iis/model';

/**
 * Whether a certificate covers a host name, as a TLS client checks it: the DNS subject alternative
 * names, or the subject's CN when the certificate has none. A wildcard name (`*.example.com`)
 * covers exactly one left-most label. Names compare without case and without a trailing dot.
 *
 * Returns undefined when there is no verdict: the host is empty or an IP address (only DNS names
 * are read, not `IP Address` entries), or the certificate's names are unknown because reading it
 * failed.
 */
export function certificateCoversHost(certificate: IisCertificate, host: string): boolean | undefined {
  const wanted = normalizeName(host);
  if (wanted === '' || isIP(wanted.replace(/^\[|\]$/g, '')) !== 0) {
    return undefined;
  }
  const names = certificateNames(certificate);
  if (names === undefined) {
    return undefined;
  }
  return names.some(name => nameMatchesHost(name, wanted));
}

/** The DNS names a certificate is valid for; undefined when they are unknown. */
function certificateNames(certificate: IisCertificate): string[] | undefined {
  const { subjectAlternativeNames } = certificate;
  if (subjectAlternativeNames === undefined) {
    return undefined;
  }
  if (subjectAlternativeNames.length > 0) {
    return subjectAlternativeNames.map(normalizeName);
  }
  const commonName = subjectCommonName(certificate.subject ?? '');
  return commonName === undefined ? [] : [normalizeName(commonName)];
}

/** Returns the CN of a distinguished name such as `CN=shop.example.com, O=Example`, unquoted. */
export function subjectCommonName(subject: string): string | undefined {
  const match = /(?:^|[,;+])\s*CN\s*=\s*("(?:[^"]|"")*"|[^,;+]*)/i.exec(subject);
  if (!match) {
    return undefined;
  }
  const value = match[1].trim();
  return value.startsWith('"') ? value.slice(1, -1).replace(/""/g, '"') : value;
}

/**
 * Matches one certificate name against a host. A wildcard name matches a host with exactly one
 * more label on the left; a host that is itself a wildcard binding (`*.example.com`) matches only
 * the same wildcard name, because its left-most label can be any name.
 */
export function nameMatchesHost(name: string, host: string): boolean {
  if (name === host) {
    return true;
  }
  if (!name.startsWith('*.')) {
    return false;
  }
  const dot = host.indexOf('.');
  if (dot <= 0 || host.slice(0, dot) === '*') {
    return false;
  }
  return host.slice(dot + 1) === name.slice(2);
}

function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}
