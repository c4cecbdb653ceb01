import { hex } from './msNlmpVectors';

/**
 * A Windows 7 client authenticating with a MIC to a Windows Server 2008 R2 host, as the test data
 * of gss-ntlmssp (T_NTLMv2_CBT in tests/ntlmssptest.c) gives it. The account is
 * WS2008R2\Administrator with the password P@ssw0rd.
 *
 * That test data has no NEGOTIATE message, which the MIC covers. The one below is reconstructed:
 * flags 0xa2088207, empty domain and workstation fields and the client's Version 6.1.7600.
 * Together with the two published messages it reproduces the published MIC, which a wrong
 * NEGOTIATE message could not, short of an HMAC-MD5 collision.
 */
export const WINDOWS_7_EXAMPLE = {
  domain: 'WS2008R2',
  user: 'Administrator',
  password: 'P@ssw0rd',
  /** The NT hash that the test data gives for the password. */
  ntHash: hex('e1 9c cf 75 ee 54 e0 6b 06 a5 90 7a f1 3c ef 42'),
  /** MsvAvTimestamp of the CHALLENGE. */
  serverTimestamp: hex('7b e7 3f c3 0b de cd 01'),
  mic: hex('f0 54 a5 42 b0 90 b6 6c 1f ea 1a 2c c8 2e 93 0b'),
  /** Reconstructed, see above. */
  negotiateMessage: hex(`
    4e 54 4c 4d 53 53 50 00 01 00 00 00 07 82 08 a2
    00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
    06 01 b0 1d 00 00 00 0f`),
  challengeMessage: hex(`
    4e 54 4c 4d 53 53 50 00 02 00 00 00 10 00 10 00
    38 00 00 00 05 82 89 a2 a2 c5 e8 ca 30 84 aa 72
    00 00 00 00 00 00 00 00 b6 00 b6 00 48 00 00 00
    06 01 b0 1d 00 00 00 0f 57 00 53 00 32 00 30 00
    30 00 38 00 52 00 32 00 02 00 10 00 57 00 53 00
    32 00 30 00 30 00 38 00 52 00 32 00 01 00 16 00
    44 00 43 00 2d 00 57 00 53 00 32 00 30 00 30 00
    38 00 52 00 32 00 04 00 1c 00 77 00 73 00 32 00
    30 00 30 00 38 00 72 00 32 00 2e 00 6c 00 6f 00
    63 00 61 00 6c 00 03 00 34 00 44 00 43 00 2d 00
    77 00 73 00 32 00 30 00 30 00 38 00 72 00 32 00
    2e 00 77 00 73 00 32 00 30 00 30 00 38 00 72 00
    32 00 2e 00 6c 00 6f 00 63 00 61 00 6c 00 05 00
    1c 00 77 00 73 00 32 00 30 00 30 00 38 00 72 00
    32 00 2e 00 6c 00 6f 00 63 00 61 00 6c 00 07 00
    08 00 7b e7 3f c3 0b de cd 01 00 00 00 00`),
  authenticateMessage: hex(`
    4e 54 4c 4d 53 53 50 00 03 00 00 00 18 00 18 00
    94 00 00 00 7c 01 7c 01 ac 00 00 00 10 00 10 00
    58 00 00 00 1a 00 1a 00 68 00 00 00 12 00 12 00
    82 00 00 00 00 00 00 00 28 02 00 00 05 82 88 a2
    06 01 b0 1d 00 00 00 0f f0 54 a5 42 b0 90 b6 6c
    1f ea 1a 2c c8 2e 93 0b 57 00 53 00 32 00 30 00
    30 00 38 00 52 00 32 00 41 00 64 00 6d 00 69 00
    6e 00 69 00 73 00 74 00 72 00 61 00 74 00 6f 00
    72 00 57 00 49 00 4e 00 37 00 2d 00 32 00 2d 00
    50 00 43 00 00 00 00 00 00 00 00 00 00 00 00 00
    00 00 00 00 00 00 00 00 00 00 00 00 5a 6a 21 ae
    1a 44 c0 44 69 3e ee 59 fc 5d 81 e0 01 01 00 00
    00 00 00 00 7b e7 3f c3 0b de cd 01 27 fc 11 80
    82 c2 fb dd 00 00 00 00 02 00 10 00 57 00 53 00
    32 00 30 00 30 00 38 00 52 00 32 00 01 00 16 00
    44 00 43 00 2d 00 57 00 53 00 32 00 30 00 30 00
    38 00 52 00 32 00 04 00 1c 00 77 00 73 00 32 00
    30 00 30 00 38 00 72 00 32 00 2e 00 6c 00 6f 00
    63 00 61 00 6c 00 03 00 34 00 44 00 43 00 2d 00
    77 00 73 00 32 00 30 00 30 00 38 00 72 00 32 00
    2e 00 77 00 73 00 32 00 30 00 30 00 38 00 72 00
    32 00 2e 00 6c 00 6f 00 63 00 61 00 6c 00 05 00
    1c 00 77 00 73 00 32 00 30 00 30 00 38 00 72 00
    32 00 2e 00 6c 00 6f 00 63 00 61 00 6c 00 07 00
    08 00 7b e7 3f c3 0b de cd 01 06 00 04 00 02 00
    00 00 08 00 30 00 30 00 00 00 00 00 00 00 01 00
    00 00 00 20 00 00 4d 6b 0d 27 54 10 22 f5 ff a6
    73 da 2b fc fd f1 94 2f 25 7b e1 1a 49 c9 54 19
    7a ca 8a af 2e af 0a 00 10 00 65 86 e9 9d 81 c2
    fc 98 4e 47 17 2f d4 dd 03 10 09 00 3e 00 48 00
    54 00 54 00 50 00 2f 00 64 00 63 00 2d 00 77 00
    73 00 32 00 30 00 30 00 38 00 72 00 32 00 2e 00
    77 00 73 00 32 00 30 00 30 00 38 00 72 00 32 00
    2e 00 6c 00 6f 00 63 00 61 00 6c 00 00 00 00 00
    00 00 00 00 00 00 00 00`),
};
