import { cancelledError } from '../cancellation';
import type { FailedRequest } from '../failedRequest';
import type { IisHttpsAgent } from '../tlsAgent';
import type { IisApiLogger } from '../types';
import type { ConnectionPool } from './connectionPool';
import { NtlmMessageError } from './messageFields';
import { NtlmClientContext, NtlmClientDependencies, NtlmCredentials } from './ntlmClient';
import {
  credentialsRejectedError,
  handshakeConnectionLostError,
  kerberosOnlyError,
  ntlmProtocolError,
} from './ntlmErrorMessages';
import { findSchemeToken, isNtlmMessage, NtlmHttpScheme, pickNtlmScheme } from './wwwAuthenticate';

/** The parts of one response that the HTTP layer passes on, after reading the whole body. */
export interface ExchangeResult {
  status: number;
  /** Every WWW-Authenticate header, in order. */
  wwwAuthenticate: string[];
  headers: { location?: string; contentType: string; totalCount?: string };
  text: string;
}

/** Sends the request once through `agent`, with `headers` added; rejects with an IisApiError. */
export type Exchange = (agent: IisHttpsAgent, headers: Record<string, string>) => Promise<ExchangeResult>;

export interface NtlmAuthenticatorOptions {
  host: string;
  credentials: NtlmCredentials;
  pool: ConnectionPool;
  logger?: IisApiLogger;
  clientDependencies?: NtlmClientDependencies;
}

/**
 * Sends requests with NTLMv2 Windows authentication. Each request borrows one single-connection
 * agent from the pool. When the response is a 401 that offers NTLM or Negotiate, the connection
 * is not authenticated yet, so the request is sent again with the NEGOTIATE message, then with
 * the AUTHENTICATE message that responds to the server's CHALLENGE, all on that connection. The
 * response to the AUTHENTICATE message is the response to the request. Later requests on the
 * same connection need no handshake.
 */
export class NtlmAuthenticator {
  private readonly account: string;

  constructor(private readonly options: NtlmAuthenticatorOptions) {
    this.account = `${options.credentials.domain}\\${options.credentials.username}`;
  }

  async send(request: FailedRequest, exchange: Exchange, signal?: AbortSignal): Promise<ExchangeResult> {
    let agent: IisHttpsAgent;
    try {
      agent = await this.options.pool.acquire(signal);
    } catch {
      throw cancelledError(request, signal?.reason);
    }
    try {
      const response = await exchange(agent, {});
      const scheme = response.status === 401 ? pickNtlmScheme(response.wwwAuthenticate) : undefined;
      if (scheme === undefined) {
        return response;
      }
      return await this.handshake(request, exchange, agent, scheme);
    } finally {
      this.options.pool.release(agent);
    }
  }

  private async handshake(
    request: FailedRequest,
    exchange: Exchange,
    agent: IisHttpsAgent,
    scheme: NtlmHttpScheme,
  ): Promise<ExchangeResult> {
    const { host, logger, credentials, clientDependencies } = this.options;
    const context = new NtlmClientContext(credentials, clientDependencies);

    const negotiate = context.createNegotiateMessage();
    const challengeResponse = await exchange(agent, { Authorization: `${scheme} ${negotiate.toString('base64')}` });
    if (challengeResponse.status !== 401) {
      // A server that accepts the NEGOTIATE message alone, or fails in another way.
      return challengeResponse;
    }
    const challenge = findSchemeToken(challengeResponse.wwwAuthenticate, scheme);
    if (challenge === undefined || !isNtlmMessage(challenge)) {
      if (scheme === 'Negotiate') {
        throw kerberosOnlyError(request);
      }
      throw ntlmProtocolError(request, 'the server responded to the NEGOTIATE message with a 401 without an NTLM CHALLENGE');
    }

    let authenticate: Buffer;
    try {
      authenticate = context.createAuthenticateMessage(challenge);
    } catch (error) {
      if (error instanceof NtlmMessageError) {
        throw ntlmProtocolError(request, `the server's CHALLENGE message is malformed: ${error.message}`);
      }
      throw error;
    }

    const connection = agent.connectionsOpened();
    const response = await exchange(agent, { Authorization: `${scheme} ${authenticate.toString('base64')}` });
    if (agent.connectionsOpened() !== connection) {
      throw handshakeConnectionLostError(request);
    }
    if (response.status === 401) {
      throw credentialsRejectedError(request, this.account, scheme);
    }
    logger?.debug(`NTLM handshake (${scheme}) with IIS server "${host}" as ${this.account} returned HTTP ${response.status}`);
    return response;
  }
}
