import { IisApiError } from './IisApiError';
import { FailedRequest, failedPrefix, quoteServerText } from './failedRequest';
import { windowsAuthenticationNotConfiguredFix } from './ntlm/ntlmErrorMessages';

/** Messages for requests that got an HTTP response the client cannot use. */

/** Fields of an `application/problem+json` body that the messages use. */
export interface ProblemDetails {
  title?: string;
  detail?: string;
  authenticationScheme?: string;
}

/** Parses a problem+json body; returns an empty object for anything else. */
export function parseProblemDetails(bodyText: string): ProblemDetails {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return {};
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {};
  }
  const record = body as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    title: text(record.title),
    detail: text(record.detail),
    authenticationScheme: text(record.authentication_scheme),
  };
}

function describeProblem(status: number, problem: ProblemDetails): string {
  const parts = [problem.title, problem.detail].filter((part): part is string => part !== undefined);
  const text = parts.length > 0 ? `: ${quoteServerText(parts.join(': '))}` : '';
  return `HTTP ${status}${text}`;
}

function mentionsWindowsAuthentication(value: string | undefined): boolean {
  return value !== undefined && /\b(negotiate|ntlm)\b/i.test(value);
}

function mentionsBearer(value: string | undefined): boolean {
  return value !== undefined && /\bbearer\b/i.test(value);
}

/**
 * Builds the error for a response whose status is not 200. `client.windowsAuthentication` is
 * true when api.windowsAuthentication is set, which changes the fix for a 401 that requests
 * Windows authentication.
 */
export function httpStatusError(
  request: FailedRequest,
  status: number,
  headers: { wwwAuthenticate?: string; location?: string },
  bodyText: string,
  client: { windowsAuthentication: boolean } = { windowsAuthentication: false },
): IisApiError {
  const problem = parseProblemDetails(bodyText);
  const scheme = problem.authenticationScheme ?? headers.wwwAuthenticate;
  const prefix = failedPrefix(request);
  const details = { host: request.host, url: request.url, status };

  if (status === 401 && mentionsWindowsAuthentication(scheme) && !client.windowsAuthentication) {
    return new IisApiError(
      `${prefix}: HTTP 401, the service requires Windows authentication (${quoteServerText(scheme ?? '')}), ` +
        `and api.windowsAuthentication is not set for this server. ${windowsAuthenticationNotConfiguredFix()}`,
      { ...details, kind: 'windows-authentication' },
    );
  }

  if (status === 401 && mentionsWindowsAuthentication(scheme)) {
    // With NTLM configured, a 401 ends here only when it offered no NTLM or Negotiate challenge.
    return new IisApiError(
      `${prefix}: HTTP 401, the service requires Windows authentication (${quoteServerText(scheme ?? '')}) but ` +
        'sent no NTLM or Negotiate challenge in WWW-Authenticate, so the NTLM handshake could not start. Check ' +
        'that url points to the IIS Administration API directly, not through a proxy that removes the header.',
      { ...details, kind: 'windows-authentication' },
    );
  }

  const noSchemeGiven = scheme === undefined && problem.title === undefined && problem.detail === undefined;
  if ((status === 401 || status === 403) && (mentionsBearer(scheme) || noSchemeGiven)) {
    return new IisApiError(
      `${prefix}: HTTP ${status}, the access token is missing, invalid or expired. Create a token on the ` +
        `Access Keys page of the API Explorer at ${request.baseUrl} and set it as accessToken for this server.`,
      { ...details, kind: 'access-token' },
    );
  }

  if (status === 401 || status === 403) {
    return new IisApiError(
      `${prefix}: ${describeProblem(status, problem)}. Check that the access token is valid and that ` +
        'security.access_policy.api in the appsettings.json of the IIS Administration service admits ' +
        'token-only requests (users: "Everyone").',
      { ...details, kind: 'forbidden' },
    );
  }

  if (status === 404 && /iis feature not installed/i.test(problem.detail ?? problem.title ?? '')) {
    return new IisApiError(
      `${prefix}: HTTP 404, IIS is not installed on the server ("${quoteServerText(problem.detail ?? problem.title ?? '')}"). ` +
        'Install the Web Server (IIS) role on it, or remove this server from the configuration.',
      { ...details, kind: 'iis-not-installed' },
    );
  }

  if (status === 404) {
    return new IisApiError(
      `${prefix}: ${describeProblem(status, problem)}. Check that url is the base address of the IIS ` +
        'Administration API, such as https://<server>:55539, without /api at the end.',
      { ...details, kind: 'not-found' },
    );
  }

  if (status >= 300 && status < 400) {
    const target = headers.location ? ` to ${quoteServerText(headers.location)}` : '';
    return new IisApiError(
      `${prefix}: HTTP ${status} redirect${target}. The client follows no redirects, so that the access token ` +
        'never goes to another address. Set url to the address where the service answers directly.',
      { ...details, kind: 'redirect' },
    );
  }

  if (status === 502 || status === 504) {
    return new IisApiError(
      `${prefix}: ${describeProblem(status, problem)}. A gateway or proxy between Backstage and the server ` +
        'got no valid response from the IIS Administration service; check that the service runs, and the ' +
        'proxy configuration.',
      { ...details, kind: 'http-5xx' },
    );
  }

  if (status === 503) {
    return new IisApiError(
      `${prefix}: ${describeProblem(status, problem)}. The IIS Administration service is unavailable (stopped, ` +
        'starting or overloaded); check that it runs on the server and check its log.',
      { ...details, kind: 'http-5xx' },
    );
  }

  if (status >= 500) {
    return new IisApiError(
      `${prefix}: ${describeProblem(status, problem)}. The service failed on the server; check the log of ` +
        'the IIS Administration service there.',
      { ...details, kind: 'http-5xx' },
    );
  }

  return new IisApiError(
    `${prefix}: unexpected ${describeProblem(status, problem)}. Check that url points to the IIS Administration API.`,
    { ...details, kind: 'http-status' },
  );
}

/** Builds the error for a 200 response whose body is HTML, not JSON at all, or JSON that does not parse. */
export function unreadableBodyError(
  request: FailedRequest,
  status: number,
  contentType: string,
  bodyText: string,
  parseError: string,
): IisApiError {
  const prefix = failedPrefix(request);
  const details = { host: request.host, url: request.url, status };
  const start = bodyText.trimStart();

  if (/html/i.test(contentType) || /^<(!doctype|html|head|body)\b/i.test(start)) {
    return new IisApiError(
      `${prefix}: the response is an HTML page, not JSON. The url probably points to a web site or a proxy ` +
        'instead of the IIS Administration API, which listens on port 55539 by default.',
      { ...details, kind: 'html-body' },
    );
  }

  if (!/json/i.test(contentType) && !/^[[{]/.test(start)) {
    const type = contentType === '' ? 'no content type' : `content type "${quoteServerText(contentType)}"`;
    return new IisApiError(
      `${prefix}: the response is not JSON (${type}, starting with "${quoteServerText(start.slice(0, 40))}"). ` +
        'Check that url points to the IIS Administration API.',
      { ...details, kind: 'not-json' },
    );
  }

  return new IisApiError(
    `${prefix}: the response is not valid JSON (${quoteServerText(parseError)}), so it was cut off or is ` +
      'malformed. Retry; if it persists, check the service and any proxy between.',
    { ...details, kind: 'invalid-json' },
  );
}

/** Builds the error for valid JSON that lacks what the client needs. */
export function invalidResponseError(request: FailedRequest, problem: string): IisApiError {
  return new IisApiError(
    `${failedPrefix(request)}: ${problem}. Check that url points to the IIS Administration API.`,
    { kind: 'invalid-response', host: request.host, url: request.url, status: 200 },
  );
}

