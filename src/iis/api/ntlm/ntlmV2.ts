import { createHmac } from 'node:crypto';
import { md4 } from './md4';

/** The NTLMv2 computations of MS-NLMP section 3.3.2, and the MIC of section 3.1.5.1.2. */

/** Seconds between 1601-01-01 (the FILETIME epoch) and 1970-01-01. */
const FILETIME_EPOCH_OFFSET_SECONDS = 11_644_473_600n;

export function hmacMd5(key: Buffer, ...data: Buffer[]): Buffer {
  const hmac = createHmac('md5', key);
  data.forEach(part => hmac.update(part));
  return hmac.digest();
}

/**
 * Upper-cases a user name one UTF-16 code unit at a time, so that the length never changes (the
 * JavaScript rules turn "ß" into "SS"; Windows keeps it).
 */
// NOTE: Windows upper-cases with its own table (RtlUpcaseUnicodeString); letters whose
// JavaScript upper case differs from it would give another key. ASCII names are unaffected.
function upperCaseUserName(user: string): string {
  return Array.from(user, character => {
    const upper = character.toUpperCase();
    return upper.length === character.length ? upper : character;
  }).join('');
}

/** Computes the NT hash: MD4 of the UTF-16LE password. */
export function ntHash(password: string): Buffer {
  return md4(Buffer.from(password, 'utf16le'));
}

/** Computes NTOWFv2 (ResponseKeyNT, equal to ResponseKeyLM): HMAC-MD5 keyed with the NT hash over UPPER(user) + domain. */
export function ntowfV2(password: string, user: string, domain: string): Buffer {
  return hmacMd5(ntHash(password), Buffer.from(upperCaseUserName(user) + domain, 'utf16le'));
}

/** Encodes a time as a little-endian FILETIME: 100-nanosecond ticks since 1601-01-01 UTC. */
export function fileTime(date: Date): Buffer {
  const ticks = (BigInt(date.getTime()) + FILETIME_EPOCH_OFFSET_SECONDS * 1000n) * 10_000n;
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64LE(ticks);
  return buffer;
}

/**
 * Builds the NTLMv2_CLIENT_CHALLENGE structure, called `temp` in MS-NLMP 3.3.2: RespType and
 * HiRespType (1, 1), six zero bytes, the 8-byte timestamp, the 8-byte client challenge, four zero
 * bytes, the AV pairs (ending in MsvAvEOL) and four more zero bytes.
 */
export function buildClientChallengeBlob(timestamp: Buffer, clientChallenge: Buffer, avPairs: Buffer): Buffer {
  if (timestamp.length !== 8 || clientChallenge.length !== 8) {
    throw new RangeError('the timestamp and the client challenge must have 8 bytes each');
  }
  return Buffer.concat([
    Buffer.from([0x01, 0x01, 0, 0, 0, 0, 0, 0]),
    timestamp,
    clientChallenge,
    Buffer.alloc(4),
    avPairs,
    Buffer.alloc(4),
  ]);
}

export interface NtlmV2Response {
  /** HMAC-MD5(ResponseKeyNT, ServerChallenge + temp). */
  ntProofStr: Buffer;
  /** NTProofStr followed by temp: the NtChallengeResponse of the AUTHENTICATE message. */
  ntChallengeResponse: Buffer;
  /** HMAC-MD5(ResponseKeyNT, NTProofStr); without key exchange also the ExportedSessionKey. */
  sessionBaseKey: Buffer;
}

/** Computes the NTLMv2 response to `serverChallenge` for the client challenge structure `blob`. */
export function computeNtlmV2Response(responseKeyNt: Buffer, serverChallenge: Buffer, blob: Buffer): NtlmV2Response {
  const ntProofStr = hmacMd5(responseKeyNt, serverChallenge, blob);
  return {
    ntProofStr,
    ntChallengeResponse: Buffer.concat([ntProofStr, blob]),
    sessionBaseKey: hmacMd5(responseKeyNt, ntProofStr),
  };
}

/** Computes the LMv2 response: HMAC-MD5(ResponseKeyLM, ServerChallenge + ClientChallenge) followed by ClientChallenge. */
export function computeLmV2Response(responseKeyLm: Buffer, serverChallenge: Buffer, clientChallenge: Buffer): Buffer {
  return Buffer.concat([hmacMd5(responseKeyLm, serverChallenge, clientChallenge), clientChallenge]);
}

/**
 * Computes the MIC: HMAC-MD5 keyed with the ExportedSessionKey over the NEGOTIATE, CHALLENGE and
 * AUTHENTICATE messages, the last with its MIC field zero.
 */
export function computeMic(exportedSessionKey: Buffer, negotiate: Buffer, challenge: Buffer, authenticateWithZeroMic: Buffer): Buffer {
  return hmacMd5(exportedSessionKey, negotiate, challenge, authenticateWithZeroMic);
}
