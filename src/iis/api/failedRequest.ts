/**
 * Shared parts of the client's error messages. Each message names the server and the request
 * URL, states what failed and what to change. No builder receives the access token, and the http
 * layer removes the token from any server text before it reaches a builder.
 */

import { IisApiError } from './IisApiError';

/** The request that failed. */
export interface FailedRequest {
  /** Catalog name of the server. */
  host: string;
  /** Full request URL. */
  url: string;
  /** Configured base URL, where the API Explorer is served. */
  baseUrl: string;
  /** Subject of the read, for example `the websites`. */
  subject: string;
}

/** Maximum length of server text quoted in a message, in characters. */
const MAX_QUOTED_CHARS = 200;

export function failedPrefix(request: FailedRequest): string {
  return `Reading ${request.subject} of IIS server "${request.host}" from ${request.url} failed`;
}

/** Collapses whitespace and shortens server text so that it fits in one log line. */
export function quoteServerText(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_QUOTED_CHARS ? `${oneLine.slice(0, MAX_QUOTED_CHARS)}…` : oneLine;
}

/** Builds the error for unusable client options, before any request. */
export function invalidOptionError(host: string, url: string, problem: string): IisApiError {
  return new IisApiError(`IIS Administration API options for server "${host}" are invalid: ${problem}.`, {
    kind: 'invalid-options',
    host,
    url,
  });
}
