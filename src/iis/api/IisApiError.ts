/** Failure category, so callers can react without parsing the message. */
export type IisApiErrorKind =
  | 'invalid-options'
  | 'access-token'
  | 'windows-authentication'
  | 'forbidden'
  | 'iis-not-installed'
  | 'not-found'
  | 'redirect'
  | 'http-status'
  | 'html-body'
  | 'not-json'
  | 'invalid-json'
  | 'invalid-response'
  | 'timeout'
  | 'body-too-large'
  | 'connection'
  | 'dns'
  | 'tls'
  | 'certificate-fingerprint';

/**
 * A failed read from the IIS Administration API. The message names the server and the URL, states
 * what failed and what to change. It never contains the access token.
 */
export class IisApiError extends Error {
  readonly kind: IisApiErrorKind;
  /** The catalog name of the server. */
  readonly host: string;
  /** The request URL, or the configured base URL for option errors. */
  readonly url: string;
  /** The HTTP status, when the server sent a response. */
  readonly status?: number;

  constructor(message: string, details: { kind: IisApiErrorKind; host: string; url: string; status?: number }) {
    super(message);
    this.name = 'IisApiError';
    this.kind = details.kind;
    this.host = details.host;
    this.url = details.url;
    this.status = details.status;
  }
}
