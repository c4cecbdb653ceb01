import type { LoggerService } from '@backstage/backend-plugin-api';

/** How to reach one server's IIS Administration API. */
export interface IisApiServerOptions {
  /** The server's name in the catalog, copied into the reading and into error messages. */
  host: string;
  /** Base URL of the service, for example `https://web01.corp.example:55539`; requests go to `<url>/api/...`. */
  url: string;
  /**
   * Token sent as `Access-Token: Bearer <token>`; never logged and never part of an error message.
   * When it is left out, every `readServer` call must pass one.
   */
  accessToken?: string;
  /** PEM file with the CA, or the self-signed certificate itself, that the server certificate must chain to. */
  caFile?: string;
  /**
   * SHA-256 fingerprint of the server certificate, hex with or without colons, in any case. The
   * client then accepts exactly that certificate, whatever its host names and validity dates.
   */
  certificateFingerprint?: string;
  /** Time limit per request, in milliseconds, including the response body. Default 15000. */
  timeoutMs?: number;
  /** Size limit per response body, in bytes. Default 20 MiB. */
  maxBodyBytes?: number;
  /** Whether to read every application of every site (one request per site). Default true. */
  readApplications?: boolean;
  /**
   * How many times a request is sent again after a transient failure (reset connection, HTTP 502,
   * 503 or 504), from 0 to 10. Default 2.
   */
  retries?: number;
  /**
   * Base of the exponential backoff between retries, in milliseconds: retry n waits a random time
   * between 0 and base * 2^(n-1), at most 30 s. From 0 to 30000; default 250.
   */
  retryBaseDelayMs?: number;
  /**
   * A Windows account for NTLMv2, for servers whose service requires Windows authentication
   * (its default). Each new connection then starts with an NTLM handshake. Kerberos is not
   * supported. The password is never logged and never part of an error message.
   */
  windowsAuthentication?: WindowsAuthenticationOptions;
}

/** A Windows account: `domain` is the NetBIOS or DNS domain name, `username` the name without the domain. */
export interface WindowsAuthenticationOptions {
  domain: string;
  username: string;
  password: string;
}

/** The part of the Backstage logger that the client uses. */
export type IisApiLogger = Pick<LoggerService, 'debug' | 'warn'>;

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;
export const DEFAULT_RETRIES = 2;
export const DEFAULT_RETRY_BASE_DELAY_MS = 250;
