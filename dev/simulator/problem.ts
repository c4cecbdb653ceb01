import { randomBytes } from 'node:crypto';

/**
 * Error bodies (`application/problem+json`) in the shapes the IIS Administration API sends.
 */

export interface Problem {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string | string[]>;
}

/** Missing or wrong `Access-Token` (the service's bearer policy challenge). */
export function bearerChallenge(): Problem {
  return {
    status: 403,
    body: { title: 'Unauthorized', authentication_scheme: 'Bearer', status: 403 },
    headers: { 'WWW-Authenticate': 'Bearer' },
  };
}

/**
 * Windows authentication required. HTTP.sys on the real server adds the Negotiate and NTLM
 * challenges, which the simulator cannot complete.
 */
export function windowsAuthenticationChallenge(): Problem {
  return {
    status: 401,
    body: { title: 'Unauthorized', authentication_scheme: 'Negotiate,NTLM', status: 401 },
    headers: { 'WWW-Authenticate': ['Negotiate', 'NTLM'] },
  };
}

/** The service's own not-found error, naming the parameter that matched nothing. */
export function notFound(name?: string): Problem {
  const body: Record<string, unknown> = { title: 'Not found' };
  if (name !== undefined) {
    body.name = name;
  }
  body.status = 404;
  return { status: 404, body };
}

/**
 * The not-found body ASP.NET Core writes when a controller returns `NotFound()` without a
 * message, as the service does for `webapps` without `website.id`.
 */
// NOTE: inferred from the ASP.NET Core 6 `[ApiController]` defaults the service builds on; not
// observed on a live server.
export function aspNetNotFound(): Problem {
  const traceId = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`;
  return {
    status: 404,
    body: {
      type: 'https://tools.ietf.org/html/rfc7231#section-6.5.4',
      title: 'Not Found',
      status: 404,
      traceId,
    },
  };
}

export function methodNotAllowed(method: string): Problem {
  return {
    status: 405,
    body: { title: 'Not Allowed', message: `The simulator serves GET and HEAD only, not ${method}.`, status: 405 },
    headers: { Allow: 'GET, HEAD' },
  };
}
