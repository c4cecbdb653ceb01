import type { IisBinding, IisSite } from '../../src/iis/model';
import { certificateId } from './ids';

/**
 * Server certificates of one simulated server. applicationHost.config holds no certificates
 * (HTTP.sys does), so they are given per server and attached to https bindings by site name and
 * binding information. A binding without one gets no `certificate` object, as when the service
 * cannot resolve the certificate.
 */
export interface SimulatedCertificate {
  /** Friendly name, `alias` in the API. */
  alias?: string;
  /** Subject distinguished name, for example `CN=shop.example.com`. */
  subject: string;
  /** Issuer distinguished name, `issued_by` in the API. */
  issuedBy: string;
  /** SHA-1 thumbprint, 40 hex digits. */
  thumbprint: string;
  /** ISO 8601 UTC. */
  validFrom?: string;
  /** ISO 8601 UTC. */
  validTo: string;
  /** DNS names of the subject alternative name extension. */
  dnsNames: string[];
  /** The https bindings that present this certificate. */
  bindings: Array<{ site: string; bindingInformation: string }>;
}

export type JsonObject = { [key: string]: unknown };

/** Throws an error naming the server and the certificate for a definition the simulator cannot serve. */
export function validateCertificates(host: string, certificates: SimulatedCertificate[]): void {
  certificates.forEach((certificate, index) => {
    const label = `Certificate #${index + 1} of simulated server "${host}"`;
    if (!/^[0-9A-Fa-f]{40}$/.test(String(certificate.thumbprint))) {
      throw new Error(`${label}: thumbprint must be 40 hex digits (a SHA-1 thumbprint).`);
    }
    if (Number.isNaN(Date.parse(String(certificate.validTo)))) {
      throw new Error(`${label}: validTo "${String(certificate.validTo)}" is not an ISO 8601 date.`);
    }
    if (!Array.isArray(certificate.dnsNames) || !Array.isArray(certificate.bindings)) {
      throw new Error(`${label}: dnsNames and bindings must be lists.`);
    }
  });
}

/** Indexes the certificates by the opaque id the API hands out for them. */
export function indexCertificates(host: string, certificates: SimulatedCertificate[]): Map<string, SimulatedCertificate> {
  return new Map(certificates.map(certificate => [certificateId(host, certificate.thumbprint), certificate]));
}

/** The certificate an https binding of `site` presents; site names compare without case, as in IIS. */
export function certificateOfBinding(
  certificates: SimulatedCertificate[],
  site: IisSite,
  binding: IisBinding,
): SimulatedCertificate | undefined {
  const siteName = site.name.toLowerCase();
  return certificates.find(certificate =>
    certificate.bindings.some(
      target => target.site.toLowerCase() === siteName && target.bindingInformation === binding.bindingInformation,
    ),
  );
}

/** The `certificate` object of a binding, with the fields and order the service sends. */
export function renderCertificateReference(host: string, certificate: SimulatedCertificate): JsonObject {
  return {
    alias: certificate.alias ?? '',
    id: certificateId(host, certificate.thumbprint),
    issued_by: certificate.issuedBy,
    subject: certificate.subject,
    thumbprint: certificate.thumbprint.toUpperCase(),
    valid_to: certificate.validTo,
  };
}

/** `GET /api/certificates/{id}`: the full certificate, SANs formatted as Windows formats them. */
export function renderCertificate(host: string, certificate: SimulatedCertificate): JsonObject {
  const validFrom = certificate.validFrom ?? new Date(Date.parse(certificate.validTo) - 365 * 86_400_000).toISOString();
  return {
    alias: certificate.alias ?? '',
    id: certificateId(host, certificate.thumbprint),
    issued_by: certificate.issuedBy,
    subject: certificate.subject,
    thumbprint: certificate.thumbprint.toUpperCase(),
    signature_algorithm: 'sha256RSA',
    valid_from: validFrom,
    valid_to: certificate.validTo,
    version: 3,
    intended_purposes: ['Server Authentication'],
    private_key: { exportable: false },
    subject_alternative_names: certificate.dnsNames.map(name => `DNS Name=${name}`),
    store: { name: 'My', id: certificateId(host, 'store:My') },
  };
}
