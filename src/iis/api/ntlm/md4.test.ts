import { describe, expect, it } from 'vitest';
import { md4 } from './md4';

/** The test suite of RFC 1320, appendix A.5: input text and its MD4 digest. */
const RFC_1320_VECTORS: Array<[string, string]> = [
  ['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
  ['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
  ['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
  ['message digest', 'd9130a8164549fe818874806e1c7014b'],
  ['abcdefghijklmnopqrstuvwxyz', 'd79e1c308aa5bbcdeea8ed63df412da9'],
  ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', '043f8582f241db351ce627e153e7f0e4'],
  [
    '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
    'e33b4ddc9c38f2199c3e7b164fcc0536',
  ],
];

describe('md4', () => {
  it.each(RFC_1320_VECTORS)('digests %j as RFC 1320 gives', (input, expected) => {
    expect(md4(Buffer.from(input, 'ascii')).toString('hex')).toBe(expected);
  });

  it('pads correctly around the block boundary', () => {
    // 55 bytes fit one block with padding, 56 need two; every length must give a distinct digest.
    const digests = new Set<string>();
    for (let length = 50; length <= 130; length += 1) {
      const digest = md4(Buffer.alloc(length, 0x61));
      expect(digest).toHaveLength(16);
      digests.add(digest.toString('hex'));
    }
    expect(digests.size).toBe(81);
  });

  it('does not change its input', () => {
    const input = Buffer.from('message digest', 'ascii');
    md4(input);
    expect(input.toString('ascii')).toBe('message digest');
  });
});
