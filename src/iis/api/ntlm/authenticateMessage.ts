import { MessageType, NegotiateFlag, NTLM_SIGNATURE } from './constants';
import {
  checkMessageHeader,
  decodeNtlmString,
  encodeNtlmString,
  MessageWriter,
  NtlmMessageError,
  readSecurityBuffer,
} from './messageFields';

/** The AUTHENTICATE (type 3) message of MS-NLMP section 2.2.1.3. */

/** Offset of the 16-byte MIC field, right after the 8-byte Version field. */
export const MIC_OFFSET = 72;
const HEADER_LENGTH_WITHOUT_MIC = 72;
const HEADER_LENGTH_WITH_MIC = 88;
/** Bytes before the Version field; older messages end their header there. */
const MINIMUM_HEADER_LENGTH = 64;

export interface AuthenticateMessageFields {
  flags: number;
  lmChallengeResponse: Buffer;
  ntChallengeResponse: Buffer;
  domain: string;
  user: string;
  workstation: string;
  /** Empty unless NTLMSSP_NEGOTIATE_KEY_EXCH was negotiated. */
  encryptedRandomSessionKey: Buffer;
}

export interface EncodeAuthenticateOptions extends AuthenticateMessageFields {
  /** The 8-byte Version field; zeros when omitted. */
  version?: Buffer;
  /**
   * Whether to reserve the 16-byte MIC field (filled with zeros here). The caller computes the
   * MIC over the finished message and writes it at MIC_OFFSET.
   */
  withMicField: boolean;
}

/**
 * Encodes an AUTHENTICATE message. The payload order (domain, user, workstation, LM response, NT
 * response, session key) is the one of the MS-NLMP 4.2.4 example.
 */
export function encodeAuthenticateMessage(options: EncodeAuthenticateOptions): Buffer {
  const unicode = (options.flags & NegotiateFlag.UNICODE) !== 0;
  const writer = new MessageWriter(options.withMicField ? HEADER_LENGTH_WITH_MIC : HEADER_LENGTH_WITHOUT_MIC);
  NTLM_SIGNATURE.copy(writer.fixed, 0);
  writer.fixed.writeUInt32LE(MessageType.AUTHENTICATE, 8);
  writer.fixed.writeUInt32LE(options.flags >>> 0, 60);
  (options.version ?? Buffer.alloc(8)).copy(writer.fixed, 64, 0, 8);

  writer.addPayload(28, encodeNtlmString(options.domain, unicode));
  writer.addPayload(36, encodeNtlmString(options.user, unicode));
  writer.addPayload(44, encodeNtlmString(options.workstation, unicode));
  writer.addPayload(12, options.lmChallengeResponse);
  writer.addPayload(20, options.ntChallengeResponse);
  writer.addPayload(52, options.encryptedRandomSessionKey);
  return writer.toBuffer();
}

export interface AuthenticateMessage extends AuthenticateMessageFields {
  /** The MIC field, when the header is long enough to hold one (every payload starts at 88 or later). */
  mic?: Buffer;
}

/** Decodes an AUTHENTICATE message; throws NtlmMessageError when it is malformed. */
export function decodeAuthenticateMessage(message: Buffer): AuthenticateMessage {
  checkMessageHeader(message, MessageType.AUTHENTICATE, MINIMUM_HEADER_LENGTH, 'AUTHENTICATE');
  const flags = message.readUInt32LE(60);
  const unicode = (flags & NegotiateFlag.UNICODE) !== 0;

  const fieldOffsets = [12, 20, 28, 36, 44, 52];
  const payloadStart = Math.min(
    ...fieldOffsets.filter(field => message.readUInt16LE(field) > 0).map(field => message.readUInt32LE(field + 4)),
    message.length,
  );
  if (payloadStart < MINIMUM_HEADER_LENGTH) {
    throw new NtlmMessageError(`a field of the AUTHENTICATE message starts at offset ${payloadStart}, inside its header`);
  }
  const mic =
    payloadStart >= HEADER_LENGTH_WITH_MIC ? Buffer.from(message.subarray(MIC_OFFSET, MIC_OFFSET + 16)) : undefined;

  return {
    flags,
    lmChallengeResponse: readSecurityBuffer(message, 12, 'LmChallengeResponse'),
    ntChallengeResponse: readSecurityBuffer(message, 20, 'NtChallengeResponse'),
    domain: decodeNtlmString(readSecurityBuffer(message, 28, 'DomainName'), unicode),
    user: decodeNtlmString(readSecurityBuffer(message, 36, 'UserName'), unicode),
    workstation: decodeNtlmString(readSecurityBuffer(message, 44, 'Workstation'), unicode),
    encryptedRandomSessionKey: readSecurityBuffer(message, 52, 'EncryptedRandomSessionKey'),
    mic,
  };
}

/** Returns a copy of an AUTHENTICATE message whose MIC field is zero, as the MIC is computed over it. */
export function withZeroMic(message: Buffer): Buffer {
  const copy = Buffer.from(message);
  copy.fill(0, MIC_OFFSET, MIC_OFFSET + 16);
  return copy;
}
