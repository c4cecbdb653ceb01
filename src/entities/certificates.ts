import type { IisBinding, IisServerReading, IisSite } from '../iis/model';
import { ANNOTATION_CERTIFICATES, ANNOTATION_CERTIFICATE_EXPIRES, CERTIFICATES_NOT_VISIBLE_IN_FILE } from './annotations';
import { certificateCoversHost } from './certificateHosts';

export const TAG_CERTIFICATE_EXPIRING = 'certificate-expiring';
export const TAG_CERTIFICATE_EXPIRED = 'certificate-expired';
export const TAG_CERTIFICATE_HOST_MISMATCH = 'certificate-host-mismatch';

export const DEFAULT_CERTIFICATE_EXPIRY_WINDOW_MS = 30 * 86_400_000;

/** The certificate part of one binding object in `iis.net/bindings`. */
export interface BindingCertificateFields {
  certificate?: { subject?: string; issuer?: string; thumbprint?: string; validTo?: string };
  certificateHostMismatch?: true;
}

/** What a site's certificates add to its entity. */
export interface SiteCertificateFacts {
  /** One entry per binding, in binding order. */
  bindings: BindingCertificateFields[];
  annotations: Record<string, string>;
  tags: string[];
}

/**
 * Collects the certificate facts of one site. `now` is the run's time and `windowMs` the expiry
 * window. The tags depend on `now`, so `certificate-expiring` appears once, in the first run after
 * the certificate enters the window, and `certificate-expired` once, in the first run after it
 * expires; between those flips every run gives the same tags, and the annotation changes only
 * with a certificate.
 */
export function siteCertificateFacts(
  reading: IisServerReading,
  site: IisSite,
  now: Date,
  windowMs: number,
): SiteCertificateFacts {
  const facts: SiteCertificateFacts = { bindings: [], annotations: {}, tags: [] };
  if (reading.source === 'file') {
    // HTTP.sys stores the certificates, so a file reading contains nothing about them.
    if (site.bindings.some(binding => binding.protocol === 'https')) {
      facts.annotations[ANNOTATION_CERTIFICATES] = CERTIFICATES_NOT_VISIBLE_IN_FILE;
    }
    facts.bindings = site.bindings.map(() => ({}));
    return facts;
  }

  let earliest: string | undefined;
  let mismatch = false;
  facts.bindings = site.bindings.map(binding => {
    const certificate = binding.certificate;
    if (certificate === undefined) {
      return {};
    }
    const { subject, issuer, thumbprint, validTo } = certificate;
    const fields: BindingCertificateFields = { certificate: { subject, issuer, thumbprint, validTo } };
    if (validTo !== undefined && (earliest === undefined || Date.parse(validTo) < Date.parse(earliest))) {
      earliest = validTo;
    }
    if (certificateCoversHost(certificate, bindingHost(binding, reading.host)) === false) {
      fields.certificateHostMismatch = true;
      mismatch = true;
    }
    return fields;
  });

  if (earliest !== undefined) {
    facts.annotations[ANNOTATION_CERTIFICATE_EXPIRES] = earliest;
    const remainingMs = Date.parse(earliest) - now.getTime();
    if (remainingMs <= 0) {
      facts.tags.push(TAG_CERTIFICATE_EXPIRED);
    } else if (remainingMs <= windowMs) {
      facts.tags.push(TAG_CERTIFICATE_EXPIRING);
    }
  }
  if (mismatch) {
    facts.tags.push(TAG_CERTIFICATE_HOST_MISMATCH);
  }
  return facts;
}

/** The name a client uses for the binding: its host name, else the server's host. */
function bindingHost(binding: IisBinding, serverHost: string): string {
  return binding.host !== undefined && binding.host !== '' ? binding.host : serverHost;
}
