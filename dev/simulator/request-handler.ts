import { createHash, timingSafeEqual } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { checkNtlm, NtlmConnections, rejectForKerberos } from './ntlm-auth';
import { bearerChallenge, methodNotAllowed, notFound, Problem, windowsAuthenticationChallenge } from './problem';
import { quoteScalars } from './render';
import { routeRequest } from './routes';
import type { SimulatedServer } from './state';

/**
 * Handling of one HTTP request for one simulated server: authentication first (Windows
 * authentication, then the access token), then the method, the route and the response.
 */

export interface RequestHandlingOptions {
  numbersAsStrings?: boolean;
  requireWindowsAuth?: boolean;
  /** SHA-256 digest of the access token, so tokens are compared in constant time. */
  tokenDigest: Buffer;
  /** NTLM state of every connection, for servers with `requireNtlm` or `kerberosOnly`. */
  ntlm: NtlmConnections;
}

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** A complete response, before it is sent. */
export interface SimulatedResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

/** Sends the response to one request. `server` is undefined when no server has the path prefix. */
export function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  server: SimulatedServer | undefined,
  options: RequestHandlingOptions,
): void {
  sendResponse(response, buildResponse(request, server, options));
}

/** Builds the response that the service would send to one request, without sending it. */
export function buildResponse(
  request: IncomingMessage,
  server: SimulatedServer | undefined,
  options: RequestHandlingOptions,
): SimulatedResponse {
  const url = new URL(request.url ?? '/', 'https://simulator.invalid');
  if (!server) {
    return problemResponse({
      status: 404,
      body: { title: 'Not found', detail: 'No simulated server has this path prefix.', status: 404 },
    });
  }

  // Everything after `/<host>`.
  const afterHost = url.pathname.indexOf('/', 1);
  const path = afterHost === -1 ? '' : url.pathname.slice(afterHost);
  if (!/^\/api(\/|$)/i.test(path)) {
    return problemResponse(notFound());
  }
  if (options.requireWindowsAuth) {
    return problemResponse(windowsAuthenticationChallenge());
  }
  if (server.options.kerberosOnly) {
    return problemResponse(rejectForKerberos(request, server.host, options.ntlm));
  }
  if (server.options.requireNtlm) {
    const challenge = checkNtlm(request, server.host, server.options.requireNtlm, options.ntlm);
    if (challenge !== undefined) {
      return problemResponse(challenge);
    }
  }
  if (!hasValidToken(request, options.tokenDigest)) {
    return problemResponse(bearerChallenge());
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return problemResponse(methodNotAllowed(request.method ?? ''));
  }

  const hal = acceptsHal(request);
  const result = routeRequest(server, { path, query: url.searchParams, hal });
  if (result.kind === 'problem') {
    return problemResponse(result.problem);
  }

  const body = options.numbersAsStrings ? quoteScalars(result.body) : result.body;
  const headers: Record<string, string> = {
    'Content-Type': hal ? 'application/hal+json; charset=utf-8' : 'application/json; charset=utf-8',
  };
  if (result.totalCount !== undefined) {
    headers['X-Total-Count'] = String(result.totalCount);
  }
  return { status: 200, headers, body: JSON.stringify(body) };
}

/**
 * Checks `Access-Token: Bearer <token>`. Like the service, the scheme is case-insensitive and
 * the token is trimmed. Digests are compared in constant time.
 */
function hasValidToken(request: IncomingMessage, tokenDigest: Buffer): boolean {
  const header = request.headers['access-token'];
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || !/^bearer /i.test(value)) {
    return false;
  }
  const token = value.slice('Bearer '.length).trim();
  return token !== '' && timingSafeEqual(sha256(token), tokenDigest);
}

/** Returns whether to add HAL links: the service does when `Accept` contains `hal` after its first character. */
function acceptsHal(request: IncomingMessage): boolean {
  const accept = request.headers.accept ?? '';
  return accept.toLowerCase().indexOf('hal') > 0;
}

export function problemResponse(problem: Problem): SimulatedResponse {
  const headers: Record<string, string | string[]> = {
    'Content-Type': 'application/problem+json',
    'Content-Language': 'en',
    ...problem.headers,
  };
  return { status: problem.status, headers, body: JSON.stringify(problem.body) };
}

export function sendProblem(response: ServerResponse, problem: Problem): void {
  sendResponse(response, problemResponse(problem));
}

/** Sends a response with its Content-Length. */
export function sendResponse(response: ServerResponse, simulated: SimulatedResponse): void {
  const bytes = Buffer.from(simulated.body, 'utf8');
  response.writeHead(simulated.status, { ...simulated.headers, 'Content-Length': String(bytes.length) });
  response.end(bytes);
}
