import type { LoggerService } from '@backstage/backend-plugin-api';

/** How to reach one server's IIS Administration API. */
export interface IisApiServerOptions {
  /** The server's name in the catalog, copied into the reading and into error messages. */
  host: string;
  /** Base URL of the service, for example `https://web01.corp.example:55539`; requests go to `<url>/api/...`. */
  url: string;
  /** Token sent as `Access-Token: Bearer <token>`; never logged and never part of an error message. */
  accessToken: string;
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
}

/** The part of the Backstage logger that the client uses. */
export type IisApiLogger = Pick<LoggerService, 'debug' | 'warn'>;

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;
