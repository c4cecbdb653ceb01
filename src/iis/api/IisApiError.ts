/**
 * Every failure category, so callers can react without parsing the message. The values are
 * stable: callers store them (for example in an entity annotation), so a value is never renamed,
 * and new cases get new values.
 */
export const IIS_API_ERROR_KINDS = [
  'invalid-options',
  'access-token',
  'windows-authentication',
  'forbidden',
  'iis-not-installed',
  'not-found',
  'redirect',
  /** A 5xx response: the service failed, or a gateway between got no valid response from it. */
  'http-5xx',
  /** Any other status the client cannot use. */
  'http-status',
  'html-body',
  'not-json',
  'invalid-json',
  'invalid-response',
  'timeout',
  'body-too-large',
  /** The server's address refused the TCP connection. */
  'refused',
  /** The connection closed before the response was complete. */
  'reset',
  /** Another network failure, such as an unreachable address. */
  'connection',
  'dns',
  'tls',
  'certificate-fingerprint',
  /** The caller aborted the read through its AbortSignal. */
  'cancelled',
] as const;

export type IisApiErrorKind = (typeof IIS_API_ERROR_KINDS)[number];

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
