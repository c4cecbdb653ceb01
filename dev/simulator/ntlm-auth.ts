import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { MessageType } from '../../src/iis/api/ntlm/constants';
import { decodeNegotiateMessage } from '../../src/iis/api/ntlm/negotiateMessages';
import { createChallenge, IssuedChallenge, NtlmAccount, verifyAuthenticate } from './ntlm-verify';
import { Problem, windowsAuthenticationChallenge } from './problem';

/**
 * Windows authentication of a simulated server, bound to the TCP connection as HTTP.sys binds
 * it: a connection becomes authenticated by a NEGOTIATE, CHALLENGE, AUTHENTICATE exchange and
 * stays so until it closes.
 */

/** The `requireNtlm` option of a simulated server. */
export interface RequireNtlmOptions extends NtlmAccount {
  /** Schemes offered in WWW-Authenticate; default both, Negotiate first, as HTTP.sys sends them. */
  schemes?: Array<'Negotiate' | 'NTLM'>;
  /** Whether the CHALLENGE carries MsvAvTimestamp, which makes clients add a MIC. Default true. */
  withTimestamp?: boolean;
  /**
   * Close the connection after sending the CHALLENGE, as a proxy that does not keep client and
   * server connections paired does, so that no handshake can finish.
   */
  closeAfterChallenge?: boolean;
}

/** The requests that one simulated server received on one connection, by NTLM step. */
export interface NtlmConnectionRecord {
  /** 1 for the server's first connection, then counting up. */
  connection: number;
  /**
   * Each request in order: `anonymous` (no NTLM token, connection not authenticated),
   * `negotiate`, `authenticate` (accepted), `rejected` (an AUTHENTICATE that failed, or a token
   * the server cannot use) or `authenticated` (a request on an authenticated connection).
   */
  steps: string[];
  /** Completed handshakes. */
  handshakes: number;
  /** Reasons for rejected AUTHENTICATE messages. */
  failures: string[];
  /** DOMAIN\user of the last successful handshake. */
  account?: string;
}

interface ConnectionState {
  record: NtlmConnectionRecord;
  issued?: IssuedChallenge;
  authenticated: boolean;
}

/** Connection states of every simulated server. */
export class NtlmConnections {
  private readonly states = new WeakMap<Socket, Map<string, ConnectionState>>();
  private readonly records = new Map<string, NtlmConnectionRecord[]>();

  stateOf(socket: Socket, host: string): ConnectionState {
    const key = host.toLowerCase();
    const byHost = this.states.get(socket) ?? new Map<string, ConnectionState>();
    this.states.set(socket, byHost);
    let state = byHost.get(key);
    if (state === undefined) {
      const records = this.records.get(key) ?? [];
      this.records.set(key, records);
      const record: NtlmConnectionRecord = { connection: records.length + 1, steps: [], handshakes: 0, failures: [] };
      records.push(record);
      state = { record, authenticated: false };
      byHost.set(key, state);
    }
    return state;
  }

  /** Copies of the records of one server, in the order its connections started. */
  list(host: string): NtlmConnectionRecord[] {
    return (this.records.get(host.toLowerCase()) ?? []).map(record => structuredClone(record));
  }
}

/**
 * Runs the server side of NTLM for one request. Returns the 401 to send, or undefined when the
 * connection is authenticated and the request goes on to the access token check.
 */
export function checkNtlm(
  request: IncomingMessage,
  host: string,
  options: RequireNtlmOptions,
  connections: NtlmConnections,
): Problem | undefined {
  const state = connections.stateOf(request.socket, host);
  const { record } = state;
  const schemes = options.schemes ?? ['Negotiate', 'NTLM'];
  const authorization = parseAuthorization(request.headers.authorization, schemes);

  if (authorization === undefined) {
    if (state.authenticated) {
      record.steps.push('authenticated');
      return undefined;
    }
    record.steps.push('anonymous');
    return offer(schemes);
  }

  const type = authorization.token.length >= 12 ? authorization.token.readUInt32LE(8) : 0;
  if (type === MessageType.NEGOTIATE) {
    record.steps.push('negotiate');
    state.authenticated = false;
    let flags: number;
    try {
      flags = decodeNegotiateMessage(authorization.token).flags;
    } catch (error) {
      record.failures.push(`malformed NEGOTIATE message: ${(error as Error).message}`);
      return offer(schemes);
    }
    state.issued = createChallenge(authorization.token, flags, {
      domain: options.domain,
      computer: host,
      withTimestamp: options.withTimestamp ?? true,
    });
    const headers: Record<string, string> = {
      'WWW-Authenticate': `${authorization.scheme} ${state.issued.message.toString('base64')}`,
    };
    if (options.closeAfterChallenge) {
      headers.Connection = 'close';
    }
    return { status: 401, body: {}, headers };
  }

  if (type === MessageType.AUTHENTICATE && state.issued !== undefined) {
    const result = verifyAuthenticate(authorization.token, state.issued, options);
    state.issued = undefined;
    if (result.ok) {
      record.steps.push('authenticate');
      record.handshakes += 1;
      record.account = result.account;
      state.authenticated = true;
      return undefined;
    }
    record.failures.push(result.reason);
  } else {
    record.failures.push(type === MessageType.AUTHENTICATE ? 'AUTHENTICATE without a CHALLENGE on this connection' : `unexpected NTLM message type ${type}`);
  }
  record.steps.push('rejected');
  state.authenticated = false;
  return offer(schemes);
}

/**
 * Builds the response of a server that offers Windows authentication only as Kerberos to every
 * request: 401 with `WWW-Authenticate: Negotiate`, also for NTLM tokens sent with Negotiate,
 * which such a server cannot use.
 */
export function rejectForKerberos(request: IncomingMessage, host: string, connections: NtlmConnections): Problem {
  const { record } = connections.stateOf(request.socket, host);
  if (request.headers.authorization === undefined) {
    record.steps.push('anonymous');
  } else {
    record.steps.push('rejected');
    record.failures.push('Kerberos only: the NTLM token was not accepted');
  }
  return offer(['Negotiate']);
}

/** Builds the 401 that requests Windows authentication, with one WWW-Authenticate header per scheme. */
function offer(schemes: string[]): Problem {
  return { ...windowsAuthenticationChallenge(), headers: { 'WWW-Authenticate': [...schemes] } };
}

function parseAuthorization(header: string | undefined, schemes: string[]): { scheme: string; token: Buffer } | undefined {
  const match = /^(\S+)\s+([A-Za-z0-9+/]+=*)\s*$/.exec(header ?? '');
  const scheme = schemes.find(name => name.toLowerCase() === match?.[1].toLowerCase());
  if (!match || scheme === undefined) {
    return undefined;
  }
  return { scheme, token: Buffer.from(match[2], 'base64') };
}
