import { describe, expect, it } from 'vitest';
import { encodeAuthenticateMessage, MIC_OFFSET } from '../../src/iis/api/ntlm/authenticateMessage';
import { NegotiateFlag } from '../../src/iis/api/ntlm/constants';
import { decodeNegotiateMessage } from '../../src/iis/api/ntlm/negotiateMessages';
import { NtlmClientContext } from '../../src/iis/api/ntlm/ntlmClient';
import { WINDOWS_7_EXAMPLE } from '../../src/iis/api/ntlm/testing/windows7Example';
import { createChallenge, IssuedChallenge, verifyAuthenticate } from './ntlm-verify';

const account = { domain: 'CORP', username: 'svc-backstage', password: 'Verify-Passw0rd-1' };

function handshake(withTimestamp: boolean, credentials = account): { issued: IssuedChallenge; authenticate: Buffer } {
  const client = new NtlmClientContext(credentials, { workstation: 'BACKSTAGE' });
  const negotiate = client.createNegotiateMessage();
  const issued = createChallenge(negotiate, decodeNegotiateMessage(negotiate).flags, {
    domain: 'CORP',
    computer: 'web01.corp.example',
    withTimestamp,
  });
  return { issued, authenticate: client.createAuthenticateMessage(issued.message) };
}

describe('verifyAuthenticate', () => {
  it.each([true, false])('accepts the client with timestamp %s', withTimestamp => {
    const { issued, authenticate } = handshake(withTimestamp);
    expect(verifyAuthenticate(authenticate, issued, account)).toEqual({ ok: true, account: 'CORP\\svc-backstage' });
  });

  it('accepts names in another case', () => {
    const { issued, authenticate } = handshake(true, { ...account, domain: 'corp', username: 'SVC-Backstage' });
    expect(verifyAuthenticate(authenticate, issued, account).ok).toBe(true);
  });

  it('rejects a wrong password', () => {
    const { issued, authenticate } = handshake(true, { ...account, password: 'other' });
    expect(verifyAuthenticate(authenticate, issued, account)).toEqual({ ok: false, reason: 'wrong password for CORP\\svc-backstage' });
  });

  it('rejects a tampered MIC', () => {
    const { issued, authenticate } = handshake(true);
    authenticate[MIC_OFFSET] ^= 0x01;
    expect(verifyAuthenticate(authenticate, issued, account)).toEqual({ ok: false, reason: 'the MIC does not match the three messages' });
  });

  it('rejects a response to another challenge', () => {
    const first = handshake(true);
    const second = handshake(true);
    expect(verifyAuthenticate(first.authenticate, second.issued, account)).toMatchObject({ ok: false, reason: /wrong password/ });
  });

  it('rejects another account', () => {
    // A Windows 7 client's AUTHENTICATE message for WS2008R2\Administrator.
    const result = verifyAuthenticate(WINDOWS_7_EXAMPLE.authenticateMessage, handshake(true).issued, account);
    expect(result).toEqual({ ok: false, reason: 'unknown user WS2008R2\\Administrator' });
  });

  it('rejects an NTLMv1 response', () => {
    const message = encodeAuthenticateMessage({
      flags: NegotiateFlag.UNICODE | NegotiateFlag.NTLM,
      lmChallengeResponse: Buffer.alloc(24, 1),
      ntChallengeResponse: Buffer.alloc(24, 2),
      domain: 'CORP',
      user: 'svc-backstage',
      workstation: 'BACKSTAGE',
      encryptedRandomSessionKey: Buffer.alloc(0),
      withMicField: false,
    });
    expect(verifyAuthenticate(message, handshake(true).issued, account)).toMatchObject({ ok: false, reason: /NTLMv1 is refused/ });
  });

  it('rejects garbage', () => {
    const result = verifyAuthenticate(Buffer.from('NTLMSSP\0\x03\0\0\0', 'latin1'), handshake(true).issued, account);
    expect(result).toMatchObject({ ok: false, reason: /malformed AUTHENTICATE message/ });
  });
});
