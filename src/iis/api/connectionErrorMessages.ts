import { IisApiError } from './IisApiError';
import { FailedRequest, failedPrefix, quoteServerText } from './failedRequest';

/** Messages for requests that got no usable HTTP response: time limits, size limits, network and TLS. */

const UNTRUSTED_CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
]);
const EXPIRED_CERTIFICATE_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);
const UNREACHABLE_CODES = new Set(['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA']);

export function timeoutError(request: FailedRequest, timeoutMs: number): IisApiError {
  return new IisApiError(
    `${failedPrefix(request)}: no complete response within ${timeoutMs} ms. Check that the server is ` +
      'reachable and the IIS Administration service responds, or raise api.timeout for this server.',
    { kind: 'timeout', host: request.host, url: request.url },
  );
}

export function bodyTooLargeError(request: FailedRequest, status: number | undefined, maxBodyBytes: number): IisApiError {
  return new IisApiError(
    `${failedPrefix(request)}: the response is larger than the limit of ${maxBodyBytes} bytes. ` +
      'Check that the url points at the IIS Administration API and not at a proxy or another service.',
    { kind: 'body-too-large', host: request.host, url: request.url, status },
  );
}

/** Expected and presented SHA-256 fingerprints, upper-case hex with colons. */
export interface FingerprintMismatch {
  expected: string;
  presented: string;
}

export function fingerprintMismatchError(request: FailedRequest, mismatch: FingerprintMismatch): IisApiError {
  return new IisApiError(
    `${failedPrefix(request)}: the server certificate has the SHA-256 fingerprint ${mismatch.presented}, ` +
      `but certificateFingerprint expects ${mismatch.expected}. Nothing was sent. If the certificate of the ` +
      'IIS Administration service was renewed, set certificateFingerprint to the new value; otherwise check ' +
      'that url points to the right server.',
    { kind: 'certificate-fingerprint', host: request.host, url: request.url },
  );
}

/**
 * Builds the error for a request that got no HTTP response: refused or reset connections, DNS
 * and TLS failures. `code` is the Node.js error code and `reason` the underlying message.
 */
export function connectionError(request: FailedRequest, code: string | undefined, reason: string): IisApiError {
  const prefix = failedPrefix(request);
  const target = new URL(request.url);
  const address = `${target.hostname}:${target.port || '443'}`;
  const because = quoteServerText(reason);
  const details = { host: request.host, url: request.url };

  if (code === 'ECONNREFUSED') {
    return new IisApiError(
      `${prefix}: ${address} refused the connection. Check that the IIS Administration service runs on the ` +
        'server and listens on this port (55539 by default), and that no firewall blocks it.',
      { ...details, kind: 'refused' },
    );
  }
  if (code !== undefined && RESET_CODES.has(code)) {
    return new IisApiError(
      `${prefix}: the connection to ${address} was closed before the response was complete (${because}). ` +
        'Check the log of the IIS Administration service and any proxy or firewall between.',
      { ...details, kind: 'reset' },
    );
  }
  if (code !== undefined && UNREACHABLE_CODES.has(code)) {
    return new IisApiError(
      `${prefix}: ${address} is unreachable (${because}). Check the address in url and the network path ` +
        'from Backstage to the server.',
      { ...details, kind: 'connection' },
    );
  }
  if (code !== undefined && DNS_CODES.has(code)) {
    return new IisApiError(
      `${prefix}: the host name "${target.hostname}" could not be resolved (${code}). Check the host name in ` +
        'url and the DNS configuration where Backstage runs.',
      { ...details, kind: 'dns' },
    );
  }
  if (code !== undefined && UNTRUSTED_CERTIFICATE_CODES.has(code)) {
    return new IisApiError(
      `${prefix}: the server certificate is not trusted (${code}). Set caFile to a PEM file with the CA or ` +
        "with the service's self-signed certificate, or set certificateFingerprint to the certificate's " +
        `SHA-256 fingerprint (openssl s_client -connect ${address} </dev/null | openssl x509 -noout ` +
        '-fingerprint -sha256 prints it).',
      { ...details, kind: 'tls' },
    );
  }
  if (code !== undefined && EXPIRED_CERTIFICATE_CODES.has(code)) {
    return new IisApiError(
      `${prefix}: the server certificate is outside its validity period (${code}). Renew the certificate of ` +
        'the IIS Administration service; the one that setup creates is valid for two years.',
      { ...details, kind: 'tls' },
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new IisApiError(
      `${prefix}: the server certificate is not issued for "${target.hostname}" (${because}). Use a host name ` +
        'that the certificate names in url, or set certificateFingerprint to accept exactly this certificate.',
      { ...details, kind: 'tls' },
    );
  }
  if (code !== undefined && (code === 'EPROTO' || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'))) {
    return new IisApiError(
      `${prefix}: the TLS handshake with ${address} failed (${because}). Check that url points to the HTTPS ` +
        'port of the IIS Administration service.',
      { ...details, kind: 'tls' },
    );
  }
  return new IisApiError(
    `${prefix}: ${because}. Check the address in url and the network path from Backstage to the server.`,
    { ...details, kind: 'connection' },
  );
}

