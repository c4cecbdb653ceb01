import { describe, expect, it } from 'vitest';
import { decodeAuthenticateMessage, encodeAuthenticateMessage, withZeroMic } from './authenticateMessage';
import { findAvPair, hasMicPresentFlag, parseAvPairs } from './avPairs';
import { AvId } from './constants';
import { decodeChallengeMessage, encodeChallengeMessage } from './negotiateMessages';
import {
  buildClientChallengeBlob,
  computeLmV2Response,
  computeMic,
  computeNtlmV2Response,
  fileTime,
  hmacMd5,
  ntHash,
  ntowfV2,
} from './ntlmV2';
import { hex, MS_NLMP_NTLMV2 as spec } from './testing/msNlmpVectors';
import { WINDOWS_7_EXAMPLE } from './testing/windows7Example';

/** The NT response inside the example's AUTHENTICATE message: 0x54 bytes at offset 0x84. */
const specNtChallengeResponse = spec.authenticateMessage.subarray(0x84, 0x84 + 0x54);

describe('NTLMv2 against MS-NLMP 4.2.4', () => {
  it('computes NTOWFv2 (4.2.4.1.1)', () => {
    expect(ntowfV2(spec.password, spec.user, spec.domain).toString('hex')).toBe(spec.responseKeyNt.toString('hex'));
  });

  it('upper-cases the user name but not the domain', () => {
    expect(ntowfV2(spec.password, 'user', spec.domain)).toEqual(spec.responseKeyNt);
    expect(ntowfV2(spec.password, spec.user, 'DOMAIN')).not.toEqual(spec.responseKeyNt);
    expect(ntowfV2('password', spec.user, spec.domain)).not.toEqual(spec.responseKeyNt);
  });

  it('computes the LMv2 response (4.2.4.2.1)', () => {
    const response = computeLmV2Response(spec.responseKeyNt, spec.serverChallenge, spec.clientChallenge);
    expect(response.toString('hex')).toBe(spec.lmV2Response.toString('hex'));
  });

  it('computes NTProofStr, the response and the session base key (4.2.4.1.2, 4.2.4.2.2)', () => {
    const blob = buildClientChallengeBlob(spec.time, spec.clientChallenge, spec.targetInfo);
    const response = computeNtlmV2Response(spec.responseKeyNt, spec.serverChallenge, blob);

    expect(response.ntProofStr.toString('hex')).toBe(spec.ntProofStr.toString('hex'));
    expect(response.sessionBaseKey.toString('hex')).toBe(spec.sessionBaseKey.toString('hex'));
    expect(response.ntChallengeResponse.toString('hex')).toBe(specNtChallengeResponse.toString('hex'));
  });

  it('decodes the CHALLENGE message (4.2.4.3)', () => {
    const challenge = decodeChallengeMessage(spec.challengeMessage);

    expect(challenge.flags).toBe(spec.challengeFlags);
    expect(challenge.serverChallenge).toEqual(spec.serverChallenge);
    expect(challenge.targetName).toBe('Server');
    expect(challenge.targetInfo.toString('hex')).toBe(spec.targetInfo.toString('hex'));
  });

  it('encodes the CHALLENGE message byte for byte (4.2.4.3)', () => {
    const message = encodeChallengeMessage(
      { flags: spec.challengeFlags, serverChallenge: spec.serverChallenge, targetName: 'Server', targetInfo: spec.targetInfo },
      spec.challengeVersion,
    );
    expect(message.toString('hex')).toBe(spec.challengeMessage.toString('hex'));
  });

  it('encodes the AUTHENTICATE message byte for byte (4.2.4.3)', () => {
    const message = encodeAuthenticateMessage({
      flags: spec.authenticateFlags,
      lmChallengeResponse: spec.lmV2Response,
      ntChallengeResponse: specNtChallengeResponse,
      domain: spec.domain,
      user: spec.user,
      workstation: spec.workstation,
      encryptedRandomSessionKey: spec.encryptedSessionKey,
      version: spec.authenticateVersion,
      withMicField: false,
    });
    expect(message.toString('hex')).toBe(spec.authenticateMessage.toString('hex'));
  });

  it('decodes the AUTHENTICATE message (4.2.4.3)', () => {
    const message = decodeAuthenticateMessage(spec.authenticateMessage);

    expect(message.flags).toBe(spec.authenticateFlags);
    expect(message.domain).toBe('Domain');
    expect(message.user).toBe('User');
    expect(message.workstation).toBe('COMPUTER');
    expect(message.lmChallengeResponse).toEqual(spec.lmV2Response);
    expect(message.ntChallengeResponse).toEqual(specNtChallengeResponse);
    expect(message.encryptedRandomSessionKey).toEqual(spec.encryptedSessionKey);
    // The example's payload starts at 0x48, so its header has no MIC field.
    expect(message.mic).toBeUndefined();
  });
});

describe('ntHash', () => {
  it('is MD4 of the UTF-16LE password', () => {
    // MD4 of an empty input, RFC 1320 appendix A.5.
    expect(ntHash('').toString('hex')).toBe('31d6cfe0d16ae931b73c59d7e0c089c0');
    expect(ntHash('Password')).toHaveLength(16);
    expect(ntHash('Password')).not.toEqual(ntHash('password'));
  });
});

describe('fileTime', () => {
  it('counts 100 ns ticks since 1601', () => {
    expect(fileTime(new Date(Date.UTC(1601, 0, 1)))).toEqual(hex('00 00 00 00 00 00 00 00'));
    // 1970-01-01 is 11,644,473,600 seconds after 1601-01-01: 0x019db1ded53e8000 ticks.
    expect(fileTime(new Date(0))).toEqual(hex('00 80 3e d5 de b1 9d 01'));
  });
});

describe('MIC against a Windows 7 exchange', () => {
  const example = WINDOWS_7_EXAMPLE;

  it('derives the NT hash and the proof of the published response', () => {
    expect(ntHash(example.password)).toEqual(example.ntHash);

    const message = decodeAuthenticateMessage(example.authenticateMessage);
    const challenge = decodeChallengeMessage(example.challengeMessage);
    const responseKey = ntowfV2(example.password, example.user, example.domain);
    const proof = hmacMd5(responseKey, challenge.serverChallenge, message.ntChallengeResponse.subarray(16));

    expect(message.user).toBe(example.user);
    expect(message.domain).toBe(example.domain);
    expect(proof).toEqual(message.ntChallengeResponse.subarray(0, 16));
    expect(message.lmChallengeResponse).toEqual(Buffer.alloc(24));
  });

  it('reproduces the published MIC from the session base key', () => {
    const message = decodeAuthenticateMessage(example.authenticateMessage);
    const challenge = decodeChallengeMessage(example.challengeMessage);
    const blob = message.ntChallengeResponse.subarray(16);
    const response = computeNtlmV2Response(
      ntowfV2(example.password, example.user, example.domain),
      challenge.serverChallenge,
      blob,
    );

    const mic = computeMic(
      response.sessionBaseKey,
      example.negotiateMessage,
      example.challengeMessage,
      withZeroMic(example.authenticateMessage),
    );

    expect(message.mic?.toString('hex')).toBe(example.mic.toString('hex'));
    expect(mic.toString('hex')).toBe(example.mic.toString('hex'));
    // The response carries the server's timestamp and announces the MIC in MsvAvFlags.
    const pairs = parseAvPairs(blob.subarray(28));
    expect(blob.subarray(8, 16)).toEqual(example.serverTimestamp);
    expect(findAvPair(pairs, AvId.TIMESTAMP)).toEqual(example.serverTimestamp);
    expect(hasMicPresentFlag(pairs)).toBe(true);
  });
});
