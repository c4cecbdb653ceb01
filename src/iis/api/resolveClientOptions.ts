import fs from 'node:fs';
import { invalidOptionError } from './failedRequest';
import { MAX_RETRIES, MAX_RETRY_DELAY_MS } from './retry';
import { CertificateTrust, normalizeFingerprint } from './tlsAgent';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_RETRIES,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  IisApiServerOptions,
} from './types';

/** Characters that no Windows domain or user name contains: control characters, and the separators of other forms. */
const INVALID_ACCOUNT_CHARACTERS = /[\x00-\x1f\x7f\\/]/;

/** Client options after validation, with defaults applied. The access token and the password are not part of it. */
export interface ResolvedClientOptions {
  host: string;
  /** Base URL without a trailing slash. */
  baseUrl: string;
  trust: CertificateTrust;
  timeoutMs: number;
  maxBodyBytes: number;
  readApplications: boolean;
  retries: number;
  retryBaseDelayMs: number;
  /** The Windows account for NTLMv2, without its password. */
  windowsAccount?: { domain: string; username: string };
}

/**
 * Validates the options and reads caFile. Throws IisApiError (kind `invalid-options`) with a
 * message that never contains the access token or the content of caFile.
 */
export function resolveClientOptions(options: IisApiServerOptions): ResolvedClientOptions {
  const host = typeof options.host === 'string' ? options.host : '';
  const reject = (problem: string) => invalidOptionError(host || '(no name)', String(options.url), problem);

  if (host.trim() === '') {
    throw reject('host is empty: give the name of the server in the catalog');
  }
  const baseUrl = resolveBaseUrl(options.url, reject);

  // A client without a token takes one per read (readServer's accessToken).
  if (options.accessToken !== undefined) {
    resolveAccessToken(host, baseUrl, options.accessToken);
  }

  return {
    host,
    baseUrl,
    trust: resolveTrust(options, reject),
    timeoutMs: resolvePositiveInteger('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS, reject),
    maxBodyBytes: resolvePositiveInteger('maxBodyBytes', options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES, reject),
    readApplications: options.readApplications ?? true,
    retries: resolveIntegerInRange('retries', options.retries, DEFAULT_RETRIES, MAX_RETRIES, reject),
    retryBaseDelayMs: resolveIntegerInRange(
      'retryBaseDelayMs',
      options.retryBaseDelayMs,
      DEFAULT_RETRY_BASE_DELAY_MS,
      MAX_RETRY_DELAY_MS,
      reject,
    ),
    windowsAccount: resolveWindowsAccount(options.windowsAuthentication, reject),
  };
}

/** Validates windowsAuthentication. Messages name the setting at fault and never show the password. */
function resolveWindowsAccount(
  value: IisApiServerOptions['windowsAuthentication'],
  reject: (problem: string) => Error,
): { domain: string; username: string } | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) {
    throw reject('windowsAuthentication must be an object with domain, username and password');
  }
  const { domain, username, password } = value;
  for (const [name, field] of [['domain', domain], ['username', username]] as const) {
    if (typeof field !== 'string' || field.trim() === '') {
      throw reject(`windowsAuthentication.${name} is empty: give the Windows ${name === 'domain' ? 'domain, for example CORP' : 'account name without the domain'}`);
    }
    if (INVALID_ACCOUNT_CHARACTERS.test(field)) {
      throw reject(
        `windowsAuthentication.${name} "${field}" contains a backslash, a slash or a control character; ` +
          'give the domain and the user name separately, for example domain CORP and username svc-backstage',
      );
    }
  }
  if (typeof password !== 'string' || password === '') {
    throw reject('windowsAuthentication.password is empty: set the password of the Windows account');
  }
  return { domain, username };
}

/**
 * Checks the token of one read and returns it. Throws IisApiError (kind `invalid-options`) when it
 * is missing or cannot travel in an HTTP header; the message never contains the token.
 */
export function resolveAccessToken(host: string, baseUrl: string, accessToken: unknown): string {
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw invalidOptionError(host, baseUrl, 'accessToken is empty: create a token on the Access Keys page of the API Explorer and set it');
  }
  // The token goes into an HTTP header, where spaces and control characters are not allowed.
  if (!/^[\x21-\x7e]+$/.test(accessToken)) {
    throw invalidOptionError(
      host,
      baseUrl,
      'accessToken contains spaces, control or non-ASCII characters; copy the token again without them',
    );
  }
  return accessToken;
}

function resolveBaseUrl(value: unknown, reject: (problem: string) => Error): string {
  if (typeof value !== 'string') {
    throw reject('url is missing: set it to the address of the API, for example https://web01.corp.example:55539');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw reject(`url "${value}" is not a valid URL; write it as https://<server>:55539`);
  }
  if (url.protocol !== 'https:') {
    throw reject(`url "${value}" must start with https://, because every request carries the access token`);
  }
  if (url.username !== '' || url.password !== '') {
    throw reject('url must not contain a user name or password; put the token in accessToken');
  }
  if (url.search !== '' || url.hash !== '') {
    throw reject(`url "${value}" must not have a query or a fragment; give the base address only`);
  }
  return url.href.replace(/\/+$/, '');
}

function resolveTrust(options: IisApiServerOptions, reject: (problem: string) => Error): CertificateTrust {
  const { caFile, certificateFingerprint } = options;
  if (caFile !== undefined && certificateFingerprint !== undefined) {
    throw reject('caFile and certificateFingerprint are both set; keep one way to trust the server certificate');
  }

  if (certificateFingerprint !== undefined) {
    const fingerprint = normalizeFingerprint(String(certificateFingerprint));
    if (fingerprint === undefined) {
      throw reject(
        `certificateFingerprint "${certificateFingerprint}" is not a SHA-256 fingerprint; give 64 hex digits, ` +
          'with or without colons (openssl x509 -noout -fingerprint -sha256 -in cert.pem prints it)',
      );
    }
    return { kind: 'fingerprint', fingerprint };
  }

  if (caFile !== undefined) {
    let caPem: string;
    try {
      caPem = fs.readFileSync(caFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      throw reject(`caFile "${caFile}" could not be read (${code}); give the path of a PEM file`);
    }
    if (!caPem.includes('-----BEGIN CERTIFICATE-----')) {
      throw reject(`caFile "${caFile}" contains no PEM certificate (a block starting with -----BEGIN CERTIFICATE-----)`);
    }
    return { kind: 'ca', caPem };
  }

  return { kind: 'system' };
}

function resolvePositiveInteger(
  name: string,
  value: number | undefined,
  fallback: number,
  reject: (problem: string) => Error,
): number {
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw reject(`${name} is ${String(value)}; give a whole number greater than 0`);
  }
  return value;
}

function resolveIntegerInRange(
  name: string,
  value: number | undefined,
  fallback: number,
  max: number,
  reject: (problem: string) => Error,
): number {
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw reject(`${name} is ${String(value)}; give a whole number from 0 to ${max}`);
  }
  return value;
}
