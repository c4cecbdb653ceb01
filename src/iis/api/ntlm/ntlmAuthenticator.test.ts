import https from 'node:https';
import { describe, expect, it } from 'vitest';
import { IisApiError } from '../IisApiError';
import type { FailedRequest } from '../failedRequest';
import type { IisHttpsAgent } from '../tlsAgent';
import { ConnectionPool } from './connectionPool';
import { NegotiateFlag } from './constants';
import { decodeNegotiateMessage, encodeChallengeMessage } from './negotiateMessages';
import { Exchange, ExchangeResult, NtlmAuthenticator } from './ntlmAuthenticator';
import { MS_NLMP_NTLMV2 as spec } from './testing/msNlmpVectors';

const PASSWORD = 'Unit-Passw0rd-91';
const request: FailedRequest = {
  host: 'web01.corp.example',
  url: 'https://web01.corp.example:55539/api/webserver/websites',
  baseUrl: 'https://web01.corp.example:55539',
  subject: 'the websites',
};
const challengeToken = encodeChallengeMessage({
  flags: (NegotiateFlag.UNICODE | NegotiateFlag.NTLM | NegotiateFlag.TARGET_INFO) >>> 0,
  serverChallenge: spec.serverChallenge,
  targetName: 'CORP',
  targetInfo: spec.targetInfo,
}).toString('base64');

function response(status: number, wwwAuthenticate: string[] = []): ExchangeResult {
  return { status, wwwAuthenticate, headers: { contentType: 'application/json' }, text: status === 200 ? '{}' : '' };
}

/** Creates an agent whose connection count the test sets. */
function countingAgent(): IisHttpsAgent & { connections: number } {
  const agent = {
    agent: new https.Agent(),
    connections: 1,
    lastFingerprintMismatch: () => undefined,
    connectionsOpened: () => agent.connections,
  };
  return agent;
}

/** Runs one request whose exchanges return `responses` in order; returns the result and the headers sent. */
async function run(responses: Array<ExchangeResult | ((agent: ReturnType<typeof countingAgent>) => ExchangeResult)>) {
  const agent = countingAgent();
  const sent: Array<Record<string, string>> = [];
  const exchange: Exchange = async (_agent, headers) => {
    sent.push(headers);
    const next = responses.shift();
    if (next === undefined) {
      throw new Error('more exchanges than expected');
    }
    return typeof next === 'function' ? next(agent) : next;
  };
  const authenticator = new NtlmAuthenticator({
    host: request.host,
    credentials: { domain: 'CORP', username: 'svc-backstage', password: PASSWORD },
    pool: new ConnectionPool(1, () => agent),
  });
  const result = await authenticator.send(request, exchange).catch((error: unknown) => error);
  return { result, sent };
}

async function runError(responses: Parameters<typeof run>[0]): Promise<IisApiError> {
  const { result } = await run(responses);
  expect(result).toBeInstanceOf(IisApiError);
  expect((result as IisApiError).message).not.toContain(PASSWORD);
  return result as IisApiError;
}

describe('NtlmAuthenticator', () => {
  it('sends one request when the connection needs no handshake', async () => {
    const { result, sent } = await run([response(200)]);

    expect((result as ExchangeResult).status).toBe(200);
    expect(sent).toEqual([{}]);
  });

  it('leaves a 401 for the bearer token to the caller', async () => {
    const { result, sent } = await run([response(401, ['Bearer'])]);

    expect((result as ExchangeResult).status).toBe(401);
    expect(sent).toHaveLength(1);
  });

  it('runs the three steps with the offered scheme', async () => {
    const { result, sent } = await run([
      response(401, ['Negotiate', 'NTLM']),
      response(401, [`NTLM ${challengeToken}`]),
      response(200),
    ]);

    expect((result as ExchangeResult).status).toBe(200);
    expect(sent).toHaveLength(3);
    const negotiate = Buffer.from(sent[1].Authorization.replace(/^NTLM /, ''), 'base64');
    expect(decodeNegotiateMessage(negotiate).flags & NegotiateFlag.NTLM).not.toBe(0);
    expect(sent[2].Authorization).toMatch(/^NTLM [A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(sent[2].Authorization.slice(5), 'base64').readUInt32LE(8)).toBe(3);
  });

  it('reports rejected credentials without the password', async () => {
    const error = await runError([response(401, ['NTLM']), response(401, [`NTLM ${challengeToken}`]), response(401, ['NTLM'])]);

    expect(error.kind).toBe('windows-authentication');
    expect(error.status).toBe(401);
    expect(error.message).toContain('CORP\\svc-backstage');
    expect(error.message).toContain('api.windowsAuthentication');
    expect(error.message).toContain('web01.corp.example');
  });

  it('recognizes a Kerberos-only server', async () => {
    const error = await runError([response(401, ['Negotiate']), response(401, ['Negotiate'])]);

    expect(error.kind).toBe('windows-authentication');
    expect(error.message).toContain('Kerberos is not supported');
    expect(error.message).toContain('security.access_policy.api.users to "Everyone"');
  });

  it('treats a Kerberos token as Kerberos only', async () => {
    const kerberosToken = Buffer.from('a1819f30819ca0030a0100a10b06092a864882f712010202', 'hex').toString('base64');
    const error = await runError([response(401, ['Negotiate']), response(401, [`Negotiate ${kerberosToken}`])]);

    expect(error.message).toContain('Kerberos is not supported');
  });

  it('reports an NTLM server that sends no challenge', async () => {
    const error = await runError([response(401, ['NTLM']), response(401, ['NTLM'])]);

    expect(error.kind).toBe('windows-authentication');
    expect(error.message).toContain('without an NTLM CHALLENGE');
  });

  it('reports a malformed challenge', async () => {
    const truncated = Buffer.from(challengeToken, 'base64').subarray(0, 60).toString('base64');
    const error = await runError([response(401, ['NTLM']), response(401, [`NTLM ${truncated}`])]);

    expect(error.message).toContain('CHALLENGE message is malformed');
  });

  it('fails a handshake that changed connections, as a retryable reset', async () => {
    const error = await runError([
      response(401, ['NTLM']),
      response(401, [`NTLM ${challengeToken}`]),
      agent => {
        agent.connections += 1;
        return response(401, ['NTLM']);
      },
    ]);

    expect(error.kind).toBe('reset');
    expect(error.message).toContain('in the middle of the NTLM handshake');
  });

  it('returns a non-401 answer to the NEGOTIATE message', async () => {
    const { result, sent } = await run([response(401, ['NTLM']), response(403, ['Bearer'])]);

    expect((result as ExchangeResult).status).toBe(403);
    expect(sent).toHaveLength(2);
  });

  it('reports a cancelled wait for a connection', async () => {
    const authenticator = new NtlmAuthenticator({
      host: request.host,
      credentials: { domain: 'CORP', username: 'svc-backstage', password: PASSWORD },
      pool: new ConnectionPool(1, countingAgent),
    });

    const error = await authenticator
      .send(request, async () => response(200), AbortSignal.abort(new Error('the run deadline passed')))
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(IisApiError);
    expect((error as IisApiError).kind).toBe('cancelled');
    expect((error as IisApiError).message).toContain('the run deadline passed');
  });
});
