import fs from 'fs';
import { Config, readDurationFromConfig } from '@backstage/config';
import { IisConfigProblem } from './errors';
import { IisApiSourceConfig, IisWindowsAuthenticationConfig } from './types';
import { errorMessage, reportUnknownKeys, isPlainObject } from './validators';

export const DEFAULT_API_TIMEOUT_MS = 15_000;

const API_KEYS = ['url', 'accessToken', 'accessTokenFile', 'caFile', 'certificateFingerprint', 'timeout', 'readApplications', 'windowsAuthentication'];
const WINDOWS_AUTHENTICATION_KEYS = ['domain', 'username', 'password'];

/** Reads and validates a server's `api` block; returns undefined when a required key is unusable. */
export function readApiSource(key: string, parent: Config, problems: IisConfigProblem[]): IisApiSourceConfig | undefined {
  if (!isPlainObject(parent.getOptional('api'))) {
    problems.push({ key, message: 'must be an object with url and accessToken (or accessTokenFile)' });
    return undefined;
  }
  const config = parent.getConfig('api');
  reportUnknownKeys(key, config, API_KEYS, problems);

  const url = readApiUrl(`${key}.url`, config.getOptional('url'), problems);
  const token = readTokenSource(key, config, problems);
  const caFile = readCaFile(`${key}.caFile`, config, problems);
  const certificateFingerprint = readFingerprint(`${key}.certificateFingerprint`, config, problems);
  if (caFile && certificateFingerprint) {
    problems.push({ key, message: 'sets both caFile and certificateFingerprint: keep one way to trust the API certificate' });
  }
  const timeoutMs = readTimeout(`${key}.timeout`, config, problems);
  const readApplications = config.getOptional('readApplications');
  if (readApplications !== undefined && typeof readApplications !== 'boolean') {
    problems.push({ key: `${key}.readApplications`, message: `must be true or false, not ${JSON.stringify(readApplications)}` });
  }
  const windowsAuthentication = readWindowsAuthentication(`${key}.windowsAuthentication`, config, problems);

  if (!url || !token) {
    return undefined;
  }
  return {
    url,
    ...token,
    caFile,
    certificateFingerprint,
    timeoutMs,
    readApplications: readApplications !== false,
    windowsAuthentication,
  };
}

/**
 * Reads the optional `windowsAuthentication` block; all three keys are required when it is
 * present. Messages never quote the password.
 */
function readWindowsAuthentication(
  key: string,
  parent: Config,
  problems: IisConfigProblem[],
): IisWindowsAuthenticationConfig | undefined {
  const value = parent.getOptional('windowsAuthentication');
  if (value === undefined) {
    return undefined;
  }
  if (!isPlainObject(value)) {
    problems.push({ key, message: 'must be an object with domain, username and password, or be left out for token-only access' });
    return undefined;
  }
  const config = parent.getConfig('windowsAuthentication');
  reportUnknownKeys(key, config, WINDOWS_AUTHENTICATION_KEYS, problems);

  const domain = readAccountName(`${key}.domain`, config.getOptional('domain'), 'the Windows domain of the account, for example CORP', problems);
  const username = readAccountName(`${key}.username`, config.getOptional('username'), 'the account name without the domain, for example svc-backstage', problems);
  const password = config.getOptional('password');
  if (typeof password !== 'string' || password === '') {
    problems.push({
      key: `${key}.password`,
      message: 'is missing or empty: set it from an environment variable, for example password: ${IIS_WINDOWS_PASSWORD}, and check that the variable is set where Backstage runs',
    });
    return undefined;
  }
  if (domain === undefined || username === undefined) {
    return undefined;
  }
  return { domain, username, password };
}

function readAccountName(key: string, value: unknown, expected: string, problems: IisConfigProblem[]): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push({ key, message: `is missing or empty: set it to ${expected}` });
    return undefined;
  }
  if (/[\\/\x00-\x1f\x7f]/.test(value)) {
    problems.push({
      key,
      message: `"${value}" contains a backslash, a slash or a control character: give the domain and the user name separately, for example domain: CORP and username: svc-backstage`,
    });
    return undefined;
  }
  return value;
}

function readApiUrl(key: string, value: unknown, problems: IisConfigProblem[]): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push({ key, message: 'is missing: set it to the IIS Administration API address, for example https://web01.corp.example:55539' });
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push({ key, message: `"${value}" is not a valid URL: write it as https://<server>:55539` });
    return undefined;
  }
  if (url.protocol !== 'https:') {
    problems.push({ key, message: `"${value}" must use https, because the access token travels with every request; the API listens on https://<server>:55539 by default` });
    return undefined;
  }
  if (url.username || url.password) {
    problems.push({ key, message: 'must not contain a user name or password: put the token in accessToken instead' });
    return undefined;
  }
  if (url.search || url.hash) {
    problems.push({ key, message: `"${value}" must not have a query or fragment: give the base address only` });
    return undefined;
  }
  return value.replace(/\/+$/, '');
}

/**
 * Reads exactly one of `accessToken` and `accessTokenFile`. The file itself is read on every run
 * (a rotated token then takes effect without a restart), so only its path is checked here.
 */
function readTokenSource(
  key: string,
  config: Config,
  problems: IisConfigProblem[],
): { accessToken: string } | { accessTokenFile: string } | undefined {
  const hasToken = config.getOptional('accessToken') !== undefined;
  const fileValue = config.getOptional('accessTokenFile');
  if (hasToken && fileValue !== undefined) {
    problems.push({ key, message: 'sets both accessToken and accessTokenFile: keep one of them' });
    return undefined;
  }
  if (fileValue === undefined) {
    const accessToken = readAccessToken(`${key}.accessToken`, config.getOptional('accessToken'), problems);
    return accessToken === undefined ? undefined : { accessToken };
  }
  if (typeof fileValue !== 'string' || fileValue.trim() === '') {
    problems.push({
      key: `${key}.accessTokenFile`,
      message: 'is empty: set it to the path of a file that contains only the token, or use accessToken instead',
    });
    return undefined;
  }
  return { accessTokenFile: fileValue };
}

function readAccessToken(key: string, value: unknown, problems: IisConfigProblem[]): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push({
      key,
      message:
        'is missing or empty: set it, for example accessToken: ${IIS_WEB01_TOKEN}, and check that the environment variable is set where Backstage runs; ' +
        'or set accessTokenFile to the path of a file with the token',
    });
    return undefined;
  }
  // The token travels in an HTTP header, where spaces, control and non-ASCII characters are invalid.
  if (!/^[\x21-\x7e]+$/.test(value)) {
    problems.push({ key, message: 'contains spaces, control or non-ASCII characters: copy the token again without them' });
    return undefined;
  }
  return value;
}

function readCaFile(key: string, config: Config, problems: IisConfigProblem[]): string | undefined {
  const value = config.getOptional('caFile');
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push({ key, message: 'must be the path of a PEM file' });
    return undefined;
  }
  if (!fs.existsSync(value)) {
    problems.push({ key, message: `file "${value}" does not exist: give the path of the PEM file with the CA or the API's certificate` });
    return undefined;
  }
  let content: string;
  try {
    content = fs.readFileSync(value, 'utf8');
  } catch (error) {
    problems.push({ key, message: `file "${value}" could not be read (${errorMessage(error)}): check its permissions` });
    return undefined;
  }
  if (!content.includes('-----BEGIN CERTIFICATE-----')) {
    problems.push({ key, message: `file "${value}" contains no PEM certificate (a block starting with -----BEGIN CERTIFICATE-----): export the certificate as Base-64 encoded X.509` });
    return undefined;
  }
  return value;
}

function readFingerprint(key: string, config: Config, problems: IisConfigProblem[]): string | undefined {
  const value = config.getOptional('certificateFingerprint');
  if (value === undefined) {
    return undefined;
  }
  // Accepts openssl's output as it is: "sha256 Fingerprint=AB:CD:...".
  const hex = typeof value === 'string' ? value.replace(/^.*fingerprint=/i, '').replace(/[:\s]/g, '') : '';
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    problems.push({
      key,
      message: `${JSON.stringify(value)} is not a SHA-256 fingerprint: give 64 hex digits, with or without colons (openssl x509 -noout -fingerprint -sha256 -in cert.pem prints it)`,
    });
    return undefined;
  }
  return hex.toUpperCase().match(/../g)!.join(':');
}

function readTimeout(key: string, config: Config, problems: IisConfigProblem[]): number {
  if (!config.has('timeout')) {
    return DEFAULT_API_TIMEOUT_MS;
  }
  try {
    const duration = readDurationFromConfig(config, { key: 'timeout' });
    const ms =
      (duration.milliseconds ?? 0) +
      (duration.seconds ?? 0) * 1000 +
      (duration.minutes ?? 0) * 60_000 +
      (duration.hours ?? 0) * 3_600_000;
    if (ms <= 0) {
      throw new Error('the duration is zero');
    }
    return ms;
  } catch (error) {
    problems.push({ key, message: `is invalid (${errorMessage(error)}): write it as a duration, for example { seconds: 15 }` });
    return DEFAULT_API_TIMEOUT_MS;
  }
}
