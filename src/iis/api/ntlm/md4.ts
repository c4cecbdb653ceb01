/**
 * MD4 (RFC 1320), which NTLM needs for the NT hash of a password. Node.js 20 links OpenSSL 3,
 * whose default provider has no MD4, so `crypto.createHash('md4')` fails there.
 */

const ROUND_2_CONSTANT = 0x5a827999;
const ROUND_3_CONSTANT = 0x6ed9eba1;

/** Word order and shift amounts of the three rounds, from RFC 1320 section 3.4. */
const ROUND_1_SHIFTS = [3, 7, 11, 19];
const ROUND_2_ORDER = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15];
const ROUND_2_SHIFTS = [3, 5, 9, 13];
const ROUND_3_ORDER = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15];
const ROUND_3_SHIFTS = [3, 9, 11, 15];

function rotateLeft(value: number, bits: number): number {
  return ((value << bits) | (value >>> (32 - bits))) >>> 0;
}

/** Returns the 16-byte MD4 digest of `data`. */
export function md4(data: Uint8Array): Buffer {
  // Padding: one 0x80 byte, zeros up to 56 bytes modulo 64, then the bit length (little-endian, 64 bits).
  const paddedLength = Math.ceil((data.length + 9) / 64) * 64;
  const message = Buffer.alloc(paddedLength);
  message.set(data);
  message[data.length] = 0x80;
  const bitLength = BigInt(data.length) * 8n;
  message.writeBigUInt64LE(bitLength & 0xffffffffffffffffn, paddedLength - 8);

  const state = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  const words = new Array<number>(16);

  for (let offset = 0; offset < paddedLength; offset += 64) {
    for (let i = 0; i < 16; i += 1) {
      words[i] = message.readUInt32LE(offset + i * 4);
    }
    let [a, b, c, d] = state;

    for (let i = 0; i < 16; i += 1) {
      const f = (b & c) | (~b & d);
      const next = rotateLeft((a + f + words[i]) >>> 0, ROUND_1_SHIFTS[i % 4]);
      [a, b, c, d] = [d, next, b, c];
    }
    for (let i = 0; i < 16; i += 1) {
      const g = (b & c) | (b & d) | (c & d);
      const next = rotateLeft((a + g + words[ROUND_2_ORDER[i]] + ROUND_2_CONSTANT) >>> 0, ROUND_2_SHIFTS[i % 4]);
      [a, b, c, d] = [d, next, b, c];
    }
    for (let i = 0; i < 16; i += 1) {
      const h = b ^ c ^ d;
      const next = rotateLeft((a + h + words[ROUND_3_ORDER[i]] + ROUND_3_CONSTANT) >>> 0, ROUND_3_SHIFTS[i % 4]);
      [a, b, c, d] = [d, next, b, c];
    }

    state[0] = (state[0] + a) >>> 0;
    state[1] = (state[1] + b) >>> 0;
    state[2] = (state[2] + c) >>> 0;
    state[3] = (state[3] + d) >>> 0;
  }

  const digest = Buffer.alloc(16);
  state.forEach((word, index) => digest.writeUInt32LE(word, index * 4));
  return digest;
}
