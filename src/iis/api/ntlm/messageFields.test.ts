import { describe, expect, it } from 'vitest';
import { decodeAuthenticateMessage } from './authenticateMessage';
import { encodeAvPairs, hasMicPresentFlag, parseAvPairs, withMicPresentFlag } from './avPairs';
import { AvId } from './constants';
import { MessageWriter, NtlmMessageError } from './messageFields';
import { decodeChallengeMessage, decodeNegotiateMessage } from './negotiateMessages';
import { hex, MS_NLMP_NTLMV2 as spec } from './testing/msNlmpVectors';

describe('AV pairs', () => {
  it('round-trips the target info of MS-NLMP 4.2.4', () => {
    const pairs = parseAvPairs(spec.targetInfo);

    expect(pairs.map(pair => pair.id)).toEqual([AvId.NB_DOMAIN_NAME, AvId.NB_COMPUTER_NAME]);
    expect(pairs[1].value.toString('utf16le')).toBe('Server');
    expect(encodeAvPairs(pairs)).toEqual(spec.targetInfo);
  });

  it('rejects target info without MsvAvEOL', () => {
    expect(() => parseAvPairs(spec.targetInfo.subarray(0, spec.targetInfo.length - 4))).toThrow(/no MsvAvEOL/);
  });

  it('rejects an entry longer than the target info', () => {
    expect(() => parseAvPairs(hex('02 00 ff 00 44 00'))).toThrow(NtlmMessageError);
  });

  it('sets the MIC bit once', () => {
    const pairs = withMicPresentFlag(withMicPresentFlag(parseAvPairs(spec.targetInfo)));

    expect(hasMicPresentFlag(parseAvPairs(spec.targetInfo))).toBe(false);
    expect(hasMicPresentFlag(pairs)).toBe(true);
    expect(pairs.filter(pair => pair.id === AvId.FLAGS)).toHaveLength(1);
  });
});

describe('message headers', () => {
  it('rejects a message of another type', () => {
    expect(() => decodeNegotiateMessage(spec.challengeMessage)).toThrow(/expected an NTLM NEGOTIATE message \(type 1\), got type 2/);
    expect(() => decodeChallengeMessage(spec.authenticateMessage)).toThrow(/type 3/);
  });

  it('rejects a field that points past the end', () => {
    const broken = Buffer.from(spec.authenticateMessage);
    broken.writeUInt32LE(0x1000, 24);
    expect(() => decodeAuthenticateMessage(broken)).toThrow(/NtChallengeResponse .* ends after the message/);
  });

  it('rejects a field that starts inside the header', () => {
    const broken = Buffer.from(spec.authenticateMessage);
    broken.writeUInt32LE(8, 32);
    expect(() => decodeAuthenticateMessage(broken)).toThrow(/inside its header/);
  });

  it('limits a field to 65535 bytes', () => {
    const writer = new MessageWriter(16);
    expect(() => writer.addPayload(8, Buffer.alloc(70_000))).toThrow(/65535/);
  });
});
