/**
 * The NTLMv2 example of MS-NLMP (the NT LAN Manager Authentication Protocol specification)
 * section 4.2.4: its inputs (common to section 4.2.1), the results of sections 4.2.4.1 and
 * 4.2.4.2, and the CHALLENGE and AUTHENTICATE messages of section 4.2.4.3.
 */

/** Parses hex with any white space between the digits. */
export function hex(digits: string): Buffer {
  return Buffer.from(digits.replace(/\s+/g, ''), 'hex');
}

export const MS_NLMP_NTLMV2 = {
  user: 'User',
  domain: 'Domain',
  password: 'Password',
  workstation: 'COMPUTER',
  serverChallenge: hex('01 23 45 67 89 ab cd ef'),
  clientChallenge: hex('aa aa aa aa aa aa aa aa'),
  /** The example's Time: zero. */
  time: hex('00 00 00 00 00 00 00 00'),
  /** NegotiateFlags of the example's AUTHENTICATE message. */
  authenticateFlags: 0xe2888235,
  /** Version field of the example's AUTHENTICATE message. */
  authenticateVersion: hex('05 01 28 0a 00 00 00 0f'),
  /** Version field of the example's CHALLENGE message. */
  challengeVersion: hex('06 00 70 17 00 00 00 0f'),
  /** NegotiateFlags of the example's CHALLENGE message. */
  challengeFlags: 0xe28a8233,
  /** Section 4.2.4.1.1: NTOWFv2, which is also LMOWFv2. */
  responseKeyNt: hex('0c 86 8a 40 3b fd 7a 93 a3 00 1e f2 2e f0 2e 3f'),
  /** Section 4.2.4.1.2: the session base key. */
  sessionBaseKey: hex('8d e4 0c ca db c1 4a 82 f1 5c b0 ad 0d e9 5c a3'),
  /** Section 4.2.4.2.1: the LMv2 response. */
  lmV2Response: hex('86 c3 50 97 ac 9c ec 10 25 54 76 4a 57 cc cc 19 aa aa aa aa aa aa aa aa'),
  /** Section 4.2.4.2.2: NTProofStr, the first 16 bytes of the NTLMv2 response. */
  ntProofStr: hex('68 cd 0a b8 51 e5 1c 96 aa bc 92 7b eb ef 6a 1c'),
  /**
   * Section 4.2.4.2.3: the encrypted session key, RC4 of the example's RandomSessionKey. This
   * client negotiates no key exchange, so it is only copied into the message here.
   */
  encryptedSessionKey: hex('c5 da d2 54 4f c9 79 90 94 ce 1c e9 0b c9 d0 3e'),
  /** Target info of the CHALLENGE: MsvAvNbDomainName "Domain", MsvAvNbComputerName "Server", MsvAvEOL. */
  targetInfo: hex(`
    02 00 0c 00 44 00 6f 00 6d 00 61 00 69 00 6e 00
    01 00 0c 00 53 00 65 00 72 00 76 00 65 00 72 00
    00 00 00 00`),
  /** Section 4.2.4.3: the CHALLENGE message. */
  challengeMessage: hex(`
    4e 54 4c 4d 53 53 50 00 02 00 00 00 0c 00 0c 00
    38 00 00 00 33 82 8a e2 01 23 45 67 89 ab cd ef
    00 00 00 00 00 00 00 00 24 00 24 00 44 00 00 00
    06 00 70 17 00 00 00 0f 53 00 65 00 72 00 76 00
    65 00 72 00 02 00 0c 00 44 00 6f 00 6d 00 61 00
    69 00 6e 00 01 00 0c 00 53 00 65 00 72 00 76 00
    65 00 72 00 00 00 00 00`),
  /** Section 4.2.4.3: the AUTHENTICATE message. */
  authenticateMessage: hex(`
    4e 54 4c 4d 53 53 50 00 03 00 00 00 18 00 18 00
    6c 00 00 00 54 00 54 00 84 00 00 00 0c 00 0c 00
    48 00 00 00 08 00 08 00 54 00 00 00 10 00 10 00
    5c 00 00 00 10 00 10 00 d8 00 00 00 35 82 88 e2
    05 01 28 0a 00 00 00 0f 44 00 6f 00 6d 00 61 00
    69 00 6e 00 55 00 73 00 65 00 72 00 43 00 4f 00
    4d 00 50 00 55 00 54 00 45 00 52 00 86 c3 50 97
    ac 9c ec 10 25 54 76 4a 57 cc cc 19 aa aa aa aa
    aa aa aa aa 68 cd 0a b8 51 e5 1c 96 aa bc 92 7b
    eb ef 6a 1c 01 01 00 00 00 00 00 00 00 00 00 00
    00 00 00 00 aa aa aa aa aa aa aa aa 00 00 00 00
    02 00 0c 00 44 00 6f 00 6d 00 61 00 69 00 6e 00
    01 00 0c 00 53 00 65 00 72 00 76 00 65 00 72 00
    00 00 00 00 00 00 00 00 c5 da d2 54 4f c9 79 90
    94 ce 1c e9 0b c9 d0 3e`),
};
