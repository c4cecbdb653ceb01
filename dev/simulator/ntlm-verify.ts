import { randomBytes, timingSafeEqual } from 'node:crypto';
import { decodeAuthenticateMessage, withZeroMic } from '../../src/iis/api/ntlm/authenticateMessage';
import { encodeAvPairs, findAvPair, hasMicPresentFlag, parseAvPairs } from '../../src/iis/api/ntlm/avPairs';
import { AvId, NegotiateFlag } from '../../src/iis/api/ntlm/constants';
import { encodeChallengeMessage } from '../../src/iis/api/ntlm/negotiateMessages';
import { computeMic, fileTime, hmacMd5, ntowfV2 } from '../../src/iis/api/ntlm/ntlmV2';

/** The server side of NTLMv2 (MS-NLMP 3.2.5): the CHALLENGE message and the check of the AUTHENTICATE message. */

/** The Windows account a simulated server accepts. */
export interface NtlmAccount {
  domain: string;
  username: string;
  password: string;
}

/** A CHALLENGE sent on one connection, kept to check the AUTHENTICATE message against it. */
export interface IssuedChallenge {
  negotiate: Buffer;
  message: Buffer;
  serverChallenge: Buffer;
  /** The target info pairs sent, which the NTLMv2 response must contain. */
  targetInfo: Buffer;
  /** The MsvAvTimestamp sent, or undefined when the challenge had none. */
  timestamp?: Buffer;
}

/** Offset of the AV pairs in an NTLMv2 response: NTProofStr (16) and the fixed part of the client challenge (28). */
const AV_PAIRS_OFFSET = 44;

/**
 * Creates a CHALLENGE like a domain member's: a random server challenge and target info with the
 * NetBIOS and DNS names of domain and computer, and a timestamp unless `withTimestamp` is false.
 */
export function createChallenge(
  negotiate: Buffer,
  negotiateFlags: number,
  options: { domain: string; computer: string; withTimestamp: boolean },
): IssuedChallenge {
  const computer = options.computer.split('.')[0].toUpperCase().slice(0, 15);
  const timestamp = options.withTimestamp ? fileTime(new Date()) : undefined;
  const pairs = [
    { id: AvId.NB_DOMAIN_NAME, value: Buffer.from(options.domain.toUpperCase(), 'utf16le') },
    { id: AvId.NB_COMPUTER_NAME, value: Buffer.from(computer, 'utf16le') },
    { id: AvId.DNS_DOMAIN_NAME, value: Buffer.from(`${options.domain.toLowerCase()}.example`, 'utf16le') },
    { id: AvId.DNS_COMPUTER_NAME, value: Buffer.from(options.computer.toLowerCase(), 'utf16le') },
    ...(timestamp ? [{ id: AvId.TIMESTAMP, value: timestamp }] : []),
  ];
  const targetInfo = encodeAvPairs(pairs);

  const unicode = (negotiateFlags & NegotiateFlag.UNICODE) !== 0;
  const flags =
    (NegotiateFlag.REQUEST_TARGET |
      NegotiateFlag.NTLM |
      NegotiateFlag.ALWAYS_SIGN |
      NegotiateFlag.TARGET_TYPE_DOMAIN |
      NegotiateFlag.EXTENDED_SESSIONSECURITY |
      NegotiateFlag.TARGET_INFO |
      NegotiateFlag.NEGOTIATE_128 |
      NegotiateFlag.NEGOTIATE_56 |
      (unicode ? NegotiateFlag.UNICODE : NegotiateFlag.OEM)) >>>
    0;
  const serverChallenge = randomBytes(8);
  const message = encodeChallengeMessage({ flags, serverChallenge, targetName: options.domain.toUpperCase(), targetInfo });
  return { negotiate, message, serverChallenge, targetInfo, timestamp };
}

export type VerifyResult = { ok: true; account: string } | { ok: false; reason: string };

/**
 * Checks an AUTHENTICATE message against the CHALLENGE sent and the account: the user and domain
 * names (case-insensitive), the NTLMv2 proof computed with the account's password, the timestamp
 * and target info in the response, and the MIC when MsvAvFlags announces one.
 */
export function verifyAuthenticate(authenticate: Buffer, issued: IssuedChallenge, account: NtlmAccount): VerifyResult {
  let message;
  try {
    message = decodeAuthenticateMessage(authenticate);
  } catch (error) {
    return { ok: false, reason: `malformed AUTHENTICATE message: ${(error as Error).message}` };
  }
  const name = `${message.domain}\\${message.user}`;
  if (message.user.toLowerCase() !== account.username.toLowerCase()) {
    return { ok: false, reason: `unknown user ${name}` };
  }
  if (message.domain.toLowerCase() !== account.domain.toLowerCase()) {
    return { ok: false, reason: `unknown domain ${name}` };
  }
  const response = message.ntChallengeResponse;
  if (response.length < AV_PAIRS_OFFSET + 4 || response[16] !== 1 || response[17] !== 1) {
    return { ok: false, reason: `${name} sent no NTLMv2 response (${response.length} bytes); NTLMv1 is refused` };
  }

  const responseKey = ntowfV2(account.password, message.user, message.domain);
  const proof = response.subarray(0, 16);
  const expectedProof = hmacMd5(responseKey, issued.serverChallenge, response.subarray(16));
  if (!timingSafeEqual(proof, expectedProof)) {
    return { ok: false, reason: `wrong password for ${name}` };
  }

  if (issued.timestamp !== undefined && !response.subarray(24, 32).equals(issued.timestamp)) {
    return { ok: false, reason: 'the NTLMv2 response does not carry the MsvAvTimestamp of the CHALLENGE' };
  }
  let pairs;
  try {
    pairs = parseAvPairs(response.subarray(AV_PAIRS_OFFSET));
  } catch (error) {
    return { ok: false, reason: `malformed target info in the NTLMv2 response: ${(error as Error).message}` };
  }
  for (const sent of parseAvPairs(issued.targetInfo)) {
    if (!findAvPair(pairs, sent.id)?.equals(sent.value)) {
      return { ok: false, reason: `the NTLMv2 response lacks target info entry ${sent.id} of the CHALLENGE` };
    }
  }

  if (hasMicPresentFlag(pairs)) {
    if (message.mic === undefined) {
      return { ok: false, reason: 'MsvAvFlags announces a MIC but the message has no MIC field' };
    }
    const sessionBaseKey = hmacMd5(responseKey, proof);
    const expectedMic = computeMic(sessionBaseKey, issued.negotiate, issued.message, withZeroMic(authenticate));
    if (!timingSafeEqual(message.mic, expectedMic)) {
      return { ok: false, reason: 'the MIC does not match the three messages' };
    }
  }
  return { ok: true, account: name };
}
