import { IisApiError } from '../IisApiError';
import { FailedRequest, failedPrefix, quoteServerText } from '../failedRequest';

/**
 * Messages for failed NTLM handshakes. They name the account as DOMAIN\username, which is not
 * secret, and never receive the password.
 */

const TOKEN_ONLY_FIX =
  'in the appsettings.json of the IIS Administration service, set security.require_windows_authentication ' +
  'to false and security.access_policy.api.users to "Everyone", then restart the service';

export function credentialsRejectedError(request: FailedRequest, account: string, scheme: string): IisApiError {
  return new IisApiError(
    `${failedPrefix(request)}: HTTP 401, the server rejected the Windows account ${account} in the NTLMv2 ` +
      `handshake (${scheme}). Check domain, username and password under api.windowsAuthentication for this ` +
      'server, that the account is not locked out, and that security.access_policy.api.users in the ' +
      "service's appsettings.json admits it.",
    { kind: 'windows-authentication', host: request.host, url: request.url, status: 401 },
  );
}

export function kerberosOnlyError(request: FailedRequest): IisApiError {
  return new IisApiError(
    `${failedPrefix(request)}: HTTP 401, the server offers Windows authentication only as Negotiate without ` +
      'NTLM, which means Kerberos. Kerberos is not supported: api.windowsAuthentication does NTLMv2 only. ' +
      `Allow NTLM for the service on the server, or allow token-only access: ${TOKEN_ONLY_FIX}.`,
    { kind: 'windows-authentication', host: request.host, url: request.url, status: 401 },
  );
}

/** Builds the error for a server that broke the NTLM protocol, for example with a malformed CHALLENGE. */
export function ntlmProtocolError(request: FailedRequest, problem: string): IisApiError {
  return new IisApiError(
    `${failedPrefix(request)}: the NTLM handshake failed because ${quoteServerText(problem)}. Check that url ` +
      'points to the IIS Administration API directly, not through a proxy that handles authentication itself.',
    { kind: 'windows-authentication', host: request.host, url: request.url, status: 401 },
  );
}

/**
 * Builds the error for a handshake whose AUTHENTICATE message went over a new connection because
 * the server closed the one that received the CHALLENGE. The kind `reset` makes the request
 * eligible for a retry, which starts a new handshake.
 */
export function handshakeConnectionLostError(request: FailedRequest): IisApiError {
  return new IisApiError(
    `${failedPrefix(request)}: the server closed the connection in the middle of the NTLM handshake, which ` +
      'must finish on one connection. Check for a proxy or load balancer between Backstage and the server ' +
      'that does not keep client connections bound to server connections.',
    { kind: 'reset', host: request.host, url: request.url },
  );
}

/** Returns the fix for a 401 that requests Windows authentication when api.windowsAuthentication is not set. */
export function windowsAuthenticationNotConfiguredFix(): string {
  return `Set api.windowsAuthentication (domain, username, password) for this server to use NTLMv2, or allow token-only access: ${TOKEN_ONLY_FIX}.`;
}
