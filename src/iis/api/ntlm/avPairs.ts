import { AV_FLAG_MIC_PRESENT, AvId } from './constants';
import { NtlmMessageError } from './messageFields';

/** One AV_PAIR of target info (MS-NLMP section 2.2.2.1): an AvId and its value. */
export interface AvPair {
  id: number;
  value: Buffer;
}

/** Parses target info into its AV pairs, without the closing MsvAvEOL. */
export function parseAvPairs(targetInfo: Buffer): AvPair[] {
  const pairs: AvPair[] = [];
  let offset = 0;
  while (offset + 4 <= targetInfo.length) {
    const id = targetInfo.readUInt16LE(offset);
    const length = targetInfo.readUInt16LE(offset + 2);
    offset += 4;
    if (id === AvId.EOL) {
      return pairs;
    }
    if (offset + length > targetInfo.length) {
      throw new NtlmMessageError(`target info entry ${id} (${length} bytes) ends after the target info`);
    }
    pairs.push({ id, value: Buffer.from(targetInfo.subarray(offset, offset + length)) });
    offset += length;
  }
  throw new NtlmMessageError('the target info has no MsvAvEOL entry at its end');
}

/** Encodes AV pairs and appends MsvAvEOL. */
export function encodeAvPairs(pairs: AvPair[]): Buffer {
  const parts: Buffer[] = [];
  for (const pair of pairs) {
    const header = Buffer.alloc(4);
    header.writeUInt16LE(pair.id, 0);
    header.writeUInt16LE(pair.value.length, 2);
    parts.push(header, pair.value);
  }
  parts.push(Buffer.alloc(4));
  return Buffer.concat(parts);
}

export function findAvPair(pairs: AvPair[], id: number): Buffer | undefined {
  return pairs.find(pair => pair.id === id)?.value;
}

/** Returns a copy of `pairs` whose MsvAvFlags has the MIC-present bit set, adding MsvAvFlags if missing. */
export function withMicPresentFlag(pairs: AvPair[]): AvPair[] {
  const existing = findAvPair(pairs, AvId.FLAGS);
  const flags = Buffer.alloc(4);
  flags.writeUInt32LE(((existing?.length === 4 ? existing.readUInt32LE(0) : 0) | AV_FLAG_MIC_PRESENT) >>> 0);
  const others = pairs.filter(pair => pair.id !== AvId.FLAGS);
  return [...others, { id: AvId.FLAGS, value: flags }];
}

/** Returns whether MsvAvFlags has the bit that announces a MIC in the AUTHENTICATE message. */
export function hasMicPresentFlag(pairs: AvPair[]): boolean {
  const flags = findAvPair(pairs, AvId.FLAGS);
  return flags !== undefined && flags.length === 4 && (flags.readUInt32LE(0) & AV_FLAG_MIC_PRESENT) !== 0;
}
