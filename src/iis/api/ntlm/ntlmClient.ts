import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import os from 'node:os';
import { encodeAuthenticateMessage, MIC_OFFSET } from './authenticateMessage';
import { encodeAvPairs, findAvPair, parseAvPairs, withMicPresentFlag } from './avPairs';
import { AvId, NegotiateFlag } from './constants';
import { decodeChallengeMessage, encodeNegotiateMessage } from './negotiateMessages';
import {
  buildClientChallengeBlob,
  computeLmV2Response,
  computeMic,
  computeNtlmV2Response,
  fileTime,
  ntowfV2,
} from './ntlmV2';

/** A Windows account for NTLM. The password is used only to compute responses, never logged or sent. */
export interface NtlmCredentials {
  domain: string;
  username: string;
  password: string;
}

export interface NtlmClientDependencies {
  /** Source of the 8-byte client challenge; crypto.randomBytes when omitted. */
  randomBytes?: (size: number) => Buffer;
  /** Clock for the timestamp when the server sends none; the system clock when omitted. */
  now?: () => Date;
  /** Workstation name sent to the server, for its logs; the short host name in upper case when omitted. */
  workstation?: string;
}

/**
 * Flags this client asks for. It signs and seals nothing (HTTPS protects the traffic), so it
 * offers no session security and no key exchange.
 */
export const CLIENT_NEGOTIATE_FLAGS =
  (NegotiateFlag.UNICODE |
    NegotiateFlag.OEM |
    NegotiateFlag.REQUEST_TARGET |
    NegotiateFlag.NTLM |
    NegotiateFlag.ALWAYS_SIGN |
    NegotiateFlag.EXTENDED_SESSIONSECURITY |
    NegotiateFlag.NEGOTIATE_128 |
    NegotiateFlag.NEGOTIATE_56) >>>
  0;

/**
 * The client side of one NTLMv2 handshake: it creates the NEGOTIATE message, then responds to the
 * server's CHALLENGE with an AUTHENTICATE message. Use one instance per handshake, because the
 * MIC covers the NEGOTIATE message it sent.
 */
export class NtlmClientContext {
  private negotiate?: Buffer;

  constructor(
    private readonly credentials: NtlmCredentials,
    private readonly dependencies: NtlmClientDependencies = {},
  ) {}

  createNegotiateMessage(): Buffer {
    this.negotiate = encodeNegotiateMessage(CLIENT_NEGOTIATE_FLAGS);
    return this.negotiate;
  }

  /**
   * Creates the AUTHENTICATE message for a CHALLENGE message. The NTLMv2 response covers the
   * server's target info and its MsvAvTimestamp when it sent one. With a server timestamp the
   * message also carries a MIC, announced in MsvAvFlags, and an all-zero LM response, as
   * MS-NLMP 3.1.5.1.2 recommends. Throws NtlmMessageError for a malformed CHALLENGE.
   */
  createAuthenticateMessage(challengeMessage: Buffer): Buffer {
    if (this.negotiate === undefined) {
      throw new Error('createNegotiateMessage must be called before createAuthenticateMessage');
    }
    const challenge = decodeChallengeMessage(challengeMessage);
    const { domain, username, password } = this.credentials;

    const serverPairs = parseAvPairs(challenge.targetInfo.length > 0 ? challenge.targetInfo : Buffer.alloc(4));
    const serverTimestamp = findAvPair(serverPairs, AvId.TIMESTAMP);
    const withMic = serverTimestamp?.length === 8;
    const timestamp = withMic ? serverTimestamp : fileTime((this.dependencies.now ?? (() => new Date()))());
    const clientChallenge = (this.dependencies.randomBytes ?? cryptoRandomBytes)(8);

    const responseKey = ntowfV2(password, username, domain);
    const blobPairs = withMic ? withMicPresentFlag(serverPairs) : serverPairs;
    const blob = buildClientChallengeBlob(timestamp, clientChallenge, encodeAvPairs(blobPairs));
    const response = computeNtlmV2Response(responseKey, challenge.serverChallenge, blob);
    const lmChallengeResponse = withMic
      ? Buffer.alloc(24)
      : computeLmV2Response(responseKey, challenge.serverChallenge, clientChallenge);

    const message = encodeAuthenticateMessage({
      flags: negotiatedFlags(challenge.flags),
      lmChallengeResponse,
      ntChallengeResponse: response.ntChallengeResponse,
      domain,
      user: username,
      workstation: this.dependencies.workstation ?? defaultWorkstation(),
      encryptedRandomSessionKey: Buffer.alloc(0),
      withMicField: withMic,
    });
    if (withMic) {
      // Without key exchange the ExportedSessionKey is the KeyExchangeKey, which NTLMv2 sets to
      // the SessionBaseKey (MS-NLMP 3.4.5.1 and 3.1.5.1.2).
      computeMic(response.sessionBaseKey, this.negotiate, challengeMessage, message).copy(message, MIC_OFFSET);
    }
    return message;
  }
}

/** Returns the flags both sides support, with exactly one of Unicode and OEM. */
function negotiatedFlags(serverFlags: number): number {
  let flags = CLIENT_NEGOTIATE_FLAGS & serverFlags;
  if ((flags & NegotiateFlag.UNICODE) !== 0) {
    flags &= ~NegotiateFlag.OEM;
  } else {
    flags |= NegotiateFlag.OEM;
  }
  return flags >>> 0;
}

function defaultWorkstation(): string {
  return os.hostname().split('.')[0].toUpperCase().slice(0, 15);
}
