import { describe, expect, it } from 'vitest';
import { decodeAuthenticateMessage, withZeroMic } from './authenticateMessage';
import { encodeAvPairs, findAvPair, parseAvPairs } from './avPairs';
import { AvId, NegotiateFlag } from './constants';
import { NtlmMessageError } from './messageFields';
import { decodeNegotiateMessage, encodeChallengeMessage } from './negotiateMessages';
import { CLIENT_NEGOTIATE_FLAGS, NtlmClientContext } from './ntlmClient';
import { computeMic, hmacMd5, ntowfV2 } from './ntlmV2';
import { hex, MS_NLMP_NTLMV2 as spec } from './testing/msNlmpVectors';

const credentials = { domain: spec.domain, username: spec.user, password: spec.password };
const fixedDependencies = {
  randomBytes: (size: number) => Buffer.alloc(size, 0xaa),
  now: () => new Date(Date.UTC(1601, 0, 1)),
  workstation: spec.workstation,
};

/** Builds a CHALLENGE like the one Windows sends, with target info that contains a timestamp. */
function challengeWithTimestamp(extraPairs: Array<{ id: number; value: Buffer }> = []): Buffer {
  const targetInfo = encodeAvPairs([
    { id: AvId.NB_DOMAIN_NAME, value: Buffer.from('CORP', 'utf16le') },
    { id: AvId.NB_COMPUTER_NAME, value: Buffer.from('WEB01', 'utf16le') },
    { id: AvId.TIMESTAMP, value: hex('00 80 3e d5 de b1 9d 01') },
    ...extraPairs,
  ]);
  return encodeChallengeMessage({
    flags: (spec.challengeFlags | NegotiateFlag.TARGET_INFO) >>> 0,
    serverChallenge: hex('11 22 33 44 55 66 77 88'),
    targetName: 'CORP',
    targetInfo,
  });
}

function blobPairs(ntChallengeResponse: Buffer) {
  // NTProofStr (16) and the fixed part of the client challenge (28) come before the AV pairs.
  return parseAvPairs(ntChallengeResponse.subarray(16 + 28));
}

describe('NtlmClientContext', () => {
  it('sends the negotiate flags it documents', () => {
    const context = new NtlmClientContext(credentials, fixedDependencies);
    const negotiate = context.createNegotiateMessage();

    expect(negotiate).toHaveLength(40);
    expect(decodeNegotiateMessage(negotiate).flags).toBe(CLIENT_NEGOTIATE_FLAGS);
    expect(CLIENT_NEGOTIATE_FLAGS & NegotiateFlag.KEY_EXCH).toBe(0);
    expect(CLIENT_NEGOTIATE_FLAGS & NegotiateFlag.SEAL).toBe(0);
  });

  it('requires the NEGOTIATE message first', () => {
    const context = new NtlmClientContext(credentials, fixedDependencies);
    expect(() => context.createAuthenticateMessage(spec.challengeMessage)).toThrow(/createNegotiateMessage/);
  });

  it('answers the MS-NLMP 4.2.4 challenge with its responses', () => {
    const context = new NtlmClientContext(credentials, fixedDependencies);
    context.createNegotiateMessage();
    const message = decodeAuthenticateMessage(context.createAuthenticateMessage(spec.challengeMessage));

    expect(message.lmChallengeResponse.toString('hex')).toBe(spec.lmV2Response.toString('hex'));
    expect(message.ntChallengeResponse.toString('hex')).toBe(
      spec.authenticateMessage.subarray(0x84, 0x84 + 0x54).toString('hex'),
    );
    expect(message.domain).toBe('Domain');
    expect(message.user).toBe('User');
    expect(message.workstation).toBe('COMPUTER');
    // No timestamp in that challenge, so no MIC.
    expect(message.mic).toBeUndefined();
    expect(message.flags & NegotiateFlag.UNICODE).not.toBe(0);
    expect(message.flags & NegotiateFlag.OEM).toBe(0);
    expect(message.flags & NegotiateFlag.KEY_EXCH).toBe(0);
    expect(message.encryptedRandomSessionKey).toHaveLength(0);
  });

  it('uses the server timestamp and adds a MIC', () => {
    const context = new NtlmClientContext(credentials, fixedDependencies);
    const negotiate = context.createNegotiateMessage();
    const challenge = challengeWithTimestamp();
    const authenticate = context.createAuthenticateMessage(challenge);
    const message = decodeAuthenticateMessage(authenticate);

    const pairs = blobPairs(message.ntChallengeResponse);
    // Timestamp field of the client challenge structure: 8 bytes after NTProofStr and 8 header bytes.
    expect(message.ntChallengeResponse.subarray(24, 32)).toEqual(hex('00 80 3e d5 de b1 9d 01'));
    expect(findAvPair(pairs, AvId.NB_DOMAIN_NAME)?.toString('utf16le')).toBe('CORP');
    expect(findAvPair(pairs, AvId.NB_COMPUTER_NAME)?.toString('utf16le')).toBe('WEB01');
    expect(findAvPair(pairs, AvId.FLAGS)?.readUInt32LE(0)).toBe(2);
    expect(message.lmChallengeResponse).toEqual(Buffer.alloc(24));

    // The MIC, recomputed from the message as a server would.
    const responseKey = ntowfV2(spec.password, spec.user, spec.domain);
    const proof = hmacMd5(responseKey, hex('11 22 33 44 55 66 77 88'), message.ntChallengeResponse.subarray(16));
    expect(message.ntChallengeResponse.subarray(0, 16)).toEqual(proof);
    const sessionBaseKey = hmacMd5(responseKey, proof);
    const expectedMic = computeMic(sessionBaseKey, negotiate, challenge, withZeroMic(authenticate));
    expect(message.mic?.toString('hex')).toBe(expectedMic.toString('hex'));
    expect(message.mic).not.toEqual(Buffer.alloc(16));
  });

  it('keeps the other MsvAvFlags bits', () => {
    const flags = Buffer.alloc(4);
    flags.writeUInt32LE(1);
    const context = new NtlmClientContext(credentials, fixedDependencies);
    context.createNegotiateMessage();
    const message = decodeAuthenticateMessage(
      context.createAuthenticateMessage(challengeWithTimestamp([{ id: AvId.FLAGS, value: flags }])),
    );

    const pairs = blobPairs(message.ntChallengeResponse);
    expect(pairs.filter(pair => pair.id === AvId.FLAGS)).toHaveLength(1);
    expect(findAvPair(pairs, AvId.FLAGS)?.readUInt32LE(0)).toBe(3);
  });

  it('takes a fresh client challenge each time', () => {
    let counter = 0;
    const context = new NtlmClientContext(credentials, { randomBytes: size => Buffer.alloc(size, ++counter) });
    context.createNegotiateMessage();
    const first = decodeAuthenticateMessage(context.createAuthenticateMessage(spec.challengeMessage));
    const second = decodeAuthenticateMessage(context.createAuthenticateMessage(spec.challengeMessage));
    expect(first.ntChallengeResponse.subarray(0, 16)).not.toEqual(second.ntChallengeResponse.subarray(0, 16));
  });

  it('encodes names in OEM when the server offers no Unicode', () => {
    const challenge = encodeChallengeMessage({
      flags: (NegotiateFlag.OEM | NegotiateFlag.NTLM | NegotiateFlag.TARGET_INFO) >>> 0,
      serverChallenge: spec.serverChallenge,
      targetName: 'CORP',
      targetInfo: spec.targetInfo,
    });
    const context = new NtlmClientContext(credentials, fixedDependencies);
    context.createNegotiateMessage();
    const authenticate = context.createAuthenticateMessage(challenge);
    const message = decodeAuthenticateMessage(authenticate);

    expect(message.flags & NegotiateFlag.UNICODE).toBe(0);
    expect(message.flags & NegotiateFlag.OEM).not.toBe(0);
    expect(message.user).toBe('User');
    expect(authenticate.includes(Buffer.from('COMPUTER', 'latin1'))).toBe(true);
  });

  it('rejects a malformed CHALLENGE', () => {
    const context = new NtlmClientContext(credentials, fixedDependencies);
    context.createNegotiateMessage();

    expect(() => context.createAuthenticateMessage(spec.authenticateMessage)).toThrow(NtlmMessageError);
    expect(() => context.createAuthenticateMessage(spec.challengeMessage.subarray(0, 30))).toThrow(/fewer than/);
    // The target info claims 0x24 bytes but the message ends 8 bytes early.
    expect(() => context.createAuthenticateMessage(spec.challengeMessage.subarray(0, 96))).toThrow(/ends after/);
    expect(() => context.createAuthenticateMessage(Buffer.alloc(64, 0x41))).toThrow(
      /signature/,
    );
  });
});
