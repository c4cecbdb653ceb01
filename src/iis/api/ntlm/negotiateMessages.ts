import { MessageType, NegotiateFlag, NTLM_SIGNATURE } from './constants';
import { checkMessageHeader, decodeNtlmString, encodeNtlmString, MessageWriter, readSecurityBuffer } from './messageFields';

/**
 * The NEGOTIATE (type 1) and CHALLENGE (type 2) messages of MS-NLMP sections 2.2.1.1 and
 * 2.2.1.2.
 */

/** Size of the NEGOTIATE header: signature, type, flags, two security buffers and Version. */
const NEGOTIATE_HEADER_LENGTH = 40;
/** Size of the CHALLENGE header up to and including Version. */
const CHALLENGE_HEADER_LENGTH = 56;
/** Bytes a CHALLENGE message has at least: everything before Version. */
const CHALLENGE_MINIMUM_LENGTH = 48;

/** Encodes a NEGOTIATE message without domain or workstation names and with a zero Version. */
export function encodeNegotiateMessage(flags: number): Buffer {
  const writer = new MessageWriter(NEGOTIATE_HEADER_LENGTH);
  NTLM_SIGNATURE.copy(writer.fixed, 0);
  writer.fixed.writeUInt32LE(MessageType.NEGOTIATE, 8);
  writer.fixed.writeUInt32LE(flags >>> 0, 12);
  writer.addPayload(16, Buffer.alloc(0));
  writer.addPayload(24, Buffer.alloc(0));
  return writer.toBuffer();
}

/** Reads the flags of a NEGOTIATE message. */
export function decodeNegotiateMessage(message: Buffer): { flags: number } {
  checkMessageHeader(message, MessageType.NEGOTIATE, 16, 'NEGOTIATE');
  return { flags: message.readUInt32LE(12) };
}

export interface ChallengeMessage {
  flags: number;
  /** The 8-byte ServerChallenge nonce. */
  serverChallenge: Buffer;
  targetName: string;
  /** Raw target info (AV pairs ending in MsvAvEOL); empty when the server sent none. */
  targetInfo: Buffer;
}

/** Decodes a CHALLENGE message; throws NtlmMessageError when it is malformed. */
export function decodeChallengeMessage(message: Buffer): ChallengeMessage {
  checkMessageHeader(message, MessageType.CHALLENGE, CHALLENGE_MINIMUM_LENGTH, 'CHALLENGE');
  const flags = message.readUInt32LE(20);
  const unicode = (flags & NegotiateFlag.UNICODE) !== 0;
  const targetInfo =
    (flags & NegotiateFlag.TARGET_INFO) !== 0 ? readSecurityBuffer(message, 40, 'TargetInfo') : Buffer.alloc(0);
  return {
    flags,
    serverChallenge: Buffer.from(message.subarray(24, 32)),
    targetName: decodeNtlmString(readSecurityBuffer(message, 12, 'TargetName'), unicode),
    targetInfo,
  };
}

/**
 * Encodes a CHALLENGE message. `version` is the 8-byte Version field, zeros when omitted. The
 * payload order (target name, then target info) is the one of the MS-NLMP 4.2.4 example.
 */
export function encodeChallengeMessage(challenge: ChallengeMessage, version: Buffer = Buffer.alloc(8)): Buffer {
  const unicode = (challenge.flags & NegotiateFlag.UNICODE) !== 0;
  const writer = new MessageWriter(CHALLENGE_HEADER_LENGTH);
  NTLM_SIGNATURE.copy(writer.fixed, 0);
  writer.fixed.writeUInt32LE(MessageType.CHALLENGE, 8);
  writer.fixed.writeUInt32LE(challenge.flags >>> 0, 20);
  challenge.serverChallenge.copy(writer.fixed, 24, 0, 8);
  version.copy(writer.fixed, 48, 0, 8);
  writer.addPayload(12, encodeNtlmString(challenge.targetName, unicode));
  writer.addPayload(40, challenge.targetInfo);
  return writer.toBuffer();
}
